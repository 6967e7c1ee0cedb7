package org.dtls4j.cli.pipe;

import java.net.InetSocketAddress;

/**
 * One tunnelled UDP flow: a DTLS session on one side, a plain UDP conversation on the other.
 * Tracks when a datagram last came from each side (left and right, as {@link StaleMode} names
 * them) and when the flow must end, so that {@link FlowTable} can close stale and expired flows.
 *
 * <p>The idle time and the time limit both count from the moment the session is established:
 * a handshake has its own timeout, and a slow one must not eat into the session's life.
 */
abstract class Flow {
    private final InetSocketAddress key;
    private final long lifetimeNanos;
    private volatile boolean established;
    private volatile long expiresAtNanos = Long.MAX_VALUE;
    private volatile long lastLeftNanos;
    private volatile long lastRightNanos;
    private volatile boolean closed;
    private String closeReason;

    /**
     * @param key           the address that names the flow (the plain client on the tunnel
     *                      client, the DTLS peer on the tunnel server)
     * @param lifetimeNanos how long the session may live, {@code Long.MAX_VALUE} for ever
     */
    Flow(InetSocketAddress key, long lifetimeNanos) {
        this.key = key;
        this.lifetimeNanos = lifetimeNanos;
    }

    InetSocketAddress key() {
        return key;
    }

    /** The DTLS session is up: the idle and lifetime clocks start. */
    void established(long nowNanos) {
        lastLeftNanos = nowNanos;
        lastRightNanos = nowNanos;
        if (lifetimeNanos != Long.MAX_VALUE) {
            expiresAtNanos = nowNanos + lifetimeNanos;
        }
        established = true;
    }

    /** A datagram came from the left side: the application at the client end, the session at the server end. */
    void heardLeft(long nowNanos) {
        lastLeftNanos = nowNanos;
    }

    /** A datagram came from the right side: the session at the client end, the service at the server end. */
    void heardRight(long nowNanos) {
        lastRightNanos = nowNanos;
    }

    /**
     * Why the flow should end now, or {@code null} if it should go on (always while handshaking).
     *
     * @param idleNanos how long a side may be silent
     * @param mode      which silence ends the flow
     */
    String endReason(long nowNanos, long idleNanos, StaleMode mode) {
        if (!established) {
            return null;
        }
        boolean leftSilent = nowNanos - lastLeftNanos >= idleNanos;
        boolean rightSilent = nowNanos - lastRightNanos >= idleNanos;
        if (mode.isStale(leftSilent, rightSilent)) {
            return leftSilent && rightSilent ? "idle" : leftSilent ? "idle (left side silent)" : "idle (right side silent)";
        }
        if (expiresAtNanos != Long.MAX_VALUE && nowNanos - expiresAtNanos >= 0) {
            return "time limit reached";
        }
        return null;
    }

    boolean isClosed() {
        return closed;
    }

    /** Why the flow was closed: the reason given to the first {@link #close} call. */
    synchronized String closeReason() {
        return closeReason;
    }

    /** Closes both sides once, remembering why; later calls do nothing. */
    final void close(String reason) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            closeReason = reason;
        }
        release();
    }

    /** Closes the DTLS session (close_notify) and the UDP side; the flow's threads then end. */
    abstract void release();
}
