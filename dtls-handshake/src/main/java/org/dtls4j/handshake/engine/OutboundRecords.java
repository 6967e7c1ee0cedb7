package org.dtls4j.handshake.engine;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.dtls4j.handshake.flight.Flight;
import org.dtls4j.handshake.flight.FlightTracker;
import org.dtls4j.handshake.flight.OutgoingMessage;
import org.dtls4j.handshake.flight.OutgoingRecord;
import org.dtls4j.handshake.message.Alert;
import org.dtls4j.record.ContentType;
import org.dtls4j.record.RecordHeader;
import org.dtls4j.record.RecordLayer;
import org.dtls4j.record.SequenceNumberExhaustedException;

/**
 * The way out for one connection: flights (when the {@link FlightTracker} says so), alerts and
 * application records, protected by the record layer and queued as datagrams of at most the
 * current datagram size until the caller polls them. A flight's datagrams are made for it; an
 * alert or application record is written into an array the {@link DatagramQueue} lends, which
 * stays there for a later datagram once the caller copies this one out: sending application data
 * allocates nothing in steady state.
 *
 * <p>Every write takes the epoch's next sequence number and throws what
 * {@link RecordLayer#writeRecord} throws; running out of sequence numbers ends the connection
 * ({@link Outcome}). Not thread-safe: one per connection.
 */
final class OutboundRecords implements FlightTracker.Transmitter {
    private final RecordLayer records;
    private final Trace trace;
    /** Unbounded: only our own calls queue datagrams, and the caller drains them after each. */
    private final DatagramQueue outgoing = new DatagramQueue(Integer.MAX_VALUE);
    private int maxDatagramSize;
    /** Whether the trace has shown the first record sent with a connection ID. */
    private boolean cidRecordTraced;

    OutboundRecords(RecordLayer records, int maxDatagramSize, Trace trace) {
        this.records = records;
        this.trace = trace;
        this.maxDatagramSize = maxDatagramSize;
    }

    /** The next datagram to send, or {@code null}; the caller keeps the buffer. */
    ByteBuffer poll() {
        return outgoing.poll();
    }

    /** Copies the next datagram to send into {@code dst}: see {@link DatagramQueue#poll(ByteBuffer)}. */
    int poll(ByteBuffer dst) {
        return outgoing.poll(dst);
    }

    int maxDatagramSize() {
        return maxDatagramSize;
    }

    /** @throws IllegalArgumentException below 256 bytes */
    void setMaxDatagramSize(int bytes) {
        if (bytes < 256) {
            throw new IllegalArgumentException("datagram size below 256: " + bytes);
        }
        this.maxDatagramSize = bytes;
    }

    /**
     * The largest application datagram one record can carry: datagram size minus record overhead,
     * that of the current write epoch once {@code connected}; before, an estimate for epoch 1 (the
     * 13-byte header and 24 bytes of AEAD expansion: 8-byte explicit nonce, 16-byte tag).
     */
    int maxApplicationDataSize(boolean connected) {
        int epoch = connected ? records.writeEpoch() : 1;
        return maxApplicationDataSize(epoch == records.writeEpoch() ? records.recordOverhead(epoch) : 13 + 24);
    }

    private int maxApplicationDataSize(int overhead) {
        return Math.min(maxDatagramSize - overhead, RecordHeader.MAX_PLAINTEXT_LENGTH);
    }

    /** @throws IllegalArgumentException when longer than {@code maxApplicationDataSize(true)} */
    void checkApplicationDataLength(int length) {
        checkApplicationDataLength(length, records.recordOverhead(records.writeEpoch()));
    }

    private void checkApplicationDataLength(int length, int overhead) {
        int max = maxApplicationDataSize(overhead);
        if (length > max) {
            throw new IllegalArgumentException("application datagram of " + length
                    + " bytes exceeds the maximum of " + max + " for a datagram size of " + maxDatagramSize);
        }
    }

    /**
     * Turns a flight into records and datagrams (RFC 6347 §4.2.3: fragments fit the datagram; after
     * a few retransmissions, smaller datagrams, §4.1.1.1).
     */
    @Override
    public void transmit(Flight flight, int retransmissions) {
        int datagram = Flight.fragmentBudget(maxDatagramSize, retransmissions);
        int overhead = 0;
        for (OutgoingMessage m : flight.messages()) {
            overhead = Math.max(overhead, records.recordOverhead(m.epoch()));
        }
        DatagramPacker packer = new DatagramPacker(datagram);
        for (OutgoingRecord r : flight.records(datagram - overhead)) {
            packer.record(records, r.kind().contentType(), r.epoch(), r.payload());
        }
        List<byte[]> datagrams = packer.finish();
        if (!cidRecordTraced && trace.enabled()) {
            traceFirstCidRecord(datagrams);
        }
        for (byte[] d : datagrams) {
            outgoing.add(d);
        }
    }

    /**
     * Shows, once, what a record with a connection ID looks like (RFC 9146 §4): the outer type
     * tls12_cid(25), and the peer's CID after the sequence number. The first such record is always
     * in a flight (our Finished), so only flights are looked at.
     */
    private void traceFirstCidRecord(List<byte[]> datagrams) {
        for (byte[] d : datagrams) {
            // The records before the first CID record are RFC 6347 records: length at offset 11.
            int pos = 0;
            while (d.length - pos >= RecordHeader.LENGTH) {
                if ((d[pos] & 0xFF) == ContentType.TLS12_CID) {
                    cidRecordTraced = true;
                    byte[] head = Arrays.copyOfRange(d, pos, pos + Math.min(d.length - pos, 24));
                    trace.line(() -> "records now go out as tls12_cid(25) (RFC 9146 §4): type | version | epoch"
                            + " | sequence_number | the peer's cid | length | encrypted DTLSInnerPlaintext, which"
                            + " hides the real content type; this one begins " + HexFormat.of().formatHex(head));
                    return;
                }
                pos += RecordHeader.LENGTH + ((d[pos + 11] & 0xFF) << 8 | (d[pos + 12] & 0xFF));
            }
        }
    }

    /**
     * One alert record (RFC 5246 §7.2) in the current write epoch, as a datagram of its own. A
     * failure to write it is traced and ignored, except running out of sequence numbers.
     *
     * @throws SequenceNumberExhaustedException when the epoch has no sequence number left
     */
    void alert(Alert alert) {
        try {
            byte[] fragment = alert.encode();
            int epoch = records.writeEpoch();
            writeRecord(ContentType.ALERT, epoch, records.recordOverhead(epoch), fragment, 0, fragment.length);
        } catch (SequenceNumberExhaustedException e) {
            throw e;
        } catch (RuntimeException e) {
            trace.line(() -> "could not send " + alert + ": " + e);
        }
    }

    /**
     * One application datagram as one record in the current write epoch.
     *
     * @throws IllegalArgumentException when longer than {@code maxApplicationDataSize(true)}
     */
    void applicationData(byte[] data, int offset, int length) {
        int epoch = records.writeEpoch();
        int overhead = records.recordOverhead(epoch);
        checkApplicationDataLength(length, overhead);
        writeRecord(ContentType.APPLICATION_DATA, epoch, overhead, data, offset, length);
    }

    /** One record as a datagram of its own, written into the array the queue lends for it. */
    private void writeRecord(ContentType type, int epoch, int overhead, byte[] data, int offset, int length) {
        byte[] out = outgoing.lend(overhead + length);
        int n = records.writeRecord(type, epoch, data, offset, length, out, 0);
        outgoing.addLent(n);
    }
}
