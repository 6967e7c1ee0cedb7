package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.ClientAuth;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.transport.DtlsClient;
import org.dtls4j.transport.DtlsConnection;
import org.dtls4j.transport.DtlsServer;
import org.dtls4j.transport.ServerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * dtls4j's AES-128-CBC suites against Eclipse Californium Scandium 3.13, the DTLS of many LwM2M
 * and CoAP deployments, both roles: TLS_PSK, TLS_ECDHE_PSK and TLS_ECDHE_ECDSA with
 * AES_128_CBC_SHA256, the CBC suites Scandium has. Scandium does not speak encrypt_then_mac
 * (RFC 7366), so these run MAC-then-encrypt, which the dtls4j side allows
 * ({@code allowMacThenEncrypt(true)}); without it a dtls4j client refuses Scandium's choice.
 * Certificate suites authenticate both sides (Scandium's server requires a client certificate).
 */
@Timeout(60)
class Dtls4jScandiumCbcTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    static Stream<Suite> suites() {
        return Stream.of(Suite.values()).filter(Suite::inScandium);
    }

    /** The dtls4j side of {@code suite}, MAC-then-encrypt allowed as {@code allow} says. */
    private static DtlsConfig.Builder dtls4j(Suite suite, boolean server, boolean allow) {
        DtlsConfig.Builder b = DtlsConfig.builder().cipherSuites(CipherSuite.fromId(suite.code()).orElseThrow())
                .allowMacThenEncrypt(allow);
        TestPki pki = TestPki.get();
        byte[] identity = ScandiumPeer.PSK_IDENTITY.getBytes(StandardCharsets.UTF_8);
        if (suite.mode() == InteropCase.Mode.PSK && server) {
            b.pskStore(id -> MessageDigest.isEqual(id, identity) ? ScandiumPeer.PSK_KEY.clone() : null);
        } else if (suite.mode() == InteropCase.Mode.PSK) {
            b.psk(identity, ScandiumPeer.PSK_KEY);
        } else {
            TestPki.Credential own = server ? pki.serverEcdsa() : pki.clientEcdsa();
            b.certificate(own.chain(), own.privateKey()).trustedCertificates(List.of(pki.caCertificate()));
            if (server) {
                b.clientAuth(ClientAuth.REQUIRED);
            } else {
                b.serverName("localhost");
            }
        }
        return b;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suites")
    void scandiumClientToDtls4jServer(Suite suite) throws Exception {
        try (DtlsServer server = DtlsServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                dtls4j(suite, true, true).build(), ServerOptions.defaults());
             ScandiumPeer scandium = new ScandiumPeer(false, -1, suite)) {
            byte[] first = "from Scandium over CBC".getBytes(StandardCharsets.US_ASCII);
            scandium.send(first, server.localAddress()); // starts Scandium's handshake
            DtlsConnection conn = server.accept(WAIT);
            assertNotNull(conn, "no connection from Scandium");
            assertEquals(suite.name(), conn.negotiated().cipherSuite().ianaName());
            assertFalse(conn.negotiated().encryptThenMac(), "Scandium has no encrypt_then_mac");
            assertArrayEquals(first, conn.receive(WAIT));
            byte[] reply = new byte[1200];
            new java.util.Random(suite.code()).nextBytes(reply);
            conn.send(reply);
            ScandiumPeer.Received got = scandium.receive(WAIT);
            assertNotNull(got, "nothing came back to Scandium");
            assertArrayEquals(reply, got.data());
            conn.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suites")
    void dtls4jClientToScandiumServer(Suite suite) throws Exception {
        try (ScandiumPeer scandium = new ScandiumPeer(true, -1, suite);
             DtlsConnection conn = DtlsClient.connect(scandium.address(), dtls4j(suite, false, true).build(), WAIT)) {
            assertEquals(suite.name(), conn.negotiated().cipherSuite().ianaName());
            assertFalse(conn.negotiated().encryptThenMac());
            byte[] hello = new byte[1200];
            new java.util.Random(suite.code() + 1).nextBytes(hello);
            conn.send(hello);
            ScandiumPeer.Received got = scandium.receive(WAIT);
            assertNotNull(got, "nothing reached Scandium");
            assertArrayEquals(hello, got.data());
            byte[] reply = "from Scandium".getBytes(StandardCharsets.US_ASCII);
            scandium.send(reply, got.from());
            assertArrayEquals(reply, conn.receive(WAIT));
        }
    }

    /** Without the opt-in, Scandium's CBC ServerHello (no encrypt_then_mac) is refused with handshake_failure. */
    @Test
    void withoutTheOptInTheDtls4jClientRefusesMacThenEncrypt() throws Exception {
        Suite suite = Suite.TLS_PSK_WITH_AES_128_CBC_SHA256;
        try (ScandiumPeer scandium = new ScandiumPeer(true, -1, suite)) {
            Exception e = assertThrows(Exception.class,
                    () -> DtlsClient.connect(scandium.address(), dtls4j(suite, false, false).build(), WAIT).close());
            Throwable cause = e;
            while (cause != null && !(cause instanceof DtlsException)) {
                cause = cause.getCause();
            }
            assertNotNull(cause, () -> "not a handshake failure: " + e);
            assertTrue(cause.getMessage().contains("without encrypt_then_mac (RFC 7366)")
                    && cause.getMessage().contains("[handshake_failure]"), cause.getMessage());
        }
    }
}
