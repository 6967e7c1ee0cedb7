package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.Random;
import org.dtls4j.handshake.DtlsSession;
import org.dtls4j.handshake.Negotiated;
import org.dtls4j.handshake.ticket.SessionTickets;
import org.dtls4j.handshake.ticket.TicketKey;
import org.dtls4j.handshake.ticket.TicketKeys;
import org.dtls4j.handshake.ticket.TicketRejection;
import org.dtls4j.transport.DtlsConnection;
import org.dtls4j.transport.ServerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Session tickets (RFC 5077) between dtls4j and OpenSSL, both roles: OpenSSL's {@code s_server}
 * issues tickets by default and dtls4j's client asks for them by default; a dtls4j server issues
 * them when configured with a {@link SessionTickets}, and {@code s_client} carries its ticket from
 * one process to the next in a {@code -sess_out}/{@code -sess_in} file, to a second dtls4j server
 * that shares only the ticket key. A ticket sealed before a key rotation still resumes on a server
 * that holds the old key behind the new one, and comes back renewed under the new key; a server
 * that has dropped the old key does a full handshake.
 */
@ExtendWith(InteropReport.class)
@Timeout(90)
class Dtls4jTicketResumptionTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** The NewSessionTicket message type (RFC 5077 §3.3). */
    private static final int NEW_SESSION_TICKET = 4;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_PSK_WITH_AES_128_CCM_8"})
    void dtls4jClientResumesByTicketWithOpenSslServer(Suite suite) throws Exception {
        InteropCase c = InteropCase.of(Dtls4jPeer.DTLS4J, OpenSslPeer.FACTORY, suite).withoutListen();
        long t0 = System.nanoTime();
        try (OpenSslPeer server = OpenSslPeer.server(c, 2)) {
            DtlsSession session;
            try (Dtls4jPeer first = Dtls4jPeer.client("dtls4j", c, server.address(), null)) {
                first.start(WAIT);
                server.start(WAIT);
                assertFalse(first.negotiated().resumed(), first.diagnostics());
                roundTrip(first, server, 1);
                session = first.connection().session();
                assertNotNull(session, first.negotiated().toString());
                assertTrue(session.ticket().isPresent(), "s_server issued a ticket: " + session + first.diagnostics());
                assertTrue(session.ticketLifetimeHint() > 0, "with a lifetime hint");
            }
            try (Dtls4jPeer second = Dtls4jPeer.client("dtls4j", c, server.address(), session)) {
                second.start(WAIT);
                server.start(WAIT);
                Negotiated n = second.negotiated();
                assertTrue(n.resumed(), "abbreviated handshake: " + n + "\n" + second.diagnostics() + server.diagnostics());
                assertArrayEquals(session.sessionId(), n.session().sessionId(), "RFC 5077 §3.4: our session ID echoed");
                assertTrue(server.process().stdoutText().contains("Reused session-id"), server.diagnostics());
                roundTrip(second, server, 2);
            }
            InteropReport.record(c, "ticket resumption", InteropReport.Result.PASS, (System.nanoTime() - t0) / 1_000_000,
                    "resumed by ticket");
        } catch (Exception | AssertionError e) {
            InteropReport.record(c, "ticket resumption", InteropReport.Result.FAIL, (System.nanoTime() - t0) / 1_000_000,
                    String.valueOf(e));
            throw e;
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_PSK_WITH_AES_256_GCM_SHA384"})
    void openSslClientResumesByOurTicket(Suite suite) throws Exception {
        TicketKeys keys = TicketKeys.of(TicketKey.generate(new SecureRandom()));
        Path sessionFile = Files.createTempFile(TestDirs.under("openssl-logs"), "ticket-", ".pem");
        SessionTickets first = new SessionTickets(keys);
        InteropCase c = InteropCase.of(OpenSslPeer.FACTORY, ticketServers(first), suite);
        long t0 = System.nanoTime();
        try {
            issueTo(c, first, sessionFile);
            // A second server (another port, cache and counters) that shares only the key resumes it.
            SessionTickets second = new SessionTickets(keys);
            Negotiated n = resumeFrom(InteropCase.of(OpenSslPeer.FACTORY, ticketServers(second), suite), sessionFile, r -> { });
            assertTrue(n.resumed(), "abbreviated handshake: " + n);
            assertEquals(1, second.counters().resumedCount(), second.counters().toString());
            assertEquals(suite.name(), n.cipherSuite().ianaName());
            InteropReport.record(c, "ticket resumption", InteropReport.Result.PASS, (System.nanoTime() - t0) / 1_000_000,
                    "resumed by ticket on a second server");
        } catch (Exception | AssertionError e) {
            InteropReport.record(c, "ticket resumption", InteropReport.Result.FAIL, (System.nanoTime() - t0) / 1_000_000,
                    String.valueOf(e));
            throw e;
        }
    }

    /**
     * A ticket sealed under K1 resumes on a server whose keys are K2 (current) and K1 (the overlap),
     * which sends s_client a NewSessionTicket under K2 in the abbreviated handshake (its key_name
     * comes first in the ticket); on a server that holds K2 only, the K1 ticket gets a full
     * handshake. (s_client writes {@code -sess_out} only after a full handshake, so the renewed
     * ticket is read from its message log; the engine tests resume it.)
     */
    @Test
    void aTicketFromBeforeARotationResumesAndIsRenewed() throws Exception {
        Suite suite = Suite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
        TicketKey k1 = TicketKey.generate(new SecureRandom());
        TicketKey k2 = TicketKey.generate(new SecureRandom());
        Path before = Files.createTempFile(TestDirs.under("openssl-logs"), "ticket-k1-", ".pem");
        issueTo(InteropCase.of(OpenSslPeer.FACTORY, ticketServers(new SessionTickets(TicketKeys.of(k1))), suite),
                new SessionTickets(TicketKeys.of(k1)), before);

        SessionTickets rotated = new SessionTickets(TicketKeys.of(k2, k1));
        byte[][] renewed = new byte[1][];
        Negotiated n = resumeFrom(InteropCase.of(OpenSslPeer.FACTORY, ticketServers(rotated), suite), before,
                records -> renewed[0] = newTicket(records));
        assertTrue(n.resumed(), "the old key is inside the overlap: " + n);
        assertEquals(1, rotated.counters().renewedCount(), rotated.counters().toString());
        assertNotNull(renewed[0], "s_client received a NewSessionTicket in the abbreviated handshake");
        assertArrayEquals(k2.name(), Arrays.copyOf(renewed[0], TicketKey.NAME_LENGTH), "sealed under the current key");

        SessionTickets k2Only = new SessionTickets(TicketKeys.of(k2));
        assertFalse(resumeFrom(InteropCase.of(OpenSslPeer.FACTORY, ticketServers(k2Only), suite), before, r -> { }).resumed(),
                "the K1 ticket, K1 gone: a full handshake");
        assertEquals(1, k2Only.counters().rejectedCount(TicketRejection.UNKNOWN_KEY), k2Only.counters().toString());
        assertEquals(1, k2Only.counters().issuedCount(), "and a new ticket");
    }

    /** The ticket of the NewSessionTicket s_client received (RFC 5077 §3.3: lifetime hint, then ticket<0..2^16-1>), or null. */
    private static byte[] newTicket(List<OpenSslMsgFile.Entry> records) {
        List<OpenSslMsgFile.Entry> nst = OpenSslMsgFile.handshakes(records, false, NEW_SESSION_TICKET);
        if (nst.isEmpty()) {
            return null;
        }
        byte[] body = nst.get(0).handshakeBody();
        return Arrays.copyOfRange(body, 6, 6 + ((body[4] & 0xFF) << 8 | (body[5] & 0xFF)));
    }

    /** dtls4j servers that issue and take tickets with {@code tickets}. */
    static PeerFactory ticketServers(SessionTickets tickets) {
        return Dtls4jPeer.factory("dtls4j", ServerOptions.defaults(),
                config -> config.toBuilder().sessionTickets(tickets).build());
    }

    /** A full handshake of s_client with a ticket-issuing dtls4j server; s_client writes its session to {@code sessionFile}. */
    private static void issueTo(InteropCase c, SessionTickets tickets, Path sessionFile) throws Exception {
        try (Dtls4jPeer server = (Dtls4jPeer) c.server().server(c);
             OpenSslPeer client = OpenSslPeer.client(c, server.address(), "-sess_out", sessionFile.toString())) {
            client.start(WAIT);
            server.start(WAIT);
            assertFalse(server.negotiated().resumed(), server.diagnostics());
            roundTrip(client, server, 3);
            List<OpenSslMsgFile.Entry> records = OpenSslMsgFile.read(client.msgFile());
            assertEquals(1, OpenSslMsgFile.handshakes(records, false, NEW_SESSION_TICKET).size(),
                    "s_client received one NewSessionTicket");
        }
        assertTrue(Files.size(sessionFile) > 0, "s_client wrote its session");
    }

    /**
     * s_client offers the session in {@code sessionFile} to a new dtls4j server; {@code log} sees
     * s_client's records; returns what the server negotiated.
     */
    private static Negotiated resumeFrom(InteropCase c, Path sessionFile, Consumer<List<OpenSslMsgFile.Entry>> log)
            throws Exception {
        try (Dtls4jPeer server = (Dtls4jPeer) c.server().server(c);
             OpenSslPeer client = OpenSslPeer.client(c, server.address(), "-sess_in", sessionFile.toString())) {
            client.start(WAIT);
            server.start(WAIT);
            Negotiated n = server.negotiated();
            byte[] line = Payloads.line(80, new Random(4));
            client.send(line);
            assertArrayEquals(line, server.receive(WAIT));
            server.send(line);
            assertArrayEquals(line, client.receive(WAIT));
            List<OpenSslMsgFile.Entry> records = OpenSslMsgFile.read(client.msgFile());
            log.accept(records);
            if (n.resumed()) {
                assertEquals(List.of(), OpenSslMsgFile.handshakes(records, false, 11), "no Certificate received");
                assertEquals(List.of(), OpenSslMsgFile.handshakes(records, true, 16), "no ClientKeyExchange sent");
            }
            return n;
        }
    }

    private static void roundTrip(DtlsPeer a, DtlsPeer b, long seed) throws Exception {
        Random random = new Random(seed);
        byte[] up = Payloads.line(100, random);
        a.send(up);
        assertArrayEquals(up, b.receive(WAIT));
        byte[] down = Payloads.line(1000, random);
        b.send(down);
        assertArrayEquals(down, a.receive(WAIT));
    }
}
