package org.dtls4j.handshake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.crypto.JcaProviders;
import org.dtls4j.handshake.TestPeers.Auth;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.sim.CookieServer;
import org.dtls4j.handshake.sim.SimulatedLink;
import org.dtls4j.handshake.ticket.MutableClock;
import org.dtls4j.handshake.ticket.RotatingTicketKeys;
import org.dtls4j.handshake.ticket.SessionTickets;
import org.dtls4j.handshake.ticket.TicketFormat;
import org.dtls4j.handshake.ticket.TicketKey;
import org.dtls4j.handshake.ticket.TicketKeys;
import org.dtls4j.handshake.ticket.TicketRejection;
import org.dtls4j.handshake.ticket.TicketState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Session tickets (RFC 5077) between dtls4j engines on the simulated link: a full handshake issues
 * one, a second server that shares only the ticket keys resumes it, a rotated key's ticket resumes
 * and is renewed, and every ticket that cannot resume gets a full handshake (and a new ticket),
 * counted by reason, never an alert.
 */
class TicketResumptionTest {
    private static final long MINUTE = 60_000_000_000L;
    private static final CipherSuite SUITE = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
    private static final Instant START = Instant.parse("2025-06-01T12:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final TicketKeys keys = new RotatingTicketKeys(new DeterministicRandom(99), Duration.ofHours(1), Duration.ofMinutes(30));

    private SessionTickets tickets() {
        return new SessionTickets(keys, Duration.ofHours(4), clock);
    }

    private static DtlsConfig server(CipherSuite suite, SessionTickets t) {
        return TestPeers.server(suite, Auth.SERVER).sessionTickets(t).build();
    }

    /** Runs one association to CONNECTED on both sides (with the cookie exchange); returns the server. */
    private static CookieServer connect(DtlsEngine client, DtlsConfig serverConfig, long seed, double loss) {
        CookieServer server = new CookieServer(serverConfig, new DeterministicRandom(seed + 100));
        SimulatedLink link = new SimulatedLink(client, server, seed).loss(loss).start();
        link.driveHandshake(10 * MINUTE, 100_000);
        link.flush(1000);
        assertEquals(EngineState.CONNECTED, client.state(), () -> "client: " + client.failure());
        assertEquals(EngineState.CONNECTED, server.state(), () -> "server: " + server.engine().failure());
        return server;
    }

    private static DtlsEngine client(CipherSuite suite, DtlsSession offered, long seed) {
        return DtlsEngine.client(TestPeers.client(suite, Auth.SERVER).build(), new DeterministicRandom(seed), offered);
    }

    private DtlsSession fullHandshake(CipherSuite suite, SessionTickets t) {
        DtlsEngine first = client(suite, null, 1);
        connect(first, server(suite, t), 1, 0);
        assertFalse(first.negotiated().resumed());
        return first.negotiated().session();
    }

    @ParameterizedTest
    @EnumSource(value = CipherSuite.class, names = {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_PSK_WITH_AES_128_CCM_8", "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256"})
    void aTicketFromOneServerResumesOnAnotherThatSharesOnlyTheKeys(CipherSuite suite) {
        SessionTickets issuing = tickets();
        DtlsSession session = fullHandshake(suite, issuing);
        assertTrue(session.ticket().isPresent(), "the server issued a ticket: " + session);
        assertEquals(32, session.sessionId().length, "the client made up a session ID to present it with");
        assertEquals(Duration.ofHours(4).toSeconds(), session.ticketLifetimeHint());
        assertEquals(1, issuing.counters().issuedCount());

        SessionTickets other = tickets(); // a second server: its own cache and counters, the same keys
        DtlsEngine second = client(suite, session, 2);
        CookieServer s2 = connect(second, server(suite, other), 2, 0);
        assertTrue(second.negotiated().resumed(), "client resumed");
        assertTrue(s2.engine().negotiated().resumed(), "server resumed");
        assertArrayEquals(session.sessionId(), s2.engine().negotiated().session().sessionId(), "RFC 5077 §3.4: the ID echoed");
        assertEquals(1, other.counters().resumedCount());
        assertEquals(0, other.counters().renewedCount(), "the key is current: no new ticket");
        assertArrayEquals(session.ticket().get(), second.negotiated().session().ticket().get(), "the client keeps its ticket");
        assertEquals(s2.engine().negotiated().pskIdentity(), TestPeers.client(suite, Auth.SERVER).build().hasClientPsk()
                ? java.util.Optional.of("client1") : java.util.Optional.empty(), "the identity travelled in the ticket");
    }

    @Test
    void aTicketUnderTheRotatedKeyResumesAndIsRenewed() {
        DtlsSession session = fullHandshake(SUITE, tickets());
        clock.advance(Duration.ofMinutes(70)); // the next hour's key seals; the old one is inside its overlap
        SessionTickets t = tickets();
        DtlsEngine second = client(SUITE, session, 2);
        connect(second, server(SUITE, t), 2, 0);
        assertTrue(second.negotiated().resumed());
        assertEquals(1, t.counters().renewedCount());
        byte[] renewed = second.negotiated().session().ticket().orElseThrow();
        assertFalse(Arrays.equals(session.ticket().get(), renewed));
        assertArrayEquals(keys.current(clock.instant()).name(), Arrays.copyOf(renewed, 16), "under the current key");
        assertEquals(Duration.ofHours(4).minusMinutes(70).toSeconds(), second.negotiated().session().ticketLifetimeHint(),
                "the session keeps the time of its full handshake");

        clock.advance(Duration.ofMinutes(60)); // the first key is gone; the renewed ticket still resumes
        DtlsEngine third = client(SUITE, second.negotiated().session(), 3);
        connect(third, server(SUITE, t), 3, 0);
        assertTrue(third.negotiated().resumed());
    }

    @Test
    void aTicketPastTheOverlapGetsAFullHandshakeAndANewTicket() {
        DtlsSession session = fullHandshake(SUITE, tickets());
        clock.advance(Duration.ofMinutes(100));
        assertFallsBack(session, SUITE, TicketRejection.UNKNOWN_KEY, tickets());
    }

    @Test
    void anExpiredTicketGetsAFullHandshake() {
        TicketKeys fixed = TicketKeys.of(TicketKey.generate(new DeterministicRandom(5)));
        SessionTickets t = new SessionTickets(fixed, Duration.ofHours(1), clock);
        DtlsSession session = fullHandshake(SUITE, t);
        clock.advance(Duration.ofHours(1));
        assertFallsBack(session, SUITE, TicketRejection.EXPIRED, new SessionTickets(fixed, Duration.ofHours(1), clock));
    }

    @Test
    void aTicketFromAServerWhoseClockIsAheadGetsAFullHandshake() {
        TicketKeys fixed = TicketKeys.of(TicketKey.generate(new DeterministicRandom(5)));
        DtlsSession session = fullHandshake(SUITE, new SessionTickets(fixed, Duration.ofHours(1), clock));
        MutableClock behind = new MutableClock(START.minus(Duration.ofMinutes(5)));
        assertFallsBack(session, SUITE, TicketRejection.NOT_YET_VALID, new SessionTickets(fixed, Duration.ofHours(1), behind));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 20, 40, -1})
    void aForgedOrTruncatedTicketGetsAFullHandshake(int where) {
        DtlsSession session = fullHandshake(SUITE, tickets());
        byte[] ticket = session.ticket().get();
        byte[] bad;
        if (where < 0) {
            bad = Arrays.copyOf(ticket, ticket.length - 1);
        } else {
            bad = ticket.clone();
            bad[16 + where] ^= 0x40; // past the key name: the nonce, then the sealed state
        }
        DtlsSession forged = withTicket(session, bad);
        assertFallsBack(forged, SUITE, TicketRejection.MALFORMED, tickets());
    }

    @Test
    void aTicketForASuiteTheClientNoLongerOffersGetsAFullHandshake() {
        DtlsSession session = fullHandshake(SUITE, tickets());
        // A client whose configuration now offers only AES-256: the session's suite is not among them.
        CipherSuite now = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384;
        SessionTickets t = tickets();
        DtlsEngine second = DtlsEngine.client(TestPeers.client(now, Auth.SERVER).build(), new DeterministicRandom(2), session);
        connect(second, TestPeers.server(SUITE, Auth.SERVER).cipherSuites(SUITE, now).sessionTickets(t).build(), 2, 0);
        assertFalse(second.negotiated().resumed());
        assertEquals(1, t.counters().rejectedCount(TicketRejection.SUITE_NOT_OFFERED));
    }

    /**
     * RFC 7627 §5.3: a session made without extended master secret is not resumed by a client that
     * offers it (ours always does); a full handshake makes a new session with it.
     */
    @Test
    void aTicketWithoutExtendedMasterSecretGetsAFullHandshake() {
        DtlsSession session = fullHandshake(SUITE, tickets());
        byte[] ms = new byte[48];
        TicketState legacy = new TicketState(SUITE, ms, false, START.getEpochSecond(), TicketState.IdentityType.NONE,
                new byte[0], null);
        byte[] ticket = TicketFormat.seal(legacy, keys.current(clock.instant()), new DeterministicRandom(3), JcaProviders.defaults());
        DtlsSession legacySession = new DtlsSession(session.sessionId(), SUITE, ms, false, session.peerCertificates(), null,
                null).withTicket(ticket, 0, session.sessionId());
        assertFallsBack(legacySession, SUITE, TicketRejection.EXTENDED_MASTER_SECRET, tickets());
    }

    @Test
    void aServerWithoutTicketsIgnoresTheExtensionAndResumesById() {
        DtlsConfig plain = TestPeers.server(SUITE, Auth.SERVER).build();
        DtlsEngine first = client(SUITE, null, 1);
        connect(first, plain, 1, 0);
        DtlsSession session = first.negotiated().session();
        assertTrue(session.ticket().isEmpty());
        assertEquals(32, session.sessionId().length, "the server's own session ID");
        DtlsEngine second = client(SUITE, session, 2);
        connect(second, plain, 2, 0);
        assertTrue(second.negotiated().resumed(), "by session ID, from the server's cache");
    }

    @Test
    void aClientThatDoesNotOfferTicketsGetsASessionId() {
        DtlsEngine first = DtlsEngine.client(TestPeers.client(SUITE, Auth.SERVER).offerSessionTickets(false).build(),
                new DeterministicRandom(1));
        SessionTickets t = tickets();
        connect(first, server(SUITE, t), 1, 0);
        assertTrue(first.negotiated().session().ticket().isEmpty());
        assertEquals(32, first.negotiated().session().sessionId().length);
        assertEquals(0, t.counters().issuedCount());
    }

    /**
     * The NewSessionTicket is part of the server's last flight (RFC 6347 §4.2.4): lost, it comes
     * again with the flight when the client retransmits its own. Full and abbreviated handshakes
     * under 30 % loss, ten seeds each.
     */
    @Test
    void theTicketSurvivesLossAsPartOfItsFlight() {
        Duration patient = Duration.ofMinutes(5); // 30 % loss each way outlasts the default 30 s now and then
        DtlsConfig clientConfig = TestPeers.client(SUITE, Auth.SERVER).handshakeTimeout(patient).build();
        for (long seed = 10; seed < 20; seed++) {
            SessionTickets t = tickets();
            DtlsConfig serverConfig = TestPeers.server(SUITE, Auth.SERVER).sessionTickets(t).handshakeTimeout(patient).build();
            DtlsEngine first = DtlsEngine.client(clientConfig, new DeterministicRandom(seed));
            connect(first, serverConfig, seed, 0.3);
            DtlsSession session = first.negotiated().session();
            assertTrue(session.ticket().isPresent(), "seed " + seed);
            DtlsEngine second = DtlsEngine.client(clientConfig, new DeterministicRandom(seed + 1000), session);
            connect(second, serverConfig, seed + 1000, 0.3);
            assertTrue(second.negotiated().resumed(), "seed " + seed);
        }
    }

    /**
     * The first datagram that carries the NewSessionTicket (a handshake record of epoch 0 whose
     * message is msg_type 4) is lost: the client retransmits flight 5, and the server's flight 6
     * comes again whole, ticket included.
     */
    @Test
    void aLostNewSessionTicketComesAgainWithItsFlight() {
        DtlsEngine first = client(SUITE, null, 1);
        SessionTickets t = tickets();
        CookieServer server = new CookieServer(server(SUITE, t), new DeterministicRandom(101));
        int[] dropped = {0};
        SimulatedLink link = new SimulatedLink(first, server, 1).dropRule((d, i, b) -> d == SimulatedLink.Direction.SERVER_TO_CLIENT
                && carriesNewSessionTicket(b) && dropped[0]++ == 0).start();
        link.driveHandshake(10 * MINUTE, 100_000);
        link.flush(1000);
        assertTrue(dropped[0] >= 2, "the ticket's datagram was dropped once and sent again: " + dropped[0]);
        assertEquals(EngineState.CONNECTED, first.state(), () -> "client: " + first.failure());
        assertEquals(EngineState.CONNECTED, server.state());
        assertTrue(first.negotiated().session().ticket().isPresent());
    }

    private static boolean carriesNewSessionTicket(byte[] datagram) {
        for (int at = 0; at + 13 < datagram.length; ) {
            int length = ((datagram[at + 11] & 0xFF) << 8) | (datagram[at + 12] & 0xFF);
            boolean epoch0 = datagram[at + 3] == 0 && datagram[at + 4] == 0;
            if (datagram[at] == 22 && epoch0 && datagram[at + 13] == 4) {
                return true;
            }
            at += 13 + length;
        }
        return false;
    }

    private void assertFallsBack(DtlsSession session, CipherSuite suite, TicketRejection reason, SessionTickets t) {
        DtlsEngine second = client(suite, session, 2);
        CookieServer s = connect(second, server(suite, t), 2, 0);
        assertFalse(second.negotiated().resumed(), "a full handshake");
        assertFalse(s.engine().negotiated().resumed());
        assertEquals(1, t.counters().rejectedCount(reason), () -> t.counters().toString());
        assertEquals(1, t.counters().rejectedCount(), () -> t.counters().toString());
        assertEquals(1, t.counters().issuedCount(), "and a new ticket");
        assertNotEquals(session.ticket().map(Arrays::toString), second.negotiated().session().ticket().map(Arrays::toString));
    }

    private static DtlsSession withTicket(DtlsSession s, byte[] ticket) {
        return new DtlsSession(s.sessionId(), s.cipherSuite(), s.masterSecret(), s.extendedMasterSecret(),
                s.peerCertificates(), s.pskIdentity(), s.serverName()).withTicket(ticket, 0, s.sessionId());
    }
}
