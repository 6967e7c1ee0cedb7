package org.dtls4j.handshake.engine;

import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.record.SequenceNumberExhaustedException;

/**
 * How the connection ended, if it has: the peer closed it, or it failed (the peer's fatal alert, an
 * error found here). The plumbing only reports it, and reads no further record once the
 * connection has ended; the engine applies it (state, alert, the failure kept).
 *
 * <p>{@link #caught} is the one place where the errors of handshake and record work are judged
 * ({@link #run} wraps it for the engine's calls):
 * <ul>
 *   <li>a {@link DtlsException} fails the connection; one we raised is answered with its fatal alert
 *       (RFC 5246 §7.2.2), one that reports the peer's alert is not answered;</li>
 *   <li>a write epoch out of sequence numbers abandons the association without an alert
 *       (RFC 6347 §4.1; there is no sequence number left to send one under);</li>
 *   <li>any other runtime exception is a bug of ours: internal_error.</li>
 * </ul>
 * The first ending is kept; later ones change nothing. Not thread-safe: one per connection.
 */
final class Outcome {
    enum Kind {
        /** The connection goes on. */
        OPEN,
        /** The peer sent close_notify (RFC 5246 §7.2.1). */
        CLOSED_BY_PEER,
        /** Failed: {@link #failure()} says why, {@link #alertThePeer()} whether its fatal alert goes out. */
        FAILED
    }

    /** One step of work that may fail the connection. */
    @FunctionalInterface
    interface Step {
        void run() throws DtlsException;
    }

    private Kind kind = Kind.OPEN;
    private DtlsException failure;
    private boolean alertThePeer;

    Kind kind() {
        return kind;
    }

    boolean ended() {
        return kind != Kind.OPEN;
    }

    /** Why the connection failed, or {@code null}. */
    DtlsException failure() {
        return failure;
    }

    /**
     * Whether the failure is answered with its fatal alert: not when the peer's own alert ended
     * the connection, nor when no alert can or need be sent (sequence numbers exhausted, timeout).
     */
    boolean alertThePeer() {
        return alertThePeer;
    }

    /** Runs {@code step} unless the connection has ended, and keeps how it ended the connection. */
    void run(Step step) {
        if (ended()) {
            return;
        }
        try {
            step.run();
        } catch (DtlsException | RuntimeException e) {
            caught(e);
        }
    }

    /**
     * What a caught exception means for the connection; for callers on the per-record path, which
     * catch themselves rather than allocate a {@link Step} per record.
     */
    void caught(Exception e) {
        if (e instanceof DtlsException d) {
            failed(d, !d.isReceivedFromPeer());
        } else if (e instanceof SequenceNumberExhaustedException x) {
            failed(exhausted(x), false);
        } else {
            failed(new DtlsException(AlertDescription.INTERNAL_ERROR, "internal error: " + e, e), true);
        }
    }

    /** The peer sent close_notify. */
    void closedByPeer() {
        if (!ended()) {
            kind = Kind.CLOSED_BY_PEER;
        }
    }

    /** The connection failed for {@code e}; with {@code alertThePeer} its fatal alert goes out. */
    void failed(DtlsException e, boolean alertThePeer) {
        if (!ended()) {
            kind = Kind.FAILED;
            failure = e;
            this.alertThePeer = alertThePeer;
        }
    }

    /**
     * Why the connection ends when a write epoch has used its last sequence number, 2^48-1. RFC 6347
     * §4.1: "Implementations MUST either abandon an association or rehandshake prior to allowing the
     * sequence number to wrap." dtls4j refuses renegotiation, so it abandons the association. It
     * sends no alert: an alert is a record too, and there is no sequence number left to send it
     * under. The alert carried, internal_error, is what RFC 5246 §7.2.2 names for a local condition
     * that "makes it impossible to continue"; it stays off the wire, as with a handshake timeout.
     */
    static DtlsException exhausted(SequenceNumberExhaustedException e) {
        return DtlsException.withoutAlert(AlertDescription.INTERNAL_ERROR, "epoch " + e.epoch() + ": sequence numbers exhausted"
                + " (2^48 records sent); association abandoned without an alert (RFC 6347 §4.1: the sequence"
                + " number must not wrap, and dtls4j does not renegotiate)", e);
    }
}
