package org.dtls4j.netty;

/** Why a DTLS connection ended; carried by {@link DtlsEvent.Closed}. */
public enum CloseReason {
    /** This side closed it and sent close_notify (RFC 5246 §7.2.1). */
    CLOSED_LOCALLY,
    /** The peer sent close_notify. */
    CLOSED_BY_PEER,
    /** A fatal alert, sent or received, after the handshake; the event carries the cause. */
    FAILED,
    /** Nothing was heard from the peer for {@link DtlsServerLimits#idleTimeout()}. */
    IDLE_TIMEOUT,
    /** The peer started a new association from the same address (RFC 6347 §4.2.8), or another took the address over. */
    REPLACED,
    /** The channel was closed; close_notify went to every peer that was still open. */
    CHANNEL_CLOSED
}
