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

/**
 * Full handshakes per second of the JDK's {@code SSLEngine} ("DTLSv1.2", default providers), two
 * engines in memory (issue item 2). The JDK has no PSK suites, so only the certificate rows run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HandshakeJdkBenchmark {
    @Param({"ECDHE_ECDSA_P256", "ECDHE_ECDSA_X25519", "ECDHE_RSA"})
    public KeyExchange kx;

    private JdkPair pair;

    @Setup
    public void setUp() throws Exception {
        JdkPair.disableSessionTickets();
        pair = new JdkPair(kx, kx.suite().ianaName(), Peers.HANDSHAKE_MTU, new SecureRandom());
        pair.handshake();
        String suite = kx.suite().ianaName();
        if (!pair.negotiatedSuites().equals(java.util.List.of(suite, suite))) {
            throw new IllegalStateException("negotiated " + pair.negotiatedSuites());
        }
    }

    @Benchmark
    public Object fullHandshake(HandshakeCounters counters, CpuTime cpu) throws Exception {
        cpu.tick(CpuTime.EVERY);
        long before = pair.serverNanos();
        pair.handshake();
        counters.add(pair.serverNanos() - before);
        return pair.server();
    }
}
