#!/usr/bin/env python3
"""Turns the JMH JSON files that run.sh writes into Markdown tables with the issue's ratios.

    python3 jmh/summarize.py jmh/results/quick-17.0.15 > summary.md

Reads records.json, handshakes.json, floor.json, resumption.json, sockets.json, storm.json and
memory.txt from the directory, whichever exist.
"""
import json
import os
import sys

CIPHERS = ["AES_128_GCM", "AES_256_GCM", "CHACHA20_POLY1305", "AES_128_CCM_8"]
KXS = ["ECDHE_ECDSA_P256", "ECDHE_ECDSA_X25519", "ECDHE_RSA", "PSK", "ECDHE_PSK"]

# The JCA operations each side of a handshake needs (HandshakeFloorBenchmark method names).
SERVER_FLOOR = {
    "ECDHE_ECDSA_P256": ["p256KeyGen", "ecdsaP256Sign", "p256Agree", "prfAndFinished"],
    "ECDHE_ECDSA_X25519": ["x25519KeyGen", "ecdsaP256Sign", "x25519Agree", "prfAndFinished"],
    "ECDHE_RSA": ["p256KeyGen", "rsa2048PssSign", "p256Agree", "prfAndFinished"],
    "PSK": ["prfAndFinished"],
    "ECDHE_PSK": ["p256KeyGen", "p256Agree", "prfAndFinished"],
}
CLIENT_FLOOR = {
    "ECDHE_ECDSA_P256": ["p256KeyGen", "p256Agree", "ecdsaP256Verify", "ecdsaP256Verify", "prfAndFinished"],
    "ECDHE_ECDSA_X25519": ["x25519KeyGen", "x25519Agree", "ecdsaP256Verify", "ecdsaP256Verify", "prfAndFinished"],
    "ECDHE_RSA": ["p256KeyGen", "p256Agree", "rsa2048PssVerify", "rsa2048PssVerify", "prfAndFinished"],
    "PSK": ["prfAndFinished"],
    "ECDHE_PSK": ["p256KeyGen", "p256Agree", "prfAndFinished"],
}


def load(directory, name):
    path = os.path.join(directory, name + ".json")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        text = f.read()
    return json.loads(text) if text.strip() else []


def short(benchmark):
    parts = benchmark.split(".")
    return parts[-2] + "." + parts[-1]


def find(results, bench, **params):
    for r in results:
        if short(r["benchmark"]) != bench:
            continue
        p = r.get("params", {})
        if all(p.get(k) == v for k, v in params.items()):
            return r
    return None


def score(r):
    return None if r is None else r["primaryMetric"]["score"]


def err(r):
    if r is None:
        return None
    e = r["primaryMetric"].get("scoreError")
    return None if e is None or e != e else e  # NaN when only one iteration


def secondary(r, name):
    if r is None:
        return None
    m = r.get("secondaryMetrics", {}).get(name)
    return None if m is None else m["score"]


def fmt(value, digits=0):
    if value is None:
        return "n/a"
    return f"{value:,.{digits}f}"


def with_err(r, digits=0):
    if r is None:
        return "n/a"
    e = err(r)
    return fmt(score(r), digits) + ("" if e is None else " ± " + fmt(e, digits))


def ratio(a, b, digits=2):
    if a is None or b is None or b == 0:
        return "n/a"
    return f"{a / b:.{digits}f}x"


def alloc(r):
    return secondary(r, "gc.alloc.rate.norm")


def cpu(r):
    """CPU nanoseconds of the benchmark thread per operation (CpuTime counters)."""
    n, ops = secondary(r, "cpuNanos"), secondary(r, "cpuOps")
    return None if not ops or n is None else n / ops


def engine(results, c, ps):
    """The engine row: the caller-owned-buffer methods (api=buffers) where the run has them."""
    return (find(results, "RecordEngineBenchmark.sendAndReceive", cipher=c, payload=ps, api="buffers")
            or find(results, "RecordEngineBenchmark.sendAndReceive", cipher=c, payload=ps))


def record_cells(results, c, ps):
    return (find(results, "RecordFloorBenchmark.sealAndOpen", cipher=c, payload=ps),
            find(results, "RecordDtls4jBenchmark.writeAndRead", cipher=c, payload=ps, provider="JDK"),
            engine(results, c, ps),
            find(results, "RecordJdkBenchmark.wrapAndUnwrap", cipher=c, payload=ps),
            find(results, "RecordBcBenchmark.sendAndReceive", cipher=c, payload=ps, crypto="JCA"),
            find(results, "RecordBcBenchmark.sendAndReceive", cipher=c, payload=ps, crypto="BC"))


