package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.dtls4j.transport.ServerCounters;
import org.dtls4j.transport.ServerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * dtls4j against OpenSSL beyond the suite matrix, each in both roles where the tools allow:
 * the ECDHE groups (RFC 8422 §5.1.1), other server keys (ECDSA P-384, Ed25519), client
 * certificates (RFC 5246 §7.4.4), ALPN (RFC 7301), SNI (RFC 6066 §3) and the cookie exchange
 * (RFC 6347 §4.2.1) with and without {@code s_server -listen}. Each case checks what dtls4j
 * negotiated ({@link Matrix#negotiated}) and, where OpenSSL prints it, what OpenSSL saw.
 */
@ExtendWith(InteropReport.class)
@Timeout(60)
class Dtls4jOpenSslFeaturesTest {

    private static final Suite ECDSA = Suite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
    private static final Duration WAIT = Duration.ofSeconds(5);

    // ---- groups

    /**
     * The group each case forces ({@code s_server -groups} and dtls4j's groups), with a suite and
     * server key that can live with it: in TLS 1.2 supported_groups also names the curves an
     * ECDSA certificate may use (see {@link #anEcdsaCertificateNeedsItsCurveAmongTheClientsGroups}),
     * so x25519 alone goes with RSA or PSK, and secp384r1 alone with the P-384 certificate.
     */
    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
        "x25519,    TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,         RSA_2048",
        "secp256r1, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,       ECDSA_P256_CHAIN",
        "secp384r1, TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,       ECDSA_P384",
        "secp384r1, TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256,   ECDSA_P256_CHAIN"})
    void dtls4jClientToOpenSslServerWithOnlyOneGroup(String group, Suite suite, InteropCase.ServerKey key) {
        Matrix.run(Matrix.plain(Dtls4jPeer.DTLS4J, OpenSslPeer.FACTORY, suite).withGroup(group).withServerKey(key));
    }

    /** The same from the other side; {@code s_client -brief} names the key it received. */
    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
        "x25519,    TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256,   ECDSA_P256_CHAIN, X25519",
        "x25519,    TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,   RSA_2048,         X25519",
        "secp256r1, TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8,            ECDSA_P256_CHAIN, 'ECDH, prime256v1'",
        "secp384r1, TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, ECDSA_P384,       'ECDH, secp384r1'"})
    void openSslClientToDtls4jServerWithOnlyOneGroup(String group, Suite suite, InteropCase.ServerKey key,
                                                     String openSslKeyName) {
        InteropCase c = Matrix.plain(OpenSslPeer.FACTORY, Dtls4jPeer.DTLS4J, suite).withGroup(group).withServerKey(key);
        Interop.run(c, Matrix.negotiated(c).andThen((client, server) ->
                // s_client -brief: "Server Temp Key: X25519, 253 bits" / "ECDH, prime256v1, 256 bits"
                ((OpenSslPeer) client).process().awaitStderr(
                        Pattern.compile("^Server Temp Key: " + Pattern.quote(openSslKeyName) + ","), WAIT)));
    }

    /**
     * RFC 8422 §5.1 (and RFC 4492 before it): a server may only pick an ECDSA certificate whose
     * curve the client listed in supported_groups. Both sides keep the rule: OpenSSL answers a
     * dtls4j client offering only x25519 with "no shared cipher", and dtls4j refuses an
     * {@code s_client -groups secp384r1} with its P-256 certificate.
     */
    @Test
    void anEcdsaCertificateNeedsItsCurveAmongTheClientsGroups() {
        InteropCase toOpenSsl = InteropCase.of(Dtls4jPeer.DTLS4J, OpenSslPeer.FACTORY, ECDSA).withGroup("x25519");
        String m = assertThrows(AssertionError.class, () -> Interop.runUnreported(toOpenSsl)).getMessage();
        assertTrue(m.contains("no shared cipher") && m.contains("peer sent fatal alert handshake_failure"), m);

        InteropCase toDtls4j = InteropCase.of(OpenSslPeer.FACTORY, Dtls4jPeer.DTLS4J, ECDSA).withGroup("secp384r1");
        m = assertThrows(AssertionError.class, () -> Interop.runUnreported(toDtls4j)).getMessage();
        assertTrue(m.contains("[server] handshake failed: no cipher suite in common"), m);
        assertTrue(m.contains("alert handshake failure"), "s_client reports dtls4j's alert: " + m);
    }

    // ---- server keys

    /** TLS 1.2 ties an ECDSA signature's hash to no curve: OpenSSL may sign with a P-384 key and SHA-256. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"})
    void dtls4jClientToOpenSslServerWithAnEcdsaP384Certificate(Suite suite) {
        Matrix.run(Matrix.plain(Dtls4jPeer.DTLS4J, OpenSslPeer.FACTORY, suite).withServerKey(InteropCase.ServerKey.ECDSA_P384));
    }

    /** dtls4j signs with the hash that matches the curve (ecdsa_secp384r1_sha384) when the client offers it. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"})
    void openSslClientToDtls4jServerWithAnEcdsaP384Certificate(Suite suite) {
        InteropCase c = Matrix.plain(OpenSslPeer.FACTORY, Dtls4jPeer.DTLS4J, suite).withServerKey(InteropCase.ServerKey.ECDSA_P384);
        Interop.run(c, Matrix.negotiated(c).andThen((client, server) ->
                ((OpenSslPeer) client).process().awaitStderr(Pattern.compile("^Hash used: SHA384"), WAIT)));
    }

    /** RFC 8422 §5.10 EdDSA in TLS 1.2: {@code s_client} verifies dtls4j's ed25519 ServerKeyExchange signature. */
    @Test
    void openSslClientToDtls4jServerWithAnEd25519Certificate() {
        InteropCase c = Matrix.plain(OpenSslPeer.FACTORY, Dtls4jPeer.DTLS4J, ECDSA).withServerKey(InteropCase.ServerKey.ED25519);
        Interop.run(c, Matrix.negotiated(c).andThen((client, server) ->
                ((OpenSslPeer) client).process().awaitStderr(Pattern.compile("^Signature type: ed25519"), WAIT)));
    }

    /**
     * OpenSSL 3.0's server offers an Ed25519 certificate in TLS 1.2 but not in DTLS 1.2
     * ({@code ssl_set_masks} allows it when {@code TLS1_get_version(s) == TLS1_2_VERSION}, which
     * is 0 for DTLS), so the dtls4j client, which offers ed25519 in signature_algorithms, gets
     * "no shared cipher". The dtls4j client's Ed25519 side is tested against Bouncy Castle.
     */
    @Test
    void openSslServerHasNoEd25519InDtls() {
        InteropCase c = InteropCase.of(Dtls4jPeer.DTLS4J, OpenSslPeer.FACTORY, ECDSA).withServerKey(InteropCase.ServerKey.ED25519);
        String m = assertThrows(AssertionError.class, () -> Interop.runUnreported(c)).getMessage();
        assertTrue(m.contains("no shared cipher"), m);
    }

    // ---- the chain of two

    /** {@code s_server -cert_chain}: dtls4j receives the leaf and the CA and checks the path. */
    @Test
    void dtls4jClientReceivesAChainOfTwoFromOpenSsl() {
        InteropCase c = Matrix.plain(Dtls4jPeer.DTLS4J, OpenSslPeer.FACTORY, ECDSA);
        Interop.run(c, Matrix.negotiated(c).andThen((client, server) ->
                assertEquals(TestPki.get().serverEcdsa().chain(), ((Dtls4jPeer) client).negotiated().peerCertificates())));
    }

    /** dtls4j sends the leaf and the CA; {@code s_client}'s record log shows two certificates in the Certificate message. */
    @Test
    void dtls4jServerSendsAChainOfTwoToOpenSsl() {
        InteropCase c = Matrix.plain(OpenSslPeer.FACTORY, Dtls4jPeer.DTLS4J, ECDSA);
        Interop.run(c, Matrix.negotiated(c).andThen((client, server) -> {
            List<OpenSslMsgFile.Entry> records = OpenSslMsgFile.read(((OpenSslPeer) client).msgFile());
            List<OpenSslMsgFile.Entry> certificates = OpenSslMsgFile.handshakes(records, false, 11);
            assertEquals(1, certificates.size(), "one Certificate message received");
            assertEquals(2, OpenSslMsgFile.certificateCount(certificates.get(0).handshakeBody()));
        }));
    }

    // ---- client certificates

    @ParameterizedTest(name = "{0}")
    @CsvSource({"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"})
    void dtls4jClientWithACertificateToOpenSslServerRequiringOne(Suite suite) {
        InteropCase c = Matrix.plain(Dtls4jPeer.DTLS4J, OpenSslPeer.FACTORY, suite).withClientAuth();
        Interop.run(c, Matrix.negotiated(c).andThen((client, server) ->
                // s_server -Verify 1 prints the client's subject once the chain verified.
                assertTrue(((OpenSslPeer) server).process().stdoutText().contains("subject=CN = dtls4j interop client"),
                        server.diagnostics())));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"})
    void openSslClientWithACertificateToDtls4jServerRequiringOne(Suite suite) {
        Matrix.run(Matrix.plain(OpenSslPeer.FACTORY, Dtls4jPeer.DTLS4J, suite).withClientAuth());
    }

    @Test
    void dtls4jServerRequiringACertificateRefusesAnOpenSslClientWithout() {
        // s_client presents a certificate only when given one: a case without clientAuth on the
        // client side, against a dtls4j server that requires one.
        PeerFactory requiring = new PeerFactory() {
            @Override
            public String name() {
                return "dtls4j";
            }

            @Override
            public DtlsPeer server(InteropCase c) throws java.io.IOException {
                return Dtls4jPeer.server("dtls4j", c.withClientAuth(), ServerOptions.defaults());
            }

            @Override
            public DtlsPeer client(InteropCase c, java.net.InetSocketAddress server) {
                throw new UnsupportedOperationException();
            }
        };
        InteropCase c = InteropCase.of(OpenSslPeer.FACTORY, requiring, ECDSA);
        AssertionError e = assertThrows(AssertionError.class, () -> Interop.runUnreported(c));
        String m = e.getMessage();
        assertTrue(m.contains("[server] handshake failed: client certificate required but the client sent none"), m);
        assertTrue(m.contains("alert handshake failure"), "s_client reports dtls4j's alert: " + m);
        assertTrue(m.contains("---- s_client stderr"), "OpenSSL's side in the message: " + m);
        assertTrue(m.contains("---- dtls4j SERVER"), "dtls4j's side in the message: " + m);
        assertTrue(m.contains("server counters: ServerCounters[") && m.contains("handshakesFailed=1"),
                "dtls4j's server counters in the message: " + m);
    }

    // ---- ALPN and SNI

    @Test
    void dtls4jClientNegotiatesAlpnWithOpenSslServer() {
        InteropCase c = Matrix.plain(Dtls4jPeer.DTLS4J, OpenSslPeer.FACTORY, ECDSA).withAlpn("coap");
        Interop.run(c, Matrix.negotiated(c).andThen((client, server) -> {
            assertEquals("coap", ((Dtls4jPeer) client).negotiated().applicationProtocol().orElseThrow());
            String out = ((OpenSslPeer) server).process().stdoutText();
            assertTrue(out.contains("ALPN protocols advertised by the client: coap"), server.diagnostics());
        }));
    }

    @Test
    void openSslClientNegotiatesAlpnWithDtls4jServer() {
        InteropCase c = Matrix.plain(OpenSslPeer.FACTORY, Dtls4jPeer.DTLS4J, Suite.TLS_PSK_WITH_AES_128_CCM_8).withAlpn("coap");
        Interop.run(c, Matrix.negotiated(c).andThen((client, server) ->
                assertEquals("coap", ((Dtls4jPeer) server).negotiated().applicationProtocol().orElseThrow())));
    }

    @Test
    void dtls4jClientSendsSniToOpenSslServer() {
        InteropCase c = Matrix.plain(Dtls4jPeer.DTLS4J, OpenSslPeer.FACTORY, ECDSA).withSni("localhost");
        Interop.run(c, Matrix.negotiated(c).andThen((client, server) ->
                assertTrue(((OpenSslPeer) server).process().stdoutText().contains("Hostname in TLS extension: \"localhost\""),
                        server.diagnostics())));
    }

    @Test
    void openSslClientSendsSniToDtls4jServer() {
        InteropCase c = Matrix.plain(OpenSslPeer.FACTORY, Dtls4jPeer.DTLS4J, Suite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)
                .withSni("localhost");
        Interop.run(c, Matrix.negotiated(c).andThen((client, server) ->
                assertEquals("localhost", ((Dtls4jPeer) server).negotiated().serverName().orElseThrow())));
    }

    // ---- cookie exchange

    /** {@code s_server -listen}: the HelloVerifyRequest comes from the stateless {@code DTLSv1_listen}. */
    @Test
    void dtls4jClientAnswersTheHelloVerifyRequestOfOpenSslListen() {
        InteropCase c = Matrix.plain(Dtls4jPeer.DTLS4J, OpenSslPeer.FACTORY, ECDSA);
        Interop.run(c, Matrix.negotiated(c).andThen((client, server) ->
                assertTrue(sawHelloVerifyRequest((Dtls4jPeer) client), client.diagnostics())));
    }

    /** {@code s_server} without {@code -listen}: the HelloVerifyRequest comes from inside {@code SSL_accept}. */
    @Test
    void dtls4jClientAnswersTheHelloVerifyRequestOfOpenSslWithoutListen() {
        InteropCase c = Matrix.plain(Dtls4jPeer.DTLS4J, OpenSslPeer.FACTORY, Suite.TLS_PSK_WITH_AES_128_GCM_SHA256)
                .withoutListen();
        Interop.run(c, Matrix.negotiated(c).andThen((client, server) -> {
            assertTrue(sawHelloVerifyRequest((Dtls4jPeer) client), client.diagnostics());
            ((OpenSslPeer) server).process().awaitStderr(Pattern.compile("write hello verify request"), WAIT);
        }));
    }

    /** The dtls4j server's default: one HelloVerifyRequest, then the ClientHello with the cookie is accepted. */
    @Test
    void openSslClientGoesThroughTheDtls4jCookieExchange() {
        InteropCase c = Matrix.plain(OpenSslPeer.FACTORY, Dtls4jPeer.DTLS4J, ECDSA);
        Interop.run(c, Matrix.negotiated(c).andThen((client, server) -> {
            ServerCounters n = ((Dtls4jPeer) server).server().counters();
            assertEquals(1, n.cookieVerifies(), n::toString);
            assertEquals(1, n.cookieAccepts(), n::toString);
            assertEquals(1, n.handshakesCompleted(), n::toString);
        }));
    }

    @Test
    void openSslClientToDtls4jServerWithoutCookies() {
        PeerFactory noCookies = Dtls4jPeer.withServerOptions("dtls4j-nocookie", ServerOptions.defaults().withCookies(false));
        InteropCase c = Matrix.plain(OpenSslPeer.FACTORY, noCookies, ECDSA);
        Interop.run(c, Matrix.negotiated(c).andThen((client, server) -> {
            ServerCounters n = ((Dtls4jPeer) server).server().counters();
            assertEquals(0, n.cookieVerifies(), n::toString);
            assertEquals(1, n.handshakesCompleted(), n::toString);
        }));
    }

    private static boolean sawHelloVerifyRequest(Dtls4jPeer client) {
        return client.traceLines().stream().anyMatch(l -> l.contains("[client] received HELLO_VERIFY_REQUEST"));
    }

    @Test
    void theTraceHoldsTheWholeHandshakeAndNothingAfterClose() throws Exception {
        InteropCase c = InteropCase.of(Dtls4jPeer.DTLS4J, OpenSslPeer.FACTORY, ECDSA);
        Dtls4jPeer kept;
        try (OpenSslPeer server = OpenSslPeer.server(c);
             Dtls4jPeer client = Dtls4jPeer.client("dtls4j", c, server.address(), null)) {
            client.start(c.handshakeTimeout());
            server.start(c.handshakeTimeout());
            kept = client;
            assertTrue(client.traceLines().stream().anyMatch(l -> l.contains("handshake complete")), client.diagnostics());
            assertTrue(client.diagnostics().contains("counters: ConnectionCounters["), client.diagnostics());
        }
        int before = kept.traceLines().size();
        assertFalse(before == 0);
        Interop.run(InteropCase.of(Dtls4jPeer.DTLS4J, OpenSslPeer.FACTORY, ECDSA).withPayloadSizes(64));
        assertEquals(before, kept.traceLines().size(), "a closed capture keeps no more lines");
    }
}
