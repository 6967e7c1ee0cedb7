package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.transport.DtlsClient;
import org.dtls4j.transport.DtlsConnection;
import org.dtls4j.transport.DtlsServer;
import org.dtls4j.transport.ServerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Record size limits against real peers, both roles: max_fragment_length (RFC 6066 §4) with
 * OpenSSL ({@code s_client -maxfraglen 512}; dtls4j's client against {@code s_server}, which
 * answers it), record_size_limit (RFC 8449) with GnuTLS ({@code gnutls-cli --recordsize};
 * {@code gnutls-serv} answers a dtls4j client's). Application data goes both ways at the limit,
 * and one byte over is refused by dtls4j before anything is sent. The certificate flights are
 * larger than the limits, so the handshake fragments that keep to them are exercised as well; the
 * peers check what they receive (OpenSSL and GnuTLS both refuse an oversized record).
 */
@ExtendWith(InteropReport.class)
@Timeout(60)
class Dtls4jRecordSizeTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** OpenSSL peers started with {@code args} on top of the case's. */
    private static PeerFactory openSsl(String... args) {
        return new PeerFactory() {
            @Override
            public String name() {
                return "openssl " + String.join(" ", args);
            }

            @Override
            public DtlsPeer server(InteropCase c) throws IOException {
                return OpenSslPeer.server(c, 1, args);
            }

            @Override
            public DtlsPeer client(InteropCase c, InetSocketAddress server) {
                return OpenSslPeer.client(c, server, args);
            }
        };
    }

    private static final PeerFactory DTLS4J_MFL_512 = Dtls4jPeer.factory("dtls4j maxFragmentLength(512)",
            ServerOptions.defaults(), config -> config.toBuilder().maxFragmentLength(512).build());

    /** The limit holds on dtls4j's side: 512 bytes per datagram, 513 refused locally. */
    private static Interop.Check limitedTo(int bytes) {
        return (client, server) -> {
            DtlsConnection c = Matrix.dtls4j(client, server).connection();
            assertEquals(bytes, c.maxApplicationDataSize(), "dtls4j's largest datagram");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.send(new byte[bytes + 1]));
            assertTrue(e.getMessage().contains("max_fragment_length allows " + bytes), e.getMessage());
        };
    }

    /** dtls4j's handshake trace names what was agreed on. */
    private static void assertAgreed(TraceCapture trace, String fragment) {
        assertTrue(trace.lines().stream().anyMatch(l -> l.contains(fragment)), () -> "no trace line with '" + fragment
                + "':\n" + trace.tail(40));
    }

    /** Client certificates make the client's flight larger than the limit too. */
    private static InteropCase withClientAuthIfCertificates(InteropCase c) {
        return c.suite().mode() == InteropCase.Mode.PSK ? c : c.withClientAuth();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(names = {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
            "TLS_PSK_WITH_AES_128_CCM_8"})
    void openSslClientWithMaxFragLen512ToDtls4jServer(Suite suite) {
        InteropCase c = withClientAuthIfCertificates(InteropCase.of(openSsl("-maxfraglen", "512"), Dtls4jPeer.DTLS4J, suite))
                .withPayloadSizes(2, 64, 512);
        Interop.run(c, Matrix.negotiated(c).andThen(limitedTo(512)));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(names = {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
            "TLS_PSK_WITH_AES_128_CCM_8"})
    void dtls4jClientWithMaxFragmentLength512ToOpenSslServer(Suite suite) {
        InteropCase c = withClientAuthIfCertificates(InteropCase.of(DTLS4J_MFL_512, OpenSslPeer.FACTORY, suite))
                .withPayloadSizes(2, 64, 512);
        Interop.run(c, Matrix.negotiated(c).andThen(limitedTo(512)));
    }

    /**
     * gnutls-cli advertises record_size_limit 512 ({@code --recordsize=512}; gnutls-cli 3.7.9 takes
     * only 512, 1024, 2048 or 4096 there); dtls4j's server keeps its protected records to 512 bytes.
     */
    @Test
    void gnuTlsClientWithRecordSize256ToDtls4jServer() throws Exception {
        assumeTrue(GnuTls.available(), "gnutls-cli and gnutls-serv (Debian: gnutls-bin) are not installed");
        TestPki.Credential cert = TestPki.get().serverEcdsa();
        DtlsConfig config = DtlsConfig.builder().certificate(cert.chain(), cert.privateKey()).build();
        List<String> options = List.of("--recordsize=512", "--x509cafile=" + TestPki.get().caFile(),
                "--verify-hostname=localhost");
        try (TraceCapture trace = TraceCapture.install();
             DtlsServer server = DtlsServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), config,
                ServerOptions.defaults());
             OpenSslProcess client = GnuTls.client(server.localAddress().getPort(), options)) {
            DtlsConnection conn = server.accept(WAIT);
            assertNotNull(conn, () -> "no connection: " + client.transcript());
            client.awaitStdout(GnuTls.HANDSHAKE_DONE, WAIT);
            assertEquals(512, conn.maxApplicationDataSize(), () -> "the client's record_size_limit: " + client.transcript());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> conn.send(new byte[513]));
            assertTrue(e.getMessage().contains("record_size_limit allows 512"), e.getMessage());
            assertAgreed(trace, "record_size_limit: we send at most 512 and receive at most 16384");
            String line = "1 from gnutls-cli " + "y".repeat(200);
            client.write(line + "\n");
            byte[] got = conn.receive(WAIT);
            assertNotNull(got, () -> "nothing from gnutls-cli: " + client.transcript());
            assertEquals(line, new String(got, StandardCharsets.UTF_8).strip());
            String reply = "2 from dtls4j " + "x".repeat(497); // 511 bytes and the newline: 512
            conn.send((reply + "\n").getBytes(StandardCharsets.UTF_8));
            client.awaitStdout(Pattern.compile("^" + Pattern.quote(reply) + "$"), WAIT);
            conn.close();
        }
    }

    /**
     * A dtls4j client advertises record_size_limit 512; gnutls-serv answers the extension (dtls4j's
     * trace shows the agreement) and keeps its records to 512 bytes, or dtls4j would end the
     * connection with record_overflow. gnutls-serv --echo handles text in pieces of at most 128
     * bytes: a short line comes back.
     */
    @Test
    void dtls4jClientWithRecordSizeLimit512ToGnuTlsServer() throws Exception {
        List<String> trace = dtls4jClientToGnuTlsServer(512);
        assertTrue(trace.stream().anyMatch(l -> l.contains("record_size_limit: we send at most ")
                && l.contains(" and receive at most 512 plaintext bytes per record from epoch 1")), String.join("\n", trace));
    }

    /**
     * Below 512 gnutls-serv 3.7.9 leaves record_size_limit out of its ServerHello (it does not
     * send records that small), so nothing is agreed and the connection goes on without a limit,
     * as RFC 8449 §4 allows a peer that does not negotiate the extension.
     */
    @Test
    void gnuTlsServerIgnoresARecordSizeLimitBelow512() throws Exception {
        List<String> trace = dtls4jClientToGnuTlsServer(256);
        assertTrue(trace.stream().noneMatch(l -> l.contains("record_size_limit: we send")), String.join("\n", trace));
    }

    /** A dtls4j client with record_size_limit {@code limit} against gnutls-serv, one line echoed; the trace. */
    private static List<String> dtls4jClientToGnuTlsServer(int limit) throws Exception {
        assumeTrue(GnuTls.available(), "gnutls-cli and gnutls-serv (Debian: gnutls-bin) are not installed");
        TestPki.Credential cert = TestPki.get().serverEcdsa();
        List<String> options = new ArrayList<>(List.of("--x509certfile=" + cert.leafFile(), "--x509keyfile=" + cert.keyFile()));
        DtlsConfig config = DtlsConfig.builder().cipherSuites(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256)
                .trustedCertificates(List.of(TestPki.get().caCertificate())).serverName("localhost")
                .recordSizeLimit(limit).build();
        int port = OpenSsl.freeUdpPort();
        try (TraceCapture trace = TraceCapture.install(); OpenSslProcess gnutls = GnuTls.server(port, options)) {
            gnutls.awaitStderr(GnuTls.SERVER_READY, WAIT);
            try (DtlsConnection conn = DtlsClient.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                    config, WAIT)) {
                byte[] hello = ("1 from dtls4j, record_size_limit " + limit + "\n").getBytes(StandardCharsets.US_ASCII);
                conn.send(hello);
                assertArrayEquals(hello, conn.receive(WAIT), gnutls.transcript());
            }
            return trace.lines();
        }
    }
}
