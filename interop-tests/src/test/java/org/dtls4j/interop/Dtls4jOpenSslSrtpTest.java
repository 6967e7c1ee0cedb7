package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.SrtpKeyingMaterial;
import org.dtls4j.handshake.SrtpProfile;
import org.dtls4j.transport.DtlsClient;
import org.dtls4j.transport.DtlsConnection;
import org.dtls4j.transport.DtlsServer;
import org.dtls4j.transport.ServerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * DTLS-SRTP (RFC 5764) and the keying material exporter (RFC 5705) byte for byte against OpenSSL,
 * in both roles: {@code -use_srtp} selects the profile, {@code -keymatexport LABEL -keymatexportlen N}
 * makes OpenSSL print "Keying material: HEX" ({@code SSL_export_keying_material}), and dtls4j must
 * compute the same bytes. OpenSSL's {@code -keymatexport} has no context option (it always exports
 * without one, {@code use_context} 0), so exports with a context are checked between two dtls4j
 * engines and against the RFC's formula in the handshake module's tests only. Extended master
 * secret is on in both (OpenSSL's default and dtls4j's). {@code s_client} runs without
 * {@code -brief}, which would skip the lines printed here.
 */
@Timeout(60)
class Dtls4jOpenSslSrtpTest {
    private static final Suite SUITE = Suite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Pattern PROFILE = Pattern.compile("^SRTP Extension negotiated, profile=(\\S+)");
    private static final Pattern KEYING = Pattern.compile("^\\s*Keying material: ([0-9A-Fa-f]+)");

    private static DtlsConfig dtls4j(DtlsPeer.Role role, UnaryOperator<DtlsConfig.Builder> adjust) throws Exception {
        InteropCase c = InteropCase.of(Dtls4jPeer.DTLS4J, OpenSslPeer.FACTORY, SUITE);
        return adjust.apply(Dtls4jConfigs.forCase(c, role, null).toBuilder()).build();
    }

    private static String[] exportArgs(String label, int length) {
        return new String[] {"-keymatexport", label, "-keymatexportlen", Integer.toString(length)};
    }

    /** What OpenSSL printed: the profile (null when it printed none, awaited only when expected) and the keys. */
    private record Printed(String profile, byte[] keyingMaterial) { }

    private static Printed printed(OpenSslProcess p, boolean srtp) throws Exception {
        String profile = srtp ? p.awaitStdout(PROFILE, WAIT).group(1) : null;
        Matcher m = p.awaitStdout(KEYING, WAIT);
        return new Printed(profile, HexFormat.of().parseHex(m.group(1).toLowerCase(Locale.ROOT)));
    }

