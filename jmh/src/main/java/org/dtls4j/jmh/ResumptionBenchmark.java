package org.dtls4j.jmh;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsSession;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Abbreviated handshakes per second, resuming by session ID (RFC 5246 §7.3; issue item 3), two
 * peers in memory, the server behind its cookie exchange in both stacks. Bouncy Castle is not
 * here: its {@code DTLSServerProtocol} (1.78.1) has no session resumption ("Currently no server
 * support for session resumption" in its source) and always runs a full handshake. The session comes
 * from one ECDHE-ECDSA P-256 handshake in the setup; every measured handshake offers it again.
 * Each setup checks that the server really resumed, so a silent fall-back to a full handshake
 * cannot pass for a fast resumption.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ResumptionBenchmark {
    private static final KeyExchange KX = KeyExchange.ECDHE_ECDSA_P256;

    /** dtls4j engines, with the JDK's or Bouncy Castle's JCA provider. */
    @State(Scope.Thread)
    public static class Dtls4j {
        @Param({"JDK", "BC"})
        public Providers provider;

        DtlsConfig clientConfig;
        Dtls4jPair pair;
        DtlsSession session;

        @Setup
        public void setUp() {
            clientConfig = Peers.dtls4jClient(KX, provider).build();
            pair = new Dtls4jPair(Peers.dtls4jServer(KX, provider).build(), new SecureRandom());
            pair.handshake(clientConfig);
            session = pair.client().negotiated().session();
            pair.resume(clientConfig, session);
            if (!pair.client().negotiated().resumed() || !pair.server().negotiated().resumed()) {
                throw new IllegalStateException("dtls4j did not resume");
            }
        }
    }

    /** JDK SSLEngines; tickets off, so the JDK resumes by session ID. */
    @State(Scope.Thread)
    public static class Jdk {
        JdkPair pair;

        @Setup
        public void setUp() throws Exception {
            JdkPair.disableSessionTickets();
            pair = new JdkPair(KX, KX.suite().ianaName(), Peers.HANDSHAKE_MTU, new SecureRandom());
            pair.handshakeWithPeer();
            byte[] first = pair.client().getSession().getId();
            pair.handshakeWithPeer();
            byte[] second = pair.server().getSession().getId();
            if (first.length == 0 || !Arrays.equals(first, second)) {
                throw new IllegalStateException("the JDK did not resume the session");
            }
        }
    }

    @Benchmark
    public Object dtls4j(Dtls4j s, CpuTime cpu) {
        cpu.tick(CpuTime.EVERY);
        s.pair.resume(s.clientConfig, s.session);
        return s.pair.server();
    }

    @Benchmark
    public Object jdk(Jdk s, CpuTime cpu) throws Exception {
        cpu.tick(CpuTime.EVERY);
        s.pair.handshakeWithPeer();
        return s.pair.server();
    }
}
