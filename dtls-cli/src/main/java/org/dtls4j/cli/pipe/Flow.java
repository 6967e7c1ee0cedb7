package org.dtls4j.cli.pipe;

import java.net.InetSocketAddress;

/**
 * One tunnelled UDP flow: a DTLS session on one side, a plain UDP conversation on the other.
 * Tracks when a datagram last passed in either direction and when the flow must end, so that
 * {@link FlowTable} can close idle and expired flows.
 */
abstract class Flow {
    private final InetSocketAddress key;
    private final long expiresAtNanos;
    private volatile long lastActivityNanos;
    private volatile boolean closed;

    /**
     * @param key            the address that names the flow (the plain client on the tunnel
     *                       client, the DTLS peer on the tunnel server)
     * @param nowNanos       the creation time
     * @param lifetimeNanos  how long the flow may live, {@code Long.MAX_VALUE} for ever
     */
    Flow(InetSocketAddress key, long nowNanos, long lifetimeNanos) {
        this.key = key;
        this.lastActivityNanos = nowNanos;
        this.expiresAtNanos = lifetimeNanos == Long.MAX_VALUE ? Long.MAX_VALUE : nowNanos + lifetimeNanos;
    }

    InetSocketAddress key() {
        return key;
    }

    /** A datagram passed, in either direction. */
    void touch(long nowNanos) {
        lastActivityNanos = nowNanos;
    }

    /** Why the flow should end now, or {@code null} if it should go on. */
    String endReason(long nowNanos, long idleNanos) {
        if (nowNanos - lastActivityNanos >= idleNanos) {
            return "idle";
        }
        if (expiresAtNanos != Long.MAX_VALUE && nowNanos - expiresAtNanos >= 0) {
            return "time limit reached";
        }
        return null;
    }

    boolean isClosed() {
        return closed;
    }

    /** Closes both sides once; later calls do nothing. */
    final void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        release();
    }

    /** Closes the DTLS session (close_notify) and the UDP side; the flow's threads then end. */
    abstract void release();
}
