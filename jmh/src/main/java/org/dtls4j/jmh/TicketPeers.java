package org.dtls4j.jmh;

import java.security.SecureRandom;
import java.time.Duration;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsSession;
import org.dtls4j.handshake.ticket.RotatingTicketKeys;
import org.dtls4j.handshake.ticket.SessionTickets;

/**
 * Three pairs of dtls4j engines in memory against one ECDHE-ECDSA P-256 server configuration with
 * session tickets on (RFC 5077), for the three ways a client can arrive: with nothing (a full
 * handshake, which issues a ticket), with a session ID the server cached and tickets off (RFC 5246
 * §7.3), and with its ticket (RFC 5077 §3.1). The construction checks that each path is the one
 * taken, by the ticket counters too, so a silent fall-back cannot pass for a cheap resumption.
 * Each method runs one handshake and returns the server's CPU nanoseconds for it, as
 * {@link Dtls4jPair#serverNanos()} counts them (clock readings included).
 */
final class TicketPeers {
    private static final KeyExchange KX = KeyExchange.ECDHE_ECDSA_P256;

    private final Dtls4jPair full;
    private final Dtls4jPair byId;
    private final Dtls4jPair byTicket;
    private final DtlsConfig ticketClient;
    private final DtlsConfig idClient;
    private final DtlsSession idSession;
    private final DtlsSession ticketSession;

    TicketPeers(Providers provider) {
        SecureRandom random = new SecureRandom();
        SessionTickets tickets = new SessionTickets(new RotatingTicketKeys(random, Duration.ofDays(1), Duration.ofHours(1)));
        DtlsConfig server = Peers.dtls4jServer(KX, provider).sessionTickets(tickets).build();
        ticketClient = Peers.dtls4jClient(KX, provider).offerSessionTickets(true).build();
        idClient = Peers.dtls4jClient(KX, provider).offerSessionTickets(false).build();
        full = new Dtls4jPair(server, random);
        byId = new Dtls4jPair(server, random);
        byTicket = new Dtls4jPair(server, random);

        full.handshake(ticketClient);
        ticketSession = full.client().negotiated().session();
        require(ticketSession.ticket().isPresent(), "the full handshake issued no ticket");
        byTicket.resume(ticketClient, ticketSession);
        require(resumed(byTicket) && tickets.counters().resumedCount() == 1, "the ticket did not resume");

        byId.handshake(idClient);
        idSession = byId.client().negotiated().session();
        require(idSession.ticket().isEmpty(), "a ticket was issued to a client that offered none");
        byId.resume(idClient, idSession);
        require(resumed(byId) && tickets.counters().resumedCount() == 1, "the session ID did not resume from the cache");
    }

    long full() {
        long before = full.serverNanos();
        full.handshake(ticketClient);
        return full.serverNanos() - before;
    }

    long bySessionId() {
        long before = byId.serverNanos();
        byId.resume(idClient, idSession);
        return byId.serverNanos() - before;
    }

    long byTicket() {
        long before = byTicket.serverNanos();
        byTicket.resume(ticketClient, ticketSession);
        return byTicket.serverNanos() - before;
    }

    private static boolean resumed(Dtls4jPair pair) {
        return pair.client().negotiated().resumed() && pair.server().negotiated().resumed();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
