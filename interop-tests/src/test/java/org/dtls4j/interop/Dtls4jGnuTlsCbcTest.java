package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.transport.DtlsClient;
import org.dtls4j.transport.DtlsConnection;
import org.dtls4j.transport.DtlsServer;
import org.dtls4j.transport.ServerOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * dtls4j's AES-128-CBC suites against GnuTLS 3.7 ({@code gnutls-cli --udp}, {@code gnutls-serv
 * --udp --echo}), both roles, each suite alone through a priority string
 * ({@link GnuTls#cbcPriority}): encrypt-then-MAC, which GnuTLS speaks by default (RFC 7366; its
 * client reports "EtM" among the session's options), and MAC-then-encrypt with
 * {@code %NO_ETM} against a dtls4j that allows it. A datagram goes each way (gnutls-cli receives
 * a 1,218-byte line; gnutls-serv echoes text in pieces of at most 128 bytes, so it gets a short
 * one). Skipped when gnutls-bin is not installed; gnutls-cli with ECDHE-PSK is skipped, since
 * gnutls-cli 3.7.9 crashes with it over UDP (gnutls-serv takes it, so that suite runs the other way).
 */
@Timeout(60)
class Dtls4jGnuTlsCbcTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @BeforeAll
    static void gnuTlsInstalled() {
        assumeTrue(GnuTls.available(), "gnutls-cli and gnutls-serv (Debian: gnutls-bin) are not installed");
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Suite s : Suite.values()) {
            if (s.cbc()) {
                out.add(Arguments.of(s, true));
                out.add(Arguments.of(s, false));
            }
        }
        return out.stream();
    }

    private static TestPki.Credential serverKey(Suite suite) {
        return suite.rsa() ? TestPki.get().serverRsa() : TestPki.get().serverEcdsa();
    }

    /** The dtls4j side: only {@code suite}, MAC-then-encrypt allowed when GnuTLS runs without EtM. */
    private static DtlsConfig.Builder dtls4j(Suite suite, boolean encryptThenMac) {
        return DtlsConfig.builder().cipherSuites(CipherSuite.fromId(suite.code()).orElseThrow())
                .allowMacThenEncrypt(!encryptThenMac);
    }

    @ParameterizedTest(name = "{0} encrypt_then_mac={1}")
    @MethodSource("cases")
    void gnuTlsClientToDtls4jServer(Suite suite, boolean encryptThenMac) throws Exception {
        // gnutls-cli 3.7.9 dies of SIGSEGV (exit 139) before its first line whenever ECDHE-PSK is
        // in its --udp priority string, also against gnutls-serv and with AEAD ciphers.
        assumeTrue(suite != Suite.TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256, "gnutls-cli crashes with ECDHE-PSK over UDP");
        DtlsConfig.Builder b = dtls4j(suite, encryptThenMac);
        List<String> options = new ArrayList<>(List.of("--priority=" + GnuTls.cbcPriority(suite, encryptThenMac)));
        if (suite.mode() == InteropCase.Mode.PSK) {
            byte[] key = InteropCase.sharedPskKey();
            byte[] identity = InteropCase.PSK_IDENTITY.getBytes(StandardCharsets.UTF_8);
            b.pskStore(id -> MessageDigest.isEqual(id, identity) ? key.clone() : null);
            options.addAll(List.of("--pskusername=" + InteropCase.PSK_IDENTITY, "--pskkey=" + HexFormat.of().formatHex(key)));
        } else {
            TestPki.Credential cert = serverKey(suite);
            b.certificate(cert.chain(), cert.privateKey());
            options.addAll(List.of("--x509cafile=" + TestPki.get().caFile(), "--verify-hostname=localhost"));
        }
        try (DtlsServer server = DtlsServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), b.build(),
                ServerOptions.defaults());
             OpenSslProcess client = GnuTls.client(server.localAddress().getPort(), options)) {
            DtlsConnection conn = server.accept(WAIT);
            assertNotNull(conn, () -> "no connection: " + client.transcript());
            assertEquals(suite.name(), conn.negotiated().cipherSuite().ianaName());
            assertEquals(encryptThenMac, conn.negotiated().encryptThenMac(), conn.negotiated().toString());
            assertTrue(client.awaitStdout(GnuTls.DESCRIPTION, WAIT).group(1).contains("-(AES-128-CBC)-"), client.transcript());
            String gnutlsOptions = client.awaitStdout(GnuTls.OPTIONS, WAIT).group(1);
            assertEquals(encryptThenMac, gnutlsOptions.contains("EtM"), "gnutls-cli: " + gnutlsOptions);
            client.awaitStdout(GnuTls.HANDSHAKE_DONE, WAIT);

            String line = "1 CBC from gnutls-cli";
            client.write(line + "\n");
            byte[] got = conn.receive(WAIT);
            assertNotNull(got, () -> "nothing from gnutls-cli: " + client.transcript());
            assertEquals(line, new String(got, StandardCharsets.UTF_8).strip());
            String reply = "2 CBC from dtls4j " + "x".repeat(1200);
            conn.send((reply + "\n").getBytes(StandardCharsets.UTF_8));
            client.awaitStdout(Pattern.compile("^" + Pattern.quote(reply) + "$"), WAIT);
            conn.close();
        }
    }

    @ParameterizedTest(name = "{0} encrypt_then_mac={1}")
    @MethodSource("cases")
    void dtls4jClientToGnuTlsServer(Suite suite, boolean encryptThenMac) throws Exception {
        DtlsConfig.Builder b = dtls4j(suite, encryptThenMac);
        List<String> options = new ArrayList<>(List.of("--priority=" + GnuTls.cbcPriority(suite, encryptThenMac)));
        if (suite.mode() == InteropCase.Mode.PSK) {
            byte[] key = InteropCase.sharedPskKey();
            b.psk(InteropCase.PSK_IDENTITY.getBytes(StandardCharsets.UTF_8), key);
            options.add("--pskpasswd=" + pskFile(key));
        } else {
            TestPki.Credential cert = serverKey(suite);
            b.trustedCertificates(List.of(TestPki.get().caCertificate())).serverName("localhost");
            options.addAll(List.of("--x509certfile=" + cert.leafFile(), "--x509keyfile=" + cert.keyFile()));
        }
        int port = OpenSsl.freeUdpPort();
        try (OpenSslProcess gnutls = GnuTls.server(port, options)) {
            gnutls.awaitStderr(GnuTls.SERVER_READY, WAIT);
            try (DtlsConnection conn = DtlsClient.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                    b.build(), WAIT)) {
                assertEquals(suite.name(), conn.negotiated().cipherSuite().ianaName());
                assertEquals(encryptThenMac, conn.negotiated().encryptThenMac(), conn.negotiated().toString());
                // gnutls-serv --echo handles text in pieces of at most 128 bytes: one line below that.
                byte[] hello = ("1 CBC from dtls4j, " + suite.name() + "\n").getBytes(StandardCharsets.US_ASCII);
                conn.send(hello);
                assertArrayEquals(hello, conn.receive(WAIT), gnutls.transcript());
            }
        }
    }

    /** gnutls-serv's --pskpasswd file: {@code identity:hexkey}. */
    private static Path pskFile(byte[] key) throws IOException {
        Path f = TestDirs.target().resolve("gnutls-psk.txt");
        Files.writeString(f, InteropCase.PSK_IDENTITY + ":" + HexFormat.of().formatHex(key) + "\n");
        return f;
    }
}
