package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.dtls4j.handshake.DtlsSession;
import org.dtls4j.handshake.Negotiated;
import org.dtls4j.transport.DtlsConnection;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Session resumption by session ID (RFC 5246 §7.3, the abbreviated handshake) between dtls4j and
 * OpenSSL, both roles: a full handshake, data, close; then a second association offering the
 * session, which both sides must resume, and data again.
 *
 * <p>{@code s_server} serves the two associations in one process, so it runs without
 * {@code -listen} (with it, {@code s_server} connects its socket to the first client). The dtls4j
 * client here offers no session ticket extension ({@code offerSessionTickets(false)}), so OpenSSL
 * resumes by ID (tickets: {@link Dtls4jTicketResumptionTest}); the dtls4j server issues no tickets
 * unless configured, so {@code s_client} resumes by ID too, carrying its session from the first to
 * the second process in a {@code -sess_out}/{@code -sess_in} file.
 */
@ExtendWith(InteropReport.class)
@Timeout(60)
class Dtls4jResumptionTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final java.util.function.UnaryOperator<org.dtls4j.handshake.DtlsConfig> NO_TICKETS =
            config -> config.toBuilder().offerSessionTickets(false).build();

    @ParameterizedTest(name = "{0}")
    @CsvSource({"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_PSK_WITH_AES_128_CCM_8"})
    void dtls4jClientResumesWithOpenSslServer(Suite suite) throws Exception {
        InteropCase c = InteropCase.of(Dtls4jPeer.DTLS4J, OpenSslPeer.FACTORY, suite).withoutListen();
        long t0 = System.nanoTime();
        try (OpenSslPeer server = OpenSslPeer.server(c, 2)) {
            DtlsSession session;
            byte[] firstId;
            try (Dtls4jPeer first = Dtls4jPeer.client("dtls4j", c, server.address(), null, NO_TICKETS)) {
                first.start(WAIT);
                server.start(WAIT);
                assertFalse(first.negotiated().resumed(), first.diagnostics());
                roundTrip(first, server, 1);
                session = first.connection().session();
                assertNotNull(session, "the server gave a session ID: " + first.negotiated());
                firstId = session.sessionId();
                assertTrue(firstId.length > 0, "an empty session ID cannot be resumed");
            }
            try (Dtls4jPeer second = Dtls4jPeer.client("dtls4j", c, server.address(), session, NO_TICKETS)) {
                second.start(WAIT);
                server.start(WAIT);
                Negotiated n = second.negotiated();
                assertTrue(n.resumed(), "abbreviated handshake: " + n + "\n" + second.diagnostics() + server.diagnostics());
                assertArrayEquals(firstId, n.session().sessionId(), "the same session");
                assertEquals(suite.name(), n.cipherSuite().ianaName());
                assertTrue(server.process().stdoutText().contains("Reused session-id"), server.diagnostics());
                roundTrip(second, server, 2);
            }
            InteropReport.record(c, "resumption", InteropReport.Result.PASS, (System.nanoTime() - t0) / 1_000_000,
                    "resumed by session ID");
        } catch (Exception | AssertionError e) {
            InteropReport.record(c, "resumption", InteropReport.Result.FAIL, (System.nanoTime() - t0) / 1_000_000, String.valueOf(e));
            throw e;
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_PSK_WITH_AES_256_GCM_SHA384"})
    void openSslClientResumesWithDtls4jServer(Suite suite) throws Exception {
        InteropCase c = InteropCase.of(OpenSslPeer.FACTORY, Dtls4jPeer.DTLS4J, suite);
        Path sessionFile = Files.createTempFile(TestDirs.under("openssl-logs"), "session-", ".pem");
        long t0 = System.nanoTime();
        try (Dtls4jPeer server = Dtls4jPeer.server("dtls4j", c, org.dtls4j.transport.ServerOptions.defaults())) {
            try (OpenSslPeer first = OpenSslPeer.client(c, server.address(), "-sess_out", sessionFile.toString())) {
                first.start(WAIT);
                server.start(WAIT);
                assertFalse(server.negotiated().resumed(), server.diagnostics());
                roundTrip(first, server, 3);
            }
            assertTrue(Files.size(sessionFile) > 0, "s_client wrote its session");
            try (OpenSslPeer second = OpenSslPeer.client(c, server.address(), "-sess_in", sessionFile.toString())) {
                second.start(WAIT);
                DtlsConnection resumed = server.server().accept(WAIT);
                assertNotNull(resumed, "second association: " + server.diagnostics() + second.diagnostics());
                try {
                    Negotiated n = resumed.negotiated();
                    assertTrue(n.resumed(), "abbreviated handshake: " + n + "\n" + server.diagnostics());
                    assertEquals(suite.name(), n.cipherSuite().ianaName());
                    // The abbreviated handshake has no Certificate and no key exchange: s_client's records show it.
                    List<OpenSslMsgFile.Entry> records = OpenSslMsgFile.read(second.msgFile());
                    assertEquals(List.of(), OpenSslMsgFile.handshakes(records, false, 11), "no Certificate received");
                    assertEquals(List.of(), OpenSslMsgFile.handshakes(records, true, 16), "no ClientKeyExchange sent");
                    byte[] line = Payloads.line(80, new Random(4));
                    second.send(line);
                    assertArrayEquals(line, resumed.receive(WAIT));
                    resumed.send(line);
                    assertArrayEquals(line, second.receive(WAIT));
                } finally {
                    resumed.close();
                }
            }
            InteropReport.record(c, "resumption", InteropReport.Result.PASS, (System.nanoTime() - t0) / 1_000_000,
                    "resumed by session ID");
        } catch (Exception | AssertionError e) {
            InteropReport.record(c, "resumption", InteropReport.Result.FAIL, (System.nanoTime() - t0) / 1_000_000, String.valueOf(e));
            throw e;
        }
    }

    /** One line each way between {@code a} and {@code b}, compared byte for byte. */
    private static void roundTrip(DtlsPeer a, DtlsPeer b, long seed) throws Exception {
        Random random = new Random(seed);
        byte[] up = Payloads.line(100, random);
        a.send(up);
        assertArrayEquals(up, b.receive(WAIT));
        byte[] down = Payloads.line(1400, random);
        b.send(down);
        assertArrayEquals(down, a.receive(WAIT));
    }
}
