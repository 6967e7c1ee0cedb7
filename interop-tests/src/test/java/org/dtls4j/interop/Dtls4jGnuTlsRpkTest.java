package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.handshake.DtlsTimeoutException;
import org.dtls4j.transport.DtlsClient;
import org.dtls4j.transport.DtlsConnection;
import org.dtls4j.transport.DtlsServer;
import org.dtls4j.transport.ServerOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Raw public keys (RFC 7250) against GnuTLS 3.7's {@code gnutls-cli} and {@code gnutls-serv}, both
 * roles, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, the client authenticated by its raw public key as
 * well ({@code gnutls-serv -r}), with P-256 and Ed25519 keys. GnuTLS takes the key pair as
 * {@code --rawpkkeyfile} (PKCS#8) and {@code --rawpkfile} (a PEM "PUBLIC KEY") and enables the
 * certificate type in its priority string ({@code +CTYPE-SRV-RAWPK:+CTYPE-CLI-RAWPK}, X.509 taken
 * out, so both sides can only use raw public keys). {@code gnutls-cli} has no way to trust a raw
 * public key and needs {@code --insecure}; {@code gnutls-serv} asks for the client's key but does
 * not check it against anything. So what is proven is the wire format and the signatures both
 * ways, and dtls4j's own trust decisions; GnuTLS's trust is its application's business. Skipped
 * when gnutls-bin is not installed.
 */
@Timeout(60)
class Dtls4jGnuTlsRpkTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final CipherSuite SUITE = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
    private static final String PRIORITY = "NORMAL:-VERS-ALL:+VERS-DTLS1.2:+CTYPE-SRV-RAWPK:+CTYPE-CLI-RAWPK"
            + ":-CTYPE-SRV-X509:-CTYPE-CLI-X509";
    private static final Pattern RAW_PUBLIC_KEY = Pattern.compile("^- Certificate type: Raw Public Key");
    private static final Pattern BAD_CERTIFICATE_ALERT = Pattern.compile("Received alert \\[42\\]");
    private static final Pattern UNSUPPORTED_CERTIFICATE_ALERT = Pattern.compile("Received alert \\[43\\]");

    @BeforeAll
    static void gnuTlsInstalled() {
        assumeTrue(GnuTls.available(), "gnutls-cli and gnutls-serv (Debian: gnutls-bin) are not installed");
        assumeTrue(OpenSsl.version().isPresent(), "openssl, which makes the key files, is not installed");
    }

    private static List<String> rawPublicKey(RpkKeys keys) {
        return List.of("--rawpkkeyfile=" + keys.privateFile(), "--rawpkfile=" + keys.publicFile(), "--priority=" + PRIORITY);
    }

    private static DtlsServer bind(DtlsConfig config) throws Exception {
        return DtlsServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), config, ServerOptions.defaults());
    }

    /** gnutls-cli with its raw public key, a dtls4j server that trusts exactly that key. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"P-256", "Ed25519"})
    void gnuTlsClientToDtls4jServer(String kind) throws Exception {
        RpkKeys server = RpkKeys.generate(kind);
        RpkKeys client = RpkKeys.openSslFiles("gnutls-client", kind);
        DtlsConfig config = DtlsConfig.builder().cipherSuites(SUITE).rawPublicKey(server.pair())
                .trustedRawPublicKeys(List.of(client.pair().getPublic())).build();
        try (DtlsServer s = bind(config)) {
            List<String> options = new ArrayList<>(List.of("--insecure"));
            options.addAll(rawPublicKey(client));
            try (OpenSslProcess gnutls = GnuTls.client(s.localAddress().getPort(), options)) {
                DtlsConnection conn = s.accept(WAIT);
                assertNotNull(conn, () -> "no connection: " + gnutls.transcript());
                assertEquals(Optional.of(client.pair().getPublic()), conn.negotiated().peerRawPublicKey());
                gnutls.awaitStdout(RAW_PUBLIC_KEY, WAIT);
                gnutls.awaitStdout(GnuTls.HANDSHAKE_DONE, WAIT);
                gnutls.write("hello from gnutls\n");
                byte[] got = conn.receive(WAIT);
                assertEquals("hello from gnutls\n", new String(got, StandardCharsets.US_ASCII), gnutls.transcript());
                conn.send("hello from dtls4j\n".getBytes(StandardCharsets.US_ASCII));
                gnutls.awaitStdout(Pattern.compile("^hello from dtls4j$"), WAIT);
                conn.close();
            }
        }
    }

    /** A dtls4j client with its raw public key against gnutls-serv, which requires the client's key ({@code -r}). */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"P-256", "Ed25519"})
    void dtls4jClientToGnuTlsServer(String kind) throws Exception {
        RpkKeys server = RpkKeys.openSslFiles("gnutls-server", kind);
        RpkKeys client = RpkKeys.generate(kind);
        int port = OpenSsl.freeUdpPort();
        List<String> options = new ArrayList<>(List.of("-r"));
        options.addAll(rawPublicKey(server));
        try (OpenSslProcess gnutls = GnuTls.server(port, options)) {
            gnutls.awaitStderr(GnuTls.SERVER_READY, WAIT);
            DtlsConfig config = DtlsConfig.builder().cipherSuites(SUITE).rawPublicKey(client.pair())
                    .trustedRawPublicKeys(List.of(server.pair().getPublic())).build();
            try (DtlsConnection conn = DtlsClient.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                    config, WAIT)) {
                assertEquals(Optional.of(server.pair().getPublic()), conn.negotiated().peerRawPublicKey(), gnutls.transcript());
                byte[] hello = "hello over a raw public key".getBytes(StandardCharsets.US_ASCII);
                conn.send(hello);
                assertArrayEquals(hello, conn.receive(WAIT), gnutls.transcript());
            }
        }
    }

    /** A key the dtls4j server does not trust: bad_certificate, and gnutls-cli receives the alert. */
    @Test
    void anUntrustedGnuTlsKeyIsRefusedWithBadCertificate() throws Exception {
        RpkKeys server = RpkKeys.generate("P-256");
        RpkKeys client = RpkKeys.openSslFiles("gnutls-client", "P-256");
        RpkKeys someoneElse = RpkKeys.generate("P-256");
        DtlsConfig config = DtlsConfig.builder().cipherSuites(SUITE).rawPublicKey(server.pair())
                .trustedRawPublicKeys(List.of(someoneElse.pair().getPublic())).build();
        CompletableFuture<DtlsException> failure = new CompletableFuture<>();
        try (DtlsServer s = bind(config)) {
            s.onHandshakeFailure((peer, e) -> failure.complete(e));
            List<String> options = new ArrayList<>(List.of("--insecure"));
            options.addAll(rawPublicKey(client));
            try (OpenSslProcess gnutls = GnuTls.client(s.localAddress().getPort(), options)) {
                DtlsException e = failure.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertEquals(AlertDescription.BAD_CERTIFICATE, e.alert());
                assertTrue(e.getMessage().contains("is not one of the 1 trusted raw public keys"), e.getMessage());
                gnutls.awaitStdout(BAD_CERTIFICATE_ALERT, WAIT);
                assertNull(s.accept(Duration.ofMillis(200)), "no connection was established");
            }
        }
    }

    /**
     * gnutls-cli with its default priority sends X.509 only (no certificate type extensions); a
     * dtls4j server that has only a raw public key refuses it with unsupported_certificate (RFC 7250
     * §4.2), and the alert reaches gnutls-cli.
     */
    @Test
    void anX509OnlyGnuTlsClientGetsUnsupportedCertificate() throws Exception {
        RpkKeys server = RpkKeys.generate("P-256");
        DtlsConfig config = DtlsConfig.builder().cipherSuites(SUITE).rawPublicKey(server.pair())
                .trustedRawPublicKeys(List.of(server.pair().getPublic())).build();
        CompletableFuture<DtlsException> failure = new CompletableFuture<>();
        try (DtlsServer s = bind(config)) {
            s.onHandshakeFailure((peer, e) -> failure.complete(e));
            try (OpenSslProcess gnutls = GnuTls.client(s.localAddress().getPort(), List.of("--insecure"))) {
                DtlsException e = failure.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertEquals(AlertDescription.UNSUPPORTED_CERTIFICATE, e.alert(), e::getMessage);
                gnutls.awaitStdout(UNSUPPORTED_CERTIFICATE_ALERT, WAIT);
            }
        }
    }

    /**
     * The other way round GnuTLS has no alert for us: gnutls-serv with an X.509 certificate and its
     * default priority finds no certificate type in common with a dtls4j client that accepts only
     * raw public keys (RFC 7250 §4.2, case 2), logs "The certificate type is not supported" and drops
     * the association without an alert, so the dtls4j client can only time out.
     */
    @Test
    void anX509OnlyGnuTlsServerDropsAnRpkOnlyDtls4jClientSilently() throws Exception {
        TestPki.Credential cert = TestPki.get().serverEcdsa();
        RpkKeys server = RpkKeys.generate("P-256");
        int port = OpenSsl.freeUdpPort();
        try (OpenSslProcess gnutls = GnuTls.server(port, List.of("--x509certfile=" + cert.leafFile(),
                "--x509keyfile=" + cert.keyFile()))) {
            gnutls.awaitStderr(GnuTls.SERVER_READY, WAIT);
            DtlsConfig config = DtlsConfig.builder().cipherSuites(SUITE)
                    .trustedRawPublicKeys(List.of(server.pair().getPublic())).build();
            DtlsException e = assertThrows(DtlsException.class, () -> DtlsClient.connect(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), port), config, Duration.ofSeconds(3)).close());
            assertTrue(e instanceof DtlsTimeoutException, e::toString);
            gnutls.awaitStderr(Pattern.compile("The certificate type is not supported"), WAIT);
        }
    }
}
