package org.dtls4j.transport;

import java.io.IOException;
import org.dtls4j.handshake.DtlsException;

/**
 * Thrown by {@link DtlsConnection#send} and {@link DtlsConnection#receive} once the connection has
 * ended; {@link #reason()} says how. A failure keeps the engine's {@link DtlsException} (with its
 * alert, RFC 5246 §7.2) as the cause.
 */
public final class ConnectionClosedException extends IOException {
    private static final long serialVersionUID = 1L;

    /** How a connection ended. */
    public enum Reason {
        /** This side called {@link DtlsConnection#close()} (close_notify sent, RFC 5246 §7.2.1). */
        CLOSED_LOCALLY,
        /** The peer sent close_notify (RFC 5246 §7.2.1); data that arrived before it is still delivered. */
        CLOSED_BY_PEER,
        /** A fatal alert was sent or received, or the handshake timed out: see {@link #getCause()}. */
        FAILED,
        /** The server heard nothing from the peer for its idle timeout. */
        IDLE_TIMEOUT,
        /** The peer started a new association from the same address and port (RFC 6347 §4.2.8). */
        REPLACED,
        /** The server (or the client's socket) was shut down. */
        TRANSPORT_CLOSED
    }

    private final Reason reason;

    public ConnectionClosedException(Reason reason, String message, DtlsException cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** Copies {@code original} so that the stack trace shows the caller that hit the closed connection. */
    ConnectionClosedException(ConnectionClosedException original) {
        super(original.getMessage(), original.getCause());
        this.reason = original.reason;
    }

    public Reason reason() {
        return reason;
    }

    /** The handshake or connection failure, when {@link #reason()} is {@link Reason#FAILED}; else {@code null}. */
    public DtlsException failure() {
        return getCause() instanceof DtlsException d ? d : null;
    }
}
