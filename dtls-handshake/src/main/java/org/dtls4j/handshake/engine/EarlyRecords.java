package org.dtls4j.handshake.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Records that arrived before the connection could use them, held for a while instead of dropped.
 * RFC 6347 §4.1 lets a receiver "either buffer or discard" records that come early; we hold a few
 * of two kinds:
 * <ul>
 *   <li><b>records of the next epoch</b> that overtook their ChangeCipherSpec (a Finished, say):
 *       whole records, still protected, fed to the record layer again once that epoch's keys are
 *       installed;</li>
 *   <li><b>application data of the new epoch</b> that overtook the peer's Finished: already
 *       decrypted, handed to the application only once that Finished has verified the handshake
 *       that produced its keys.</li>
 * </ul>
 * Neither is authenticated by the handshake yet, so both are capped in count (and the first in
 * bytes) before anything is kept. Not thread-safe: one per connection.
 */
final class EarlyRecords {
    /** Records of the next epoch kept while its ChangeCipherSpec is missing (RFC 6347 §4.1). */
    private static final int MAX_FUTURE_EPOCH_RECORDS = 16;
    /** And their bytes: they are not authenticated until the keys arrive. */
    private static final int MAX_FUTURE_EPOCH_BYTES = 64 * 1024;
    /** Application records of the new epoch held until the peer's Finished verifies. */
    private static final int MAX_EARLY_APPLICATION_RECORDS = 16;

    private final List<byte[]> futureEpochRecords = new ArrayList<>();
    private final List<byte[]> earlyApplicationData = new ArrayList<>();
    private int futureEpochBytes;
    /** The epoch the kept next-epoch records belong to; they are fed again once it is installed. */
    private int futureEpoch;

    /**
     * Keeps a copy of a whole record of {@code epoch}, whose keys are not installed yet, if the caps
     * allow; false when they do not (the caller discards it).
     */
    boolean holdFutureEpochRecord(int epoch, byte[] record, int off, int len) {
        if (futureEpochRecords.size() >= MAX_FUTURE_EPOCH_RECORDS
                || futureEpochBytes + len > MAX_FUTURE_EPOCH_BYTES) {
            return false;
        }
        futureEpochRecords.add(Arrays.copyOfRange(record, off, off + len));
        futureEpochBytes += len;
        futureEpoch = epoch;
        return true;
    }

    boolean hasFutureEpochRecords() {
        return !futureEpochRecords.isEmpty();
    }

    /**
     * Takes out every kept next-epoch record, in arrival order, once their epoch is readable
     * ({@code readEpoch} reached it); an empty list while it is not.
     */
    List<byte[]> takeFutureEpochRecords(int readEpoch) {
        if (futureEpochRecords.isEmpty() || readEpoch < futureEpoch) {
            return List.of();
        }
        List<byte[]> pending = new ArrayList<>(futureEpochRecords);
        dropFutureEpochRecords();
        return pending;
    }

    void dropFutureEpochRecords() {
        futureEpochRecords.clear();
        futureEpochBytes = 0;
    }

    /**
     * Keeps a copy of application data that came before the peer's Finished; false when the cap is
     * reached (the caller counts it as dropped).
     */
    boolean holdApplicationData(byte[] buf, int off, int len) {
        if (earlyApplicationData.size() >= MAX_EARLY_APPLICATION_RECORDS) {
            return false;
        }
        earlyApplicationData.add(Arrays.copyOfRange(buf, off, off + len));
        return true;
    }

    /** Takes out the application data held, in arrival order (empty when there is none). */
    List<byte[]> takeApplicationData() {
        if (earlyApplicationData.isEmpty()) {
            return List.of();
        }
        List<byte[]> held = new ArrayList<>(earlyApplicationData);
        earlyApplicationData.clear();
        return held;
    }

    /** The handshake failed: what was held under its keys is never read. */
    void dropApplicationData() {
        earlyApplicationData.clear();
    }

    /** Bytes held of both kinds. */
    long bufferedBytes() {
        long sum = 0;
        for (byte[] r : futureEpochRecords) {
            sum += r.length;
        }
        for (byte[] d : earlyApplicationData) {
            sum += d.length;
        }
        return sum;
    }
}
