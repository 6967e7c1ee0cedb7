package org.dtls4j.handshake.ticket;

/**
 * Why a presented ticket was not used. Each one leads to a full handshake, never to an alert: RFC
 * 5077 §3.4, "If the server cannot or does not want to honor the ticket, then it can initiate a full
 * handshake with the client." The server counts them by reason ({@link TicketCounters}).
 */
public enum TicketRejection {
    /** Its key_name names no key that still opens tickets: from before the overlap window, from another fleet, or from a key not yet known here. */
    UNKNOWN_KEY,
    /** Too short, or its AEAD tag does not verify (truncated, forged, or altered), or its state does not parse. */
    MALFORMED,
    /** Older than the lifetime (counted from the full handshake). */
    EXPIRED,
    /** Made more than the allowed clock skew in the future: a server whose clock is ahead. */
    NOT_YET_VALID,
    /** Its cipher suite is no longer offered by the client or allowed by the server (RFC 5246 §7.4.1.2). */
    SUITE_NOT_OFFERED,
    /** Made without extended master secret while the client now offers it, or while it is required (RFC 7627 §5.3). */
    EXTENDED_MASTER_SECRET,
    /** Its peer identity is no longer accepted: a PSK identity the store no longer knows, another pin, another certificate type. */
    PEER_NOT_ACCEPTED
}
