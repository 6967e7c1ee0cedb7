package org.dtls4j.handshake.jdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.dtls4j.crypto.CipherSuite;

import org.dtls4j.handshake.DeterministicRandom;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.TestPeers;
import org.dtls4j.handshake.TestPeers.Auth;
import org.dtls4j.credentials.CaAndLeaf;
import org.dtls4j.credentials.Credentials;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * dtls4j against the JDK's own DTLS 1.2 ({@code SSLContext.getInstance("DTLSv1.2")}), in process and
 * in memory: datagrams are handed across by hand, no sockets. Both roles, every suite the JDK's DTLS
 * offers (ECDHE with AES-GCM, ChaCha20-Poly1305 and AES-128-CBC; the JDK has no CCM and no PSK),
 * with and without client certificates, and application data both ways.
 *
 * <p>The JDK does not speak encrypt_then_mac (RFC 7366), so the CBC suites run MAC-then-encrypt,
 * with dtls4j's {@code allowMacThenEncrypt(true)}: the JDK's client does not offer the extension,
 * and its server ignores dtls4j's offer.
 */
class JdkSslEngineInteropTest {
    private static final int MAX_STEPS = 10_000;

    static Stream<Arguments> cells() {
        List<Arguments> out = new ArrayList<>();
        for (CipherSuite s : CipherSuite.values()) {
            if (!s.keyExchange().usesCertificate() || s.cipher().name().contains("CCM")) {
                continue;
            }
            for (boolean dtls4jIsClient : new boolean[] {true, false}) {
                for (Auth a : Auth.values()) {
                    out.add(Arguments.of(s, dtls4jIsClient ? "dtls4j client" : "dtls4j server", a));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cells")
    void handshakeAndDataWithJdk(CipherSuite suite, String role, Auth auth) throws Exception {
        boolean dtls4jIsClient = role.equals("dtls4j client");
        SSLEngine jdk = jdkEngine(suite, !dtls4jIsClient, auth);
        DtlsEngine ours = dtls4jIsClient
                ? DtlsEngine.client(TestPeers.client(suite, auth).maxDatagramSize(1400).allowMacThenEncrypt(true).build(),
                        new DeterministicRandom(3))
                : DtlsEngine.serverWithoutCookie(TestPeers.server(suite, auth).maxDatagramSize(1400).allowMacThenEncrypt(true)
                        .build(), new DeterministicRandom(4));
        Pair pair = new Pair(ours, jdk);
        ours.start(0);
        jdk.beginHandshake();
        pair.run(() -> ours.state() == EngineState.CONNECTED && !handshaking(jdk));

        assertEquals(EngineState.CONNECTED, ours.state(), () -> "dtls4j: " + ours.failure());
        assertEquals(suite.ianaName(), jdk.getSession().getCipherSuite());
        assertEquals(suite, ours.negotiated().cipherSuite());
        assertFalse(ours.negotiated().encryptThenMac(), "the JDK has no encrypt_then_mac");
        if (auth == Auth.MUTUAL) {
            if (dtls4jIsClient) {
                assertNotNull(jdk.getSession().getPeerCertificates()[0]);
            } else {
                assertFalse(ours.negotiated().peerCertificates().isEmpty());
            }
        }
        byte[] fromUs = "hello from dtls4j".getBytes();
        byte[] fromJdk = new byte[1200];
        new java.util.Random(1).nextBytes(fromJdk);
        ours.send(fromUs);
        pair.jdkSend(fromJdk);
        pair.run(() -> pair.jdkReceived.size() == 1 && pair.oursReceived.size() == 1);
        assertArrayEquals(fromUs, pair.jdkReceived.get(0));
        assertArrayEquals(fromJdk, pair.oursReceived.get(0));
    }

    private static boolean handshaking(SSLEngine e) {
        SSLEngineResult.HandshakeStatus s = e.getHandshakeStatus();
        return s != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING && s != SSLEngineResult.HandshakeStatus.FINISHED;
    }

    private static SSLEngine jdkEngine(CipherSuite suite, boolean client, Auth auth) throws Exception {
        CaAndLeaf pki = TestPeers.pkiFor(suite);
        Credentials own = client ? TestPeers.CLIENT : pki.leaf();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        if (!client || auth == Auth.MUTUAL) {
            List<java.security.cert.X509Certificate> chain = client ? List.of(own.leaf(), TestPeers.ECDSA.ca()) : pki.chain();
            ks.setKeyEntry("me", own.privateKey(), new char[0], chain.toArray(new java.security.cert.Certificate[0]));
        }
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("ca", client ? pki.ca() : TestPeers.ECDSA.ca());
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
        kmf.init(ks, new char[0]);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("DTLSv1.2");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
        SSLEngine e = client ? ctx.createSSLEngine("localhost", 4433) : ctx.createSSLEngine();
        e.setUseClientMode(client);
        SSLParameters p = e.getSSLParameters();
        p.setCipherSuites(new String[] {suite.ianaName()});
        p.setMaximumPacketSize(1400);
        if (!client && auth == Auth.MUTUAL) {
            p.setNeedClientAuth(true);
        }
        e.setSSLParameters(p);
        return e;
    }

    /** Moves datagrams between the two engines until a condition holds. */
    private static final class Pair {
        final DtlsEngine ours;
        final SSLEngine jdk;
        final ArrayDeque<ByteBuffer> toJdk = new ArrayDeque<>();
        final List<byte[]> jdkReceived = new ArrayList<>();
        final List<byte[]> oursReceived = new ArrayList<>();
        final ByteBuffer app = ByteBuffer.allocate(1 << 16);
        final ByteBuffer net = ByteBuffer.allocate(1 << 16);
        long now;

        Pair(DtlsEngine ours, SSLEngine jdk) {
            this.ours = ours;
            this.jdk = jdk;
        }

        void run(java.util.function.BooleanSupplier done) throws Exception {
            for (int step = 0; step < MAX_STEPS && !done.getAsBoolean(); step++) {
                assertFalse(ours.state() == EngineState.FAILED, () -> "dtls4j failed: " + ours.failure());
                now += 1_000_000;
                ByteBuffer d;
                while ((d = ours.pollDatagram()) != null) {
                    toJdk.add(d);
                }
                ByteBuffer in;
                while ((in = ours.pollApplicationData()) != null) {
                    byte[] b = new byte[in.remaining()];
                    in.get(b);
                    oursReceived.add(b);
                }
                if (!toJdk.isEmpty()) {
                    unwrap(toJdk.poll());
                    continue;
                }
                SSLEngineResult.HandshakeStatus hs = jdk.getHandshakeStatus();
                if (hs == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                    Runnable t;
                    while ((t = jdk.getDelegatedTask()) != null) {
                        t.run();
                    }
                } else if (hs == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                    wrap(ByteBuffer.allocate(0));
                } else if (hs == SSLEngineResult.HandshakeStatus.NEED_UNWRAP_AGAIN) {
                    unwrap(ByteBuffer.allocate(0));
                } else if (ours.nextDeadlineNanos() != Long.MAX_VALUE && toJdk.isEmpty()) {
                    now = Math.max(now, ours.nextDeadlineNanos());
                    ours.onDeadline(now);
                }
            }
            assertTrue(done.getAsBoolean(), () -> "did not finish: dtls4j " + ours.state() + " " + ours.failure()
                    + ", JDK " + jdk.getHandshakeStatus());
        }

        void jdkSend(byte[] data) throws Exception {
            wrap(ByteBuffer.wrap(data));
        }

        private void wrap(ByteBuffer src) throws Exception {
            net.clear();
            SSLEngineResult r = jdk.wrap(src, net);
            net.flip();
            if (net.hasRemaining()) {
                byte[] b = new byte[net.remaining()];
                net.get(b);
                ours.receive(b, now);
            }
            runTasks(r);
        }

        private void unwrap(ByteBuffer datagram) throws Exception {
            app.clear();
            SSLEngineResult r = jdk.unwrap(datagram, app);
            app.flip();
            if (app.hasRemaining()) {
                byte[] b = new byte[app.remaining()];
                app.get(b);
                jdkReceived.add(b);
            }
            runTasks(r);
            if (datagram.hasRemaining() && r.bytesConsumed() > 0) {
                unwrap(datagram);
            }
        }

        private void runTasks(SSLEngineResult r) {
            if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                Runnable t;
                while ((t = jdk.getDelegatedTask()) != null) {
                    t.run();
                }
            }
        }
    }

}
