package org.dtls4j.record;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A sink that copies out everything it is given, and optionally keeps future-epoch records. */
final class CollectingSink implements RecordSink {

    /** A delivered record. */
    record Delivered(ContentType type, int epoch, long sequenceNumber, byte[] data) {
        @Override
        public String toString() {
            return type + " epoch " + epoch + " seq " + sequenceNumber + " (" + data.length + " bytes)";
        }
    }

    final List<Delivered> records = new ArrayList<>();
    final List<byte[]> futureRecords = new ArrayList<>();
    private final boolean keepFutureRecords;

    CollectingSink() {
        this(false);
    }

    CollectingSink(boolean keepFutureRecords) {
        this.keepFutureRecords = keepFutureRecords;
    }

    @Override
    public void onRecord(ContentType type, int epoch, long sequenceNumber, byte[] buf, int off, int len) {
        records.add(new Delivered(type, epoch, sequenceNumber, Arrays.copyOfRange(buf, off, off + len)));
    }

    @Override
    public boolean onFutureEpoch(int epoch, byte[] record, int off, int len) {
        if (keepFutureRecords) {
            futureRecords.add(Arrays.copyOfRange(record, off, off + len));
        }
        return keepFutureRecords;
    }

    Delivered only() {
        if (records.size() != 1) {
            throw new AssertionError("expected exactly one record, got " + records);
        }
        return records.get(0);
    }
}
