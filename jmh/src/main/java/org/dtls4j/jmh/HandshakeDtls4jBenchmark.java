package org.dtls4j.jmh;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.dtls4j.handshake.DtlsConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Full dtls4j handshakes per second, two engines in memory (issue item 2): cookie exchange,
 * ClientHello to Finished, both sides, on one thread. {@code provider=BC} plugs Bouncy Castle's
 * JCA provider into both engines through {@code JcaProviders}; the certificate checks still use
 * the JDK's PKIX validator.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HandshakeDtls4jBenchmark {
    @Param({"ECDHE_ECDSA_P256", "ECDHE_ECDSA_X25519", "ECDHE_RSA", "PSK", "ECDHE_PSK"})
    public KeyExchange kx;

    @Param({"JDK", "BC"})
    public Providers provider;

    private DtlsConfig clientConfig;
    private Dtls4jPair pair;

    @Setup
    public void setUp() {
        clientConfig = Peers.dtls4jClient(kx, provider).build();
        pair = new Dtls4jPair(Peers.dtls4jServer(kx, provider).build(), new SecureRandom());
        pair.handshake(clientConfig);
        if (pair.client().negotiated().cipherSuite() != kx.suite()
                || kx.group() != null && pair.client().negotiated().group().orElse(null) != kx.group()) {
            throw new IllegalStateException("negotiated " + pair.client().negotiated());
        }
    }

    @Benchmark
    public Object fullHandshake(HandshakeCounters counters, CpuTime cpu) {
        cpu.tick(CpuTime.EVERY);
        long before = pair.serverNanos();
        pair.handshake(clientConfig);
        counters.add(pair.serverNanos() - before);
        return pair.server();
    }
}
