package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.dtls4j.crypto.Fingerprint;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.SrtpKeyingMaterial;
import org.dtls4j.handshake.SrtpProfile;
import org.dtls4j.transport.DtlsClient;
import org.dtls4j.transport.DtlsConnection;
import org.dtls4j.transport.DtlsServer;
import org.dtls4j.transport.ServerOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * DTLS-SRTP (RFC 5764) and the exporter (RFC 5705) against GnuTLS 3.7's {@code gnutls-cli} and
 * {@code gnutls-serv}, and certificate fingerprints (RFC 8122 §5) across the two stacks. GnuTLS
 * spells the profiles as dtls4j's {@code SrtpProfile} constants do. {@code gnutls-cli
 * --keymatexport=EXTRACTOR-dtls_srtp --keymatexportsize=N} prints "- Key material: HEX" and
 * "- SRTP profile: NAME"; {@code gnutls-serv --udp} takes the same options but prints neither (its
 * UDP loop never calls print_info), so with dtls4j as the client against gnutls-serv only dtls4j's
 * side is checked; the keys are compared against a GnuTLS server through the C harness
 * src/test/c/gnutls_srtp_server.c instead (built with gcc and pkg-config against libgnutls,
 * Debian: libgnutls28-dev; that test is skipped when they are missing). GnuTLS 3.7
 * knows the two AES-CM profiles of RFC 5764 §4.1.2 but not the AEAD ones of RFC 7714 ("Syntax
 * error at: SRTP_AEAD_AES_128_GCM"), so only those two are run. Skipped when gnutls-bin is not
 * installed.
 */
@Timeout(60)
class Dtls4jGnuTlsSrtpTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final CipherSuite SUITE = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;

    @BeforeAll
    static void gnuTlsInstalled() {
        assumeTrue(GnuTls.available(), "gnutls-cli and gnutls-serv (Debian: gnutls-bin) are not installed");
    }

    private static DtlsConfig.Builder server(TestPki.Credential cert) {
        return DtlsConfig.builder().cipherSuites(SUITE).certificate(cert.chain(), cert.privateKey());
    }

    private static List<String> exportOptions(String profiles, int length) {
        return List.of("--srtp-profiles=" + profiles, "--keymatexport=" + SrtpKeyingMaterial.EXPORTER_LABEL,
                "--keymatexportsize=" + length);
    }

    /** gnutls-cli, dtls4j server: the profile each side names and the exported bytes, for every profile. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SrtpProfile.class, names = {"SRTP_AES128_CM_HMAC_SHA1_80", "SRTP_AES128_CM_HMAC_SHA1_32"})
    void gnuTlsClientExportsTheSameKeysAsTheDtls4jServer(SrtpProfile profile) throws Exception {
        DtlsConfig config = server(TestPki.get().serverEcdsa()).srtpProfiles(profile).build();
        try (DtlsServer server = DtlsServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), config,
                ServerOptions.defaults())) {
            List<String> options = new ArrayList<>(List.of("--x509cafile=" + TestPki.get().caFile(),
                    "--verify-hostname=localhost"));
            options.addAll(exportOptions("SRTP_AES128_CM_HMAC_SHA1_80:" + profile.name(), profile.exportLength()));
            try (OpenSslProcess client = GnuTls.client(server.localAddress().getPort(), options)) {
                DtlsConnection conn = server.accept(WAIT);
                assertNotNull(conn, () -> "no connection: " + client.transcript());
                assertEquals(profile.name(), client.awaitStdout(GnuTls.SRTP_PROFILE, WAIT).group(1), client.transcript());
                String theirs = client.awaitStdout(GnuTls.KEY_MATERIAL, WAIT).group(1).toLowerCase(Locale.ROOT);
                assertEquals(profile, conn.negotiated().srtpProfile().orElseThrow());
                byte[] ours = conn.exportKeyingMaterial(SrtpKeyingMaterial.EXPORTER_LABEL, null, profile.exportLength());
                assertEquals(theirs, HexFormat.of().formatHex(ours), client.transcript());
                conn.close();
            }
        }
    }

    /**
     * dtls4j client, gnutls-serv with a self-signed certificate pinned by its fingerprint (the
     * WebRTC model): the profile GnuTLS selects from dtls4j's offer, and an echo through it.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SrtpProfile.class, names = {"SRTP_AES128_CM_HMAC_SHA1_80", "SRTP_AES128_CM_HMAC_SHA1_32"})
    void dtls4jClientPinsGnuTlsServerAndGetsItsProfile(SrtpProfile profile) throws Exception {
        TestPki.Credential cert = TestPki.get().serverSelfSigned();
        int port = OpenSsl.freeUdpPort();
        List<String> options = new ArrayList<>(List.of("--x509certfile=" + cert.leafFile(), "--x509keyfile=" + cert.keyFile()));
        options.addAll(exportOptions(profile.name(), profile.exportLength()));
        try (OpenSslProcess gnutls = GnuTls.server(port, options)) {
            gnutls.awaitStderr(GnuTls.SERVER_READY, WAIT);
            DtlsConfig config = DtlsConfig.builder().cipherSuites(SUITE)
                    .peerCertificateFingerprint(Fingerprint.sha256(cert.certificate()).toSdp())
                    .srtpProfiles(SrtpProfile.values()).build();
            try (DtlsConnection conn = DtlsClient.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                    config, WAIT)) {
                assertEquals(profile, conn.negotiated().srtpProfile().orElseThrow(), gnutls.transcript());
                byte[] hello = "hello over DTLS-SRTP".getBytes(StandardCharsets.US_ASCII);
                conn.send(hello);
                assertArrayEquals(hello, conn.receive(WAIT), gnutls.transcript());
                SrtpKeyingMaterial keys = SrtpKeyingMaterial.of(conn.negotiated());
                assertEquals(profile.keyLength(), keys.clientMasterKey().length);
            }
        }
    }

    /**
     * dtls4j client, GnuTLS server through the C harness src/test/c/gnutls_srtp_server.c (built
     * here with gcc against libgnutls), which prints what gnutls-serv does not: the profile
     * GnuTLS selected and its RFC 5705 "EXTRACTOR-dtls_srtp" output. The harness sends a
     * HelloVerifyRequest first, offers only SRTP_AES128_CM_HMAC_SHA1_80 and echoes one datagram.
     */
    @Test
    void dtls4jClientExportsTheSameKeysAsTheGnuTlsServer() throws Exception {
        Optional<Path> exe = GnuTls.srtpServerHarness();
        assumeTrue(exe.isPresent(), GnuTls::harnessMissing);
        SrtpProfile profile = SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_80;
        TestPki.Credential cert = TestPki.get().serverSelfSigned();
        try (OpenSslProcess gnutls = GnuTls.srtpServer(exe.get(), cert)) {
            int port = Integer.parseInt(gnutls.awaitStdout(GnuTls.HARNESS_LISTENING, WAIT).group(1));
            DtlsConfig config = DtlsConfig.builder().cipherSuites(SUITE)
                    .peerCertificateFingerprint(Fingerprint.sha256(cert.certificate()).toSdp())
                    .srtpProfiles(SrtpProfile.values()).build();
            try (DtlsConnection conn = DtlsClient.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                    config, WAIT)) {
                assertEquals(profile, conn.negotiated().srtpProfile().orElseThrow(), gnutls.transcript());
                assertEquals(profile.name(), gnutls.awaitStdout(GnuTls.HARNESS_PROFILE, WAIT).group(1), gnutls.transcript());
                String theirs = gnutls.awaitStdout(GnuTls.HARNESS_KEYS, WAIT).group(1);
                byte[] ours = conn.exportKeyingMaterial(SrtpKeyingMaterial.EXPORTER_LABEL, null, 60);
                assertEquals(theirs, HexFormat.of().withUpperCase().formatHex(ours), gnutls.transcript());
                byte[] hello = "hello over DTLS-SRTP".getBytes(StandardCharsets.US_ASCII);
                conn.send(hello);
                assertArrayEquals(hello, conn.receive(WAIT), gnutls.transcript());
                assertEquals(Integer.toString(hello.length), gnutls.awaitStdout(GnuTls.HARNESS_ECHOED, WAIT).group(1));
            }
            assertEquals(Optional.of(0), gnutls.awaitExit(WAIT), gnutls.transcript());
        }
    }

    /** gnutls-cli with a client certificate, a dtls4j server that pins it (and so requires it). */
    @Test
    void dtls4jServerPinsTheGnuTlsClientCertificate() throws Exception {
        TestPki.Credential clientCert = TestPki.get().clientEcdsa();
        DtlsConfig config = server(TestPki.get().serverEcdsa())
                .peerCertificateFingerprint(Fingerprint.sha256(clientCert.certificate()).toSdp())
                .srtpProfiles(SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_32).build();
        try (DtlsServer server = DtlsServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), config,
                ServerOptions.defaults())) {
            List<String> options = new ArrayList<>(List.of("--x509cafile=" + TestPki.get().caFile(),
                    "--verify-hostname=localhost", "--x509certfile=" + clientCert.leafFile(),
                    "--x509keyfile=" + clientCert.keyFile()));
            options.addAll(exportOptions("SRTP_AES128_CM_HMAC_SHA1_32", 60));
            try (OpenSslProcess client = GnuTls.client(server.localAddress().getPort(), options)) {
                DtlsConnection conn = server.accept(WAIT);
                assertNotNull(conn, () -> "no connection: " + client.transcript());
                assertEquals(clientCert.certificate(), conn.negotiated().peerCertificates().get(0));
                String theirs = client.awaitStdout(GnuTls.KEY_MATERIAL, WAIT).group(1).toLowerCase(Locale.ROOT);
                assertEquals(theirs, HexFormat.of().formatHex(conn.exportKeyingMaterial(SrtpKeyingMaterial.EXPORTER_LABEL,
                        null, 60)), client.transcript());
                conn.close();
            }
        }
    }
}
