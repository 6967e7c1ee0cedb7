package org.dtls4j.record;

/**
 * Thrown by {@link RecordLayer#writeRecord} when an epoch has used its last sequence number,
 * 2^48-1. RFC 6347 §4.1: "Implementations MUST either abandon an association or rehandshake prior
 * to allowing the sequence number to wrap."
 *
 * <p>Unchecked, because no peer input can cause it: reaching it takes 2^48 records from this side.
 * The connection above should close (dtls4j does not renegotiate).
 */
public final class SequenceNumberExhaustedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final int epoch;

    public SequenceNumberExhaustedException(int epoch) {
        super("epoch " + epoch + " has used every 48-bit sequence number; the sequence number must not wrap");
        this.epoch = epoch;
    }

    /** The epoch whose sequence numbers ran out. */
    public int epoch() {
        return epoch;
    }
}
