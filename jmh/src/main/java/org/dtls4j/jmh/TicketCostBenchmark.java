package org.dtls4j.jmh;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What a session ticket (RFC 5077) costs the server against the other two ways a client can
 * arrive ({@link TicketPeers}): a full ECDHE-ECDSA P-256 handshake, an abbreviated handshake by
 * session ID and one by ticket, against one server configuration with tickets on. The server's CPU
 * per handshake is {@code serverNanos / handshakes}; {@code cpuNanos / cpuOps} is both sides
 * together. On a shared machine {@code TicketCostPaired} gives steadier ratios: it alternates the
 * three in blocks in one JVM.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TicketCostBenchmark {
    @Param({"JDK", "BC"})
    public Providers provider;

    private TicketPeers peers;

    @Setup
    public void setUp() {
        peers = new TicketPeers(provider);
    }

    @Benchmark
    public long fullHandshake(HandshakeCounters counters, CpuTime cpu) {
        cpu.tick(CpuTime.EVERY);
        long nanos = peers.full();
        counters.add(nanos);
        return nanos;
    }

    @Benchmark
    public long resumeBySessionId(HandshakeCounters counters, CpuTime cpu) {
        cpu.tick(CpuTime.EVERY);
        long nanos = peers.bySessionId();
        counters.add(nanos);
        return nanos;
    }

    @Benchmark
    public long resumeByTicket(HandshakeCounters counters, CpuTime cpu) {
        cpu.tick(CpuTime.EVERY);
        long nanos = peers.byTicket();
        counters.add(nanos);
        return nanos;
    }
}