    /** dtls4j client, s_server: each profile, with the exported block split into the RFC 5764 §4.2 keys. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(SrtpProfile.class)
    void dtls4jClientAgreesWithOpenSslServer(SrtpProfile profile) throws Exception {
        int port = OpenSsl.freeUdpPort();
        OpenSsl.Command cmd = OpenSsl.sServer(port).acceptOnce().listen().cipher(SUITE.openSslCipherList())
                .cert(TestPki.get().serverEcdsa())
                .args("-use_srtp", profile.openSslName())
                .args(exportArgs(SrtpKeyingMaterial.EXPORTER_LABEL, profile.exportLength()));
        try (OpenSslProcess server = cmd.start(TestDirs.target())) {
            server.awaitStdout(OpenSsl.SERVER_READY, WAIT);
            DtlsConfig config = dtls4j(DtlsPeer.Role.CLIENT, b -> b.srtpProfiles(List.of(
                    SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_80, SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_32,
                    SrtpProfile.SRTP_AEAD_AES_128_GCM, SrtpProfile.SRTP_AEAD_AES_256_GCM)));
            try (DtlsConnection conn = DtlsClient.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                    config, WAIT)) {
                Printed openssl = printed(server, true);
                assertEquals(profile.openSslName(), openssl.profile());
                assertEquals(profile, conn.negotiated().srtpProfile().orElseThrow());
                assertTrue(conn.negotiated().extendedMasterSecret());
                byte[] ours = conn.exportKeyingMaterial(SrtpKeyingMaterial.EXPORTER_LABEL, null, profile.exportLength());
                assertEquals(HexFormat.of().formatHex(openssl.keyingMaterial()), HexFormat.of().formatHex(ours),
                        server.transcript());
                SrtpKeyingMaterial keys = SrtpKeyingMaterial.of(conn.negotiated());
                assertEquals(HexFormat.of().formatHex(java.util.Arrays.copyOf(openssl.keyingMaterial(), profile.keyLength())),
                        HexFormat.of().formatHex(keys.clientMasterKey()), "client_write_SRTP_master_key comes first");
            }
        }
    }

    /** s_client, dtls4j server: the server's preference wins (RFC 5764 §4.1.1 leaves the choice to it). */
    @Test
    void openSslClientAgreesWithDtls4jServer() throws Exception {
        DtlsConfig config = dtls4j(DtlsPeer.Role.SERVER, b -> b.srtpProfiles(
                SrtpProfile.SRTP_AEAD_AES_128_GCM, SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_80));
        try (DtlsServer server = DtlsServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), config,
                ServerOptions.defaults())) {
            OpenSsl.Command cmd = OpenSsl.sClient(server.localAddress()).cipher(SUITE.openSslCipherList())
                    .verifyServer(TestPki.get().caFile())
                    .args("-use_srtp", "SRTP_AES128_CM_SHA1_80:SRTP_AEAD_AES_128_GCM")
                    .args(exportArgs(SrtpKeyingMaterial.EXPORTER_LABEL, 56));
            try (OpenSslProcess client = cmd.start(TestDirs.target())) {
                DtlsConnection conn = server.accept(WAIT);
                assertNotNull(conn, "no connection: " + client.transcript());
                Printed openssl = printed(client, true);
                assertEquals("SRTP_AEAD_AES_128_GCM", openssl.profile());
                assertEquals(SrtpProfile.SRTP_AEAD_AES_128_GCM, conn.negotiated().srtpProfile().orElseThrow());
                assertEquals(HexFormat.of().formatHex(openssl.keyingMaterial()),
                        HexFormat.of().formatHex(conn.exportKeyingMaterial(SrtpKeyingMaterial.EXPORTER_LABEL, null, 56)),
                        client.transcript());
                conn.close();
            }
        }
    }

    /** Another label, no SRTP: s_client, dtls4j server; and the use_srtp-less server answer. */
    @Test
    void anApplicationLabelWithoutSrtpAgreesBothWays() throws Exception {
        String label = "EXPORTER-dtls4j-interop";
        int port = OpenSsl.freeUdpPort();
        OpenSsl.Command s = OpenSsl.sServer(port).acceptOnce().listen().cipher(SUITE.openSslCipherList())
                .cert(TestPki.get().serverEcdsa()).args(exportArgs(label, 100));
        try (OpenSslProcess server = s.start(TestDirs.target())) {
            server.awaitStdout(OpenSsl.SERVER_READY, WAIT);
            // dtls4j offers use_srtp, s_server has none: RFC 5764 §4.1.1, the handshake goes on without SRTP.
            DtlsConfig config = dtls4j(DtlsPeer.Role.CLIENT, b -> b.srtpProfiles(SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_80));
            try (DtlsConnection conn = DtlsClient.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                    config, WAIT)) {
                Printed openssl = printed(server, false);
                assertTrue(conn.negotiated().srtpProfile().isEmpty());
                assertEquals(HexFormat.of().formatHex(openssl.keyingMaterial()),
                        HexFormat.of().formatHex(conn.exportKeyingMaterial(label, null, 100)), server.transcript());
            }
        }
        DtlsConfig config = dtls4j(DtlsPeer.Role.SERVER, UnaryOperator.identity());
        try (DtlsServer server = DtlsServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), config,
                ServerOptions.defaults())) {
            OpenSsl.Command c = OpenSsl.sClient(server.localAddress()).cipher(SUITE.openSslCipherList())
                    .verifyServer(TestPki.get().caFile()).args(exportArgs(label, 33));
            try (OpenSslProcess client = c.start(TestDirs.target())) {
                DtlsConnection conn = server.accept(WAIT);
                assertNotNull(conn, "no connection: " + client.transcript());
                Printed openssl = printed(client, false);
                assertEquals(HexFormat.of().formatHex(openssl.keyingMaterial()),
                        HexFormat.of().formatHex(conn.exportKeyingMaterial(label, null, 33)), client.transcript());
                conn.close();
            }
        }
    }
}
