package org.dtls4j.record;

/**
 * What the record layer keeps to read one epoch: its protection (none in epoch 0), its own
 * replay window, and the connection ID its records carry, if any. RFC 6347 §4.1: "Sequence numbers
 * are maintained separately for each epoch, with each sequence_number initially being 0 for each
 * epoch."
 */
final class ReadState {
    final int epoch;
    /** Null for epoch 0, whose records travel as plaintext. */
    final RecordProtection protection;
    final ReplayWindow window;
    /**
     * Our own CID, which every record of this epoch must carry (RFC 9146 §4), 1 to 255 bytes; null
     * when this epoch's records have none (always in epoch 0).
     */
    final byte[] cid;

    ReadState(int epoch, RecordProtection protection, int windowSize, byte[] cid) {
        this.epoch = epoch;
        this.protection = protection;
        this.window = new ReplayWindow(windowSize);
        this.cid = cid;
    }
}
