package org.dtls4j.record;

/**
 * What the record layer keeps to read one epoch: its protection (none in epoch 0) and its own
 * replay window. RFC 6347 §4.1: "Sequence numbers are maintained separately for each epoch, with
 * each sequence_number initially being 0 for each epoch."
 */
final class ReadState {
    final int epoch;
    /** Null for epoch 0, whose records travel as plaintext. */
    final RecordProtection protection;
    final ReplayWindow window;

    ReadState(int epoch, RecordProtection protection, int windowSize) {
        this.epoch = epoch;
        this.protection = protection;
        this.window = new ReplayWindow(windowSize);
    }
}
