package org.dtls4j.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code dtls4j demo}: a DTLS 1.2 handshake (RFC 6347) narrated flight by flight, for learners.
 * By default a client and a server engine run in this process over an in-memory link with
 * simulated time ({@link SimulatedDemo}), so losses can be chosen and every run prints the same
 * sequence; {@code --udp} runs a real server and client on 127.0.0.1 instead ({@link UdpDemo}).
 * docs/LEARN.md has exercises built on these options.
 */
final class DemoCommand implements Command {
    static final List<String> MESSAGES = List.of("hello, DTLS", "datagrams keep their boundaries", "goodbye");

    @Override public String name() { return "demo"; }
    @Override public String synopsis() {
        return "[--psk] [--client-auth] [--mtu N] [--drop FLIGHT[,FLIGHT...]] [--loss P] [--bad-cookie] [--resume] [--cid N] [--ladder] [--ladder-file FILE.md] [--trace=bytes] [--udp]";
    }
    @Override public String description() {
        return "Run a client and a server in this process and show the handshake step by step.\n"
                + "Time is simulated and losses are chosen, so every run shows the same sequence.";
    }
    @Override public List<Option> options() {
        return List.of(
                Option.flag("psk", "a pre-shared key instead of a certificate (RFC 4279)"),
                Option.flag("client-auth", "the server asks for a client certificate (RFC 5246 §7.4.4)"),
                Option.value("mtu", "N", "largest datagram, 256 to 16384 bytes: big messages go in fragments (RFC 6347 §4.2.3)"),
                Option.value("drop", "LIST", "lose the first transmission of these flights, 1 to 6 (RFC 6347 §4.2.4)"),
                Option.flag("resume", "then a second connection resumes the session: the abbreviated handshake"),
                Option.value("loss", "P", "lose P percent (0 to 50) of the handshake's datagrams, drawn from a fixed seed"),
                Option.flag("bad-cookie", "the link changes one byte of the first cookie the client returns (RFC 6347 §4.2.1)"),
                Option.value("cid", "N", "both ends use Connection IDs of N bytes (RFC 9146): the trace shows the record format"),
                Option.flag("ladder", "end with a message-sequence diagram of every datagram"),
                Option.value("ladder-file", "FILE", "write that diagram to FILE as a Mermaid sequenceDiagram"),
                Option.flag("udp", "real UDP sockets on 127.0.0.1 and real time instead (takes only --cid)"),
                Option.optionalValue("trace", "LEVEL", "records (what is shown anyway) or bytes: also the hex of every record"));
    }

    @Override
    public int run(ParsedArgs args, Terminal terminal) throws UsageException, CommandFailure, InterruptedException {
        args.expectPositionals();
        int cid = args.has("cid") ? Values.integer("--cid", args.value("cid", ""), 0, 255) : -1;
        PrintStream out = terminal.out();
        if (args.has("udp")) {
            for (String o : List.of("psk", "client-auth", "mtu", "drop", "resume", "loss", "bad-cookie", "ladder",
                    "ladder-file", "trace")) {
                if (args.has(o)) {
                    throw new UsageException("--" + o + " needs the simulated link: leave out --udp");
                }
            }
            return UdpDemo.run(cid, out);
        }
        if (args.has("psk") && args.has("client-auth")) {
            throw new UsageException("--client-auth needs certificates: PSK handshakes have no CertificateRequest (RFC 4279 §2)");
        }
        int mtu = args.has("mtu") ? Values.integer("--mtu", args.value("mtu", ""), 256, 16384) : 1400;
        Set<Integer> drops = new TreeSet<>();
        if (args.has("drop")) {
            for (String f : Values.list(args.value("drop", ""), ",")) {
                drops.add(Values.integer("--drop", f, 1, 6));
            }
        }
        boolean hex = args.has("trace") && TraceLevel.parse(args.value("trace", "")) == TraceLevel.BYTES;
        int loss = args.has("loss") ? Values.integer("--loss", args.value("loss", ""), 0, 50) : 0;
        Path ladderFile = args.has("ladder-file") ? Path.of(args.value("ladder-file", "")) : null;
        return SimulatedDemo.run(new SimulatedDemo.Options(cid, args.has("psk"), mtu, drops, args.has("resume"),
                args.has("client-auth"), args.has("ladder"), ladderFile, loss, args.has("bad-cookie"), hex), out);
    }
}
