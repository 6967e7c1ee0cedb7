package org.dtls4j.handshake.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dtls4j.record.ContentType;
import org.dtls4j.record.RecordLayer;

/**
 * Packs records into datagrams no larger than a size (RFC 6347 §4.1.1: "Multiple DTLS records MAY
 * be placed in a single datagram"; §4.1.1.1: each record fits within the PMTU).
 */
final class DatagramPacker {
    private final int capacity;
    private byte[] buf;
    private int used;
    private final List<byte[]> done = new ArrayList<>();

    DatagramPacker(int capacity) {
        this.capacity = capacity;
        this.buf = new byte[capacity];
    }

    /** Protects {@code payload} as one record in {@code epoch}; starts a new datagram when it does not fit. */
    void record(RecordLayer records, ContentType type, int epoch, byte[] payload) {
        int size = records.maxRecordLength(epoch, payload.length);
        if (used > 0 && used + size > capacity) {
            flush();
        }
        if (size > buf.length - used) {
            buf = Arrays.copyOf(buf, used + size); // a single record larger than the datagram: sent alone
        }
        used += records.writeRecord(type, epoch, payload, 0, payload.length, buf, used);
    }

    private void flush() {
        if (used > 0) {
            done.add(Arrays.copyOf(buf, used));
            used = 0;
            buf = new byte[capacity];
        }
    }

    /** Every finished datagram, in order, each in an array of its exact length. */
    List<byte[]> finish() {
        flush();
        return done;
    }
}
