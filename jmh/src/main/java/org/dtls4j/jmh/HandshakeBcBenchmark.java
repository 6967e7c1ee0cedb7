package org.dtls4j.jmh;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Full Bouncy Castle DTLS handshakes per second over {@link MemoryTransport} (issue item 2), with
 * BC's JCA crypto (JDK providers) and with its own crypto. The server runs on a helper thread
 * (BC's protocol classes block); {@code serverNanos} is that thread's CPU time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HandshakeBcBenchmark {
    @Param({"ECDHE_ECDSA_P256", "ECDHE_ECDSA_X25519", "ECDHE_RSA", "PSK", "ECDHE_PSK"})
    public KeyExchange kx;

    @Param({"JCA", "BC"})
    public BcPair.Crypto crypto;

    private BcPair pair;

    @Setup
    public void setUp() throws Exception {
        pair = new BcPair(crypto, kx, kx.suiteCode(), Peers.HANDSHAKE_MTU);
        pair.handshake();
    }

    @Benchmark
    public Object fullHandshake(HandshakeCounters counters, CpuTime cpu) throws Exception {
        cpu.tick(CpuTime.EVERY);
        long before = pair.serverCpuNanos();
        pair.handshake();
        counters.add(pair.serverCpuNanos() - before);
        return pair.server();
    }

    @TearDown
    public void tearDown() {
        pair.close();
    }
}
