package org.dtls4j.handshake.protocol;

import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.dtls4j.crypto.JcaProviders;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.handshake.DtlsSession;
import org.dtls4j.handshake.extension.Extension;
import org.dtls4j.handshake.extension.ExtensionType;
import org.dtls4j.handshake.extension.SessionTicket;
import org.dtls4j.handshake.message.ClientHello;
import org.dtls4j.handshake.message.NewSessionTicket;
import org.dtls4j.handshake.ticket.SessionTickets;
import org.dtls4j.handshake.ticket.TicketFormat;
import org.dtls4j.handshake.ticket.TicketRejection;
import org.dtls4j.handshake.ticket.TicketState;
import org.dtls4j.handshake.ticket.TicketState.IdentityType;

/**
 * The server's side of RFC 5077 for one handshake: whether the client asked for a ticket, whether
 * the ticket it presented resumes a session, and the NewSessionTicket to send. A ticket that does
 * not resume is counted by reason and the handshake goes on in full (RFC 5077 §3.4: "If the server
 * cannot or does not want to honor the ticket, then it can initiate a full handshake with the
 * client"); only a ticket whose session had extended master secret, presented without it, is fatal
 * (RFC 7627 §5.3).
 */
final class ServerTickets {
    private final DtlsConfig config;
    private final SessionTickets tickets;
    private final ServerNegotiation negotiation;
    private final HandshakeHooks hooks;
    private final JcaProviders providers;
    /** When the session now being resumed by ticket had its full handshake, or -1. */
    private long resumedCreated = -1;
    private boolean renew;

    ServerTickets(DtlsConfig config, ServerNegotiation negotiation, HandshakeHooks hooks) {
        this.config = config;
        this.tickets = config.sessionTickets();
        this.negotiation = negotiation;
        this.hooks = hooks;
        this.providers = config.providers();
    }

    /** RFC 5077 §3.2: we issue tickets, and the client sent the SessionTicket extension. */
    boolean requested(ClientHello ch) {
        return tickets != null && ch.extensions().contains(ExtensionType.SESSION_TICKET);
    }

    /**
     * The session the client's ticket resumes, with the client's session ID (RFC 5077 §3.4: "If the
     * server accepts the ticket and the Session ID is not empty, then it MUST respond with the same
     * Session ID"); {@code null} for a full handshake.
     *
     * @throws DtlsException handshake_failure for a session with extended master secret resumed
     *                       without it (RFC 7627 §5.3: "the server MUST abort the abbreviated handshake")
     */
    DtlsSession resume(ClientHello ch, boolean ems) throws DtlsException {
        Optional<Extension> e = ch.extensions().find(ExtensionType.SESSION_TICKET);
        if (tickets == null || e.isEmpty() || !SessionTicket.decode(e.get().data()).presentsTicket()) {
            return null;
        }
        TicketFormat.Opened opened = tickets.open(e.get().data(), providers);
        if (!opened.isOpen()) {
            return reject(opened.rejection());
        }
        TicketState state = opened.state();
        DtlsSession session;
        try {
            session = session(state, ch.sessionId());
        } catch (DtlsException ex) {
            return reject(TicketRejection.MALFORMED);
        } finally {
            state.destroy();
        }
        if (session.extendedMasterSecret() && !ems) {
            tickets.counters().rejected(TicketRejection.EXTENDED_MASTER_SECRET);
            throw new DtlsException(AlertDescription.HANDSHAKE_FAILURE, "the ticket's session used extended_master_secret"
                    + " and this ClientHello does not offer it (RFC 7627 §5.3)");
        }
        if (!session.extendedMasterSecret() && (ems || config.requireExtendedMasterSecret())) {
            // RFC 7627 §5.3: "the server MUST NOT perform the abbreviated handshake".
            return reject(TicketRejection.EXTENDED_MASTER_SECRET);
        }
        TicketRejection unfit = negotiation.unresumable(session, ch);
        if (unfit == null && session.pskIdentity() != null
                && (config.pskStore() == null || config.pskStore().keyFor(session.pskIdentity()) == null)) {
            unfit = TicketRejection.PEER_NOT_ACCEPTED;
        }
        if (unfit != null) {
            session.destroy();
            return reject(unfit);
        }
        tickets.counters().resumed();
        resumedCreated = state.createdSeconds();
        renew = tickets.shouldRenew(opened.key());
        hooks.trace(() -> "session ticket accepted" + (renew ? "; its key is no longer current: renewing it" : ""));
        return session;
    }

    /** Whether the abbreviated handshake now under way sends a new ticket: its ticket's key has been rotated out. */
    boolean renewing() {
        return renew;
    }

    /**
     * The NewSessionTicket for {@code session} (RFC 5077 §3.3): new after a full handshake, or the
     * resumed one sealed again under the current key, keeping the time of its full handshake.
     */
    NewSessionTicket issue(DtlsSession session, SecureRandom random) throws DtlsException {
        long created = resumedCreated >= 0 ? resumedCreated : tickets.nowSeconds();
        TicketState state = state(session, created);
        try {
            byte[] ticket = tickets.seal(state, random, providers);
            if (resumedCreated >= 0) {
                tickets.counters().renewed();
            } else {
                tickets.counters().issued();
            }
            return new NewSessionTicket(tickets.lifetimeHint(created), ticket);
        } finally {
            state.destroy();
        }
    }

    private DtlsSession reject(TicketRejection why) {
        tickets.counters().rejected(why);
        hooks.trace(() -> "session ticket not used (" + why + "): full handshake");
        return null;
    }

    /** The state a ticket carries for {@code session}: the client's identity as {@link TicketState} describes it. */
    private static TicketState state(DtlsSession s, long created) throws DtlsException {
        IdentityType type = IdentityType.NONE;
        byte[] identity = new byte[0];
        if (s.peerRawPublicKey().isPresent()) {
            type = IdentityType.RAW_PUBLIC_KEY;
            identity = s.peerRawPublicKey().get().getEncoded();
        } else if (!s.peerCertificates().isEmpty()) {
            type = IdentityType.X509_LEAF;
            identity = Handshake.encoded(s.peerCertificates().get(0));
        } else if (s.pskIdentity() != null) {
            type = IdentityType.PSK_IDENTITY;
            identity = s.pskIdentity();
        }
        byte[] ms = s.masterSecret();
        try {
            return new TicketState(s.cipherSuite(), ms, s.extendedMasterSecret(), created, type, identity, s.serverName());
        } finally {
            java.util.Arrays.fill(ms, (byte) 0);
        }
    }

    private DtlsSession session(TicketState t, byte[] sessionId) throws DtlsException {
        List<X509Certificate> chain = List.of();
        PublicKey raw = null;
        byte[] psk = null;
        switch (t.identityType()) {
            case X509_LEAF -> chain = PeerCertificates.parse(List.of(t.identity()));
            case RAW_PUBLIC_KEY -> raw = RawPublicKeyChecks.parse(t.identity(), providers, "client");
            case PSK_IDENTITY -> psk = t.identity();
            case NONE -> { }
        }
        byte[] ms = t.masterSecret();
        try {
            return new DtlsSession(sessionId, t.cipherSuite(), ms, t.extendedMasterSecret(), chain, psk, t.serverName(), raw);
        } finally {
            java.util.Arrays.fill(ms, (byte) 0);
        }
    }
}
