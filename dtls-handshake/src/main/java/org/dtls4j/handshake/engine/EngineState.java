package org.dtls4j.handshake.engine;

/** The life of a {@link DtlsEngine}. */
public enum EngineState {
    /** Created; {@code start} not yet called (client) or first flight not yet processed. */
    NEW,
    /** Flights are being exchanged. */
    HANDSHAKING,
    /** The handshake completed: application data flows both ways. */
    CONNECTED,
    /** close_notify was sent or received (RFC 5246 §7.2.1). */
    CLOSED,
    /** A fatal alert was sent or received, or the handshake timed out; see {@link DtlsEngine#failure()}. */
    FAILED
}