def records_section(results):
    payloads = sorted({int(r["params"]["payload"]) for r in results if "payload" in r.get("params", {})})
    out = ["## Records: seal + open of one record, CPU ns/op of the benchmark thread (lower is better)", "",
           "Ratios are against the JCA floor of the same row.", ""]
    out.append("| cipher | payload | JCA floor | dtls4j record layer | ratio | dtls4j engine | ratio "
               "| JDK SSLEngine | ratio | BC (JCA) | ratio | BC (own) | ratio |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for c in CIPHERS:
        for p in payloads:
            cells = record_cells(results, c, str(p))
            if cells[0] is None:
                continue
            f = cpu(cells[0])
            row = f"| {c} | {p} | {fmt(f)} |"
            for x in cells[1:]:
                row += f" {fmt(cpu(x))} | {ratio(cpu(x), f)} |"
            out.append(row)
    out += ["", "## Records: JMH wall-clock score (ns/op ± 99.9% error)", ""]
    out.append("| cipher | payload | JCA floor | dtls4j record layer | ratio | dtls4j engine | ratio "
               "| JDK SSLEngine | ratio | BC (JCA) | ratio | BC (own) | ratio |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for c in CIPHERS:
        for p in payloads:
            ps = str(p)
            floor = find(results, "RecordFloorBenchmark.sealAndOpen", cipher=c, payload=ps)
            if floor is None:
                continue
            rec = find(results, "RecordDtls4jBenchmark.writeAndRead", cipher=c, payload=ps, provider="JDK")
            eng = engine(results, c, ps)
            jdk = find(results, "RecordJdkBenchmark.wrapAndUnwrap", cipher=c, payload=ps)
            bcj = find(results, "RecordBcBenchmark.sendAndReceive", cipher=c, payload=ps, crypto="JCA")
            bcb = find(results, "RecordBcBenchmark.sendAndReceive", cipher=c, payload=ps, crypto="BC")
            f = score(floor)
            out.append(f"| {c} | {p} | {with_err(floor)} | {with_err(rec)} | {ratio(score(rec), f)} "
                       f"| {with_err(eng)} | {ratio(score(eng), f)} | {with_err(jdk)} | {ratio(score(jdk), f)} "
                       f"| {with_err(bcj)} | {ratio(score(bcj), f)} | {with_err(bcb)} | {ratio(score(bcb), f)} |")
    if any(alloc(r) is not None for r in results):
        out += ["", "Allocation per record (bytes/op, `-prof gc` gc.alloc.rate.norm):", ""]
        out.append("| cipher | payload | JCA floor | dtls4j record layer | minus floor | dtls4j engine "
                   "| JDK SSLEngine | BC (JCA) | BC (own) |")
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for c in CIPHERS:
            for p in payloads:
                ps = str(p)
                floor = find(results, "RecordFloorBenchmark.sealAndOpen", cipher=c, payload=ps)
                if floor is None:
                    continue
                rec = find(results, "RecordDtls4jBenchmark.writeAndRead", cipher=c, payload=ps, provider="JDK")
                eng = engine(results, c, ps)
                jdk = find(results, "RecordJdkBenchmark.wrapAndUnwrap", cipher=c, payload=ps)
                bcj = find(results, "RecordBcBenchmark.sendAndReceive", cipher=c, payload=ps, crypto="JCA")
                bcb = find(results, "RecordBcBenchmark.sendAndReceive", cipher=c, payload=ps, crypto="BC")
                diff = None if alloc(rec) is None or alloc(floor) is None else alloc(rec) - alloc(floor)
                out.append(f"| {c} | {p} | {fmt(alloc(floor))} | {fmt(alloc(rec))} | {fmt(diff)} "
                           f"| {fmt(alloc(eng))} | {fmt(alloc(jdk))} | {fmt(alloc(bcj))} | {fmt(alloc(bcb))} |")
    return out


def floor_sum(floor, provider, ops):
    total = 0.0
    for op in ops:
        r = find(floor, "HandshakeFloorBenchmark." + op, provider=provider)
        if r is None:
            return None
        c = cpu(r)
        total += (c / 1000) if c is not None else score(r)
    return total


def per_cpu_second(r):
    c = cpu(r)
    if c is None:
        return None
    if "HandshakeBc" in r["benchmark"]:
        c += server_us(r) * 1000  # the server's thread
    return 1e9 / c


def server_us(r):
    h, n = secondary(r, "handshakes"), secondary(r, "serverNanos")
    return None if not h or n is None else n / h / 1000


def handshakes_section(results, floor):
    out = ["## Full handshakes per second (two peers in memory, higher is better)", ""]
    out.append("Handshakes per CPU-second: 1 / (CPU time of both peers per handshake; for BC the client "
               "thread plus the server thread).")
    out.append("")
    out.append("| key exchange | dtls4j (JDK JCA) | dtls4j (BC JCA) | JDK SSLEngine | BC (JCA) | BC (own) "
               "| dtls4j BC JCA / JDK SSLEngine | dtls4j JDK JCA / JDK SSLEngine |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|")
    for kx in KXS:
        cells = [find(results, "HandshakeDtls4jBenchmark.fullHandshake", kx=kx, provider="JDK"),
                 find(results, "HandshakeDtls4jBenchmark.fullHandshake", kx=kx, provider="BC"),
                 find(results, "HandshakeJdkBenchmark.fullHandshake", kx=kx),
                 find(results, "HandshakeBcBenchmark.fullHandshake", kx=kx, crypto="JCA"),
                 find(results, "HandshakeBcBenchmark.fullHandshake", kx=kx, crypto="BC")]
        if all(x is None for x in cells):
            continue
        rates = [per_cpu_second(x) for x in cells]
        out.append(f"| {kx} | " + " | ".join(fmt(r, 1) for r in rates)
                   + f" | {ratio(rates[1], rates[2])} | {ratio(rates[0], rates[2])} |")
    out += ["", "JMH wall-clock score (handshakes/s ± 99.9% error):", ""]
    out.append("| key exchange | dtls4j (JDK JCA) | dtls4j (BC JCA) | JDK SSLEngine | BC (JCA) | BC (own) "
               "| dtls4j BC JCA / JDK SSLEngine | dtls4j JDK JCA / JDK SSLEngine |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|")
    for kx in KXS:
        d_jdk = find(results, "HandshakeDtls4jBenchmark.fullHandshake", kx=kx, provider="JDK")
        d_bc = find(results, "HandshakeDtls4jBenchmark.fullHandshake", kx=kx, provider="BC")
        jdk = find(results, "HandshakeJdkBenchmark.fullHandshake", kx=kx)
        bcj = find(results, "HandshakeBcBenchmark.fullHandshake", kx=kx, crypto="JCA")
        bcb = find(results, "HandshakeBcBenchmark.fullHandshake", kx=kx, crypto="BC")
        if all(x is None for x in (d_jdk, d_bc, jdk, bcj, bcb)):
            continue
        out.append(f"| {kx} | {with_err(d_jdk, 1)} | {with_err(d_bc, 1)} | {with_err(jdk, 1)} | {with_err(bcj, 1)} "
                   f"| {with_err(bcb, 1)} | {ratio(score(d_bc), score(jdk))} | {ratio(score(d_jdk), score(jdk))} |")
    out += ["", "Server CPU per handshake (µs; `serverNanos / handshakes`) against the JCA floor of the server's "
            "operations (HandshakeFloorBenchmark, same provider). Overhead = server CPU - server floor.", ""]
    out.append("| key exchange | provider | dtls4j server | server floor | dtls4j overhead | JDK SSLEngine server "
               "| BC server | full floor (both sides) | floor handshakes/s |")
    out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for kx in KXS:
        for prov, bc_crypto in (("JDK", "JCA"), ("BC", "BC")):
            d = find(results, "HandshakeDtls4jBenchmark.fullHandshake", kx=kx, provider=prov)
            if d is None:
                continue
            jdk = find(results, "HandshakeJdkBenchmark.fullHandshake", kx=kx) if prov == "JDK" else None
            bc = find(results, "HandshakeBcBenchmark.fullHandshake", kx=kx, crypto=bc_crypto)
            sf = floor_sum(floor, prov, SERVER_FLOOR[kx])
            cf = floor_sum(floor, prov, CLIENT_FLOOR[kx])
            full = None if sf is None or cf is None else sf + cf
            su = server_us(d)
            over = None if su is None or sf is None else su - sf
            out.append(f"| {kx} | {prov} | {fmt(su, 1)} | {fmt(sf, 1)} | {fmt(over, 1)} | {fmt(server_us(jdk), 1)} "
                       f"| {fmt(server_us(bc), 1)} | {fmt(full, 1)} | {fmt(None if not full else 1e6 / full, 1)} |")
    if any(alloc(r) is not None for r in results):
        out += ["", "Allocation per handshake, both sides (KiB/op, `-prof gc`):", ""]
        out.append("| key exchange | dtls4j (JDK JCA) | dtls4j (BC JCA) | JDK SSLEngine | BC (JCA) | BC (own) |")
        out.append("|---|---:|---:|---:|---:|---:|")
        for kx in KXS:
            cells = [find(results, "HandshakeDtls4jBenchmark.fullHandshake", kx=kx, provider="JDK"),
                     find(results, "HandshakeDtls4jBenchmark.fullHandshake", kx=kx, provider="BC"),
                     find(results, "HandshakeJdkBenchmark.fullHandshake", kx=kx),
                     find(results, "HandshakeBcBenchmark.fullHandshake", kx=kx, crypto="JCA"),
                     find(results, "HandshakeBcBenchmark.fullHandshake", kx=kx, crypto="BC")]
            out.append(f"| {kx} | " + " | ".join(fmt(None if alloc(c) is None else alloc(c) / 1024, 1) for c in cells) + " |")
    return out


def floor_section(floor):
    out = ["## JCA floor of the handshake operations (µs/op, lower is better)", ""]
    ops = sorted({short(r["benchmark"]).split(".")[1] for r in floor})
    out.append("| operation | JDK providers, CPU | wall (JMH) | Bouncy Castle provider, CPU | wall (JMH) |")
    out.append("|---|---:|---:|---:|---:|")
    for op in ops:
        j = find(floor, 'HandshakeFloorBenchmark.' + op, provider='JDK')
        b = find(floor, 'HandshakeFloorBenchmark.' + op, provider='BC')
        out.append(f"| {op} | {fmt(None if cpu(j) is None else cpu(j) / 1000, 1)} | {with_err(j, 1)} "
                   f"| {fmt(None if cpu(b) is None else cpu(b) / 1000, 1)} | {with_err(b, 1)} |")
    return out


def resumption_section(results):
    out = ["## Resumed handshakes per second (session ID, ECDHE-ECDSA P-256 session)", ""]
    out.append("| stack | handshakes per CPU-second | wall-clock handshakes/s (JMH) |")
    out.append("|---|---:|---:|")
    for name, bench, params in (("dtls4j, JDK JCA", "ResumptionBenchmark.dtls4j", {"provider": "JDK"}),
                                ("dtls4j, BC JCA", "ResumptionBenchmark.dtls4j", {"provider": "BC"}),
                                ("JDK SSLEngine", "ResumptionBenchmark.jdk", {})):
        r = find(results, bench, **params)
        out.append(f"| {name} | {fmt(per_cpu_second(r), 1)} | {with_err(r, 1)} |")
    d = per_cpu_second(find(results, "ResumptionBenchmark.dtls4j", provider="JDK"))
    j = per_cpu_second(find(results, "ResumptionBenchmark.jdk"))
    out += ["", f"dtls4j (JDK JCA) / JDK SSLEngine, per CPU-second: {ratio(d, j)}"]
    return out


def sockets_section(sockets, storm):
    out = ["## Sockets (loopback)", ""]
    d = find(sockets, "SocketBenchmark.dtlsConnection")
    p = find(sockets, "SocketBenchmark.datagramChannel")
    out.append("| path | 1,200-byte datagrams/s | lost |")
    out.append("|---|---:|---:|")
    out.append(f"| DtlsConnection | {with_err(d)} | {fmt(secondary(d, 'lost'))} |")
    out.append(f"| DatagramChannel | {with_err(p)} | {fmt(secondary(p, 'lost'))} |")
    out += ["", f"DtlsConnection / DatagramChannel: {ratio(score(d), score(p))}", ""]
    if storm:
        out.append("| clients | key exchange | provider | handshakes/s |")
        out.append("|---:|---|---|---:|")
        for r in storm:
            if not short(r["benchmark"]).endswith("round"):
                continue
            pr = r["params"]
            out.append(f"| {pr['clients']} | {pr['kx']} | {pr['provider']} | {fmt(secondary(r, 'handshakes'), 1)} |")
    return out


def main():
    directory = sys.argv[1]
    records = load(directory, "records")
    handshakes = load(directory, "handshakes")
    floor = load(directory, "floor")
    resumption = load(directory, "resumption")
    sockets = load(directory, "sockets")
    storm = load(directory, "storm")
    lines = [f"# Benchmark summary: {os.path.basename(os.path.normpath(directory))}", ""]
    if records:
        lines += records_section(records) + [""]
    if handshakes:
        lines += handshakes_section(handshakes, floor) + [""]
    if floor:
        lines += floor_section(floor) + [""]
    if resumption:
        lines += resumption_section(resumption) + [""]
    if sockets or storm:
        lines += sockets_section(sockets, storm) + [""]
    memory = os.path.join(directory, "memory.txt")
    if os.path.exists(memory):
        lines += ["## Memory per established connection (server side)", "", "```"]
        with open(memory) as f:
            lines += [l.rstrip() for l in f if l.startswith(("stack=", "retained"))]
        lines += ["```", ""]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
