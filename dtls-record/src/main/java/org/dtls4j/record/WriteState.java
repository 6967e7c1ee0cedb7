package org.dtls4j.record;

/**
 * What the record layer keeps to write one epoch: its protection (none in epoch 0), the next
 * sequence number, which starts at 0 and never repeats or wraps, and the connection ID its records
 * carry, if any.
 */
final class WriteState {
    final int epoch;
    /** Null for epoch 0, whose records travel as plaintext. */
    final RecordProtection protection;
    /**
     * The peer's CID, put into every record of this epoch (RFC 9146 §4), 1 to 255 bytes; null when
     * this epoch's records carry none (always in epoch 0).
     */
    final byte[] cid;
    private long nextSequenceNumber;

    WriteState(int epoch, RecordProtection protection, byte[] cid) {
        this.epoch = epoch;
        this.protection = protection;
        this.cid = cid;
    }

    long nextSequenceNumber() {
        return nextSequenceNumber;
    }

    void setNextSequenceNumber(long seq) {
        if (seq < 0 || seq > RecordHeader.MAX_SEQUENCE_NUMBER + 1) {
            throw new IllegalArgumentException("next sequence number out of range: " + seq);
        }
        nextSequenceNumber = seq;
    }

    /**
     * Hands out the next sequence number.
     *
     * @throws SequenceNumberExhaustedException after 2^48-1 has been used; RFC 6347 §4.1:
     *         "Implementations MUST either abandon an association or rehandshake prior to allowing
     *         the sequence number to wrap."
     */
    long takeSequenceNumber() {
        if (nextSequenceNumber > RecordHeader.MAX_SEQUENCE_NUMBER) {
            throw new SequenceNumberExhaustedException(epoch);
        }
        return nextSequenceNumber++;
    }
}
