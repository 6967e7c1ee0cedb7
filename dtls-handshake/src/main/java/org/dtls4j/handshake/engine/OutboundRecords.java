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
import org.dtls4j.handshake.protocol.RecordLimits;
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
    private RecordLimits limits = RecordLimits.NONE;
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
     * The record sizes the hellos agreed on (RFC 6066 §4, RFC 8449 §4): from now on every record
     * of a limited epoch keeps to them, handshake fragments and application data alike.
     */
    void setLimits(RecordLimits limits) {
        this.limits = limits;
    }

    /** The longest record of the agreed limit in any epoch of {@code flight}: the datagram cap of max_fragment_length. */
    private int largestLimitedRecord(Flight flight) {
        int largest = 0;
        for (OutgoingMessage m : flight.messages()) {
            largest = Math.max(largest, records.maxRecordLength(m.epoch(), limits.sendLimit(m.epoch())));
        }
        return largest;
    }

    /**
     * The largest application datagram one record can carry: what fits the datagram size after the
     * record's overhead in the current write epoch once {@code connected}, exactly for CBC suites,
     * and no more than the peer's record size limit; before, an estimate for epoch 1 (the 13-byte
     * header and 24 bytes of AEAD expansion: 8-byte explicit nonce, 16-byte tag).
     */
    int maxApplicationDataSize(boolean connected) {
        int epoch = connected ? records.writeEpoch() : 1;
        if (epoch == records.writeEpoch()) {
            return maxPayload(epoch, maxDatagramSize);
        }
        int estimate = Math.min(maxDatagramSize - 13 - 24, limits.sendLimit(epoch));
        return Math.min(estimate, RecordHeader.MAX_PLAINTEXT_LENGTH);
    }

    /** The largest payload of one record in {@code epoch} within {@code datagram} bytes and the agreed limit. */
    private int maxPayload(int epoch, int datagram) {
        return records.maxPayloadLength(epoch, datagram, limits.sendLimit(epoch));
    }

    /**
     * @throws IllegalArgumentException when longer than {@code maxApplicationDataSize(true)}, naming
     *         the negotiated limit when that is what {@code length} exceeds
     */
    void checkApplicationDataLength(int length) {
        int epoch = records.writeEpoch();
        int max = maxPayload(epoch, maxDatagramSize);
        if (length <= max) {
            return;
        }
        int byDatagram = records.maxPayloadLength(epoch, maxDatagramSize, RecordHeader.MAX_PLAINTEXT_LENGTH);
        throw new IllegalArgumentException("application datagram of " + length + " bytes exceeds the maximum of " + max
                + (max < byDatagram
                        ? ": the negotiated " + limits.agreement() + " allows " + limits.sendLimit(epoch)
                                + " plaintext bytes per record (" + (limits.agreement().equals("record_size_limit")
                                        ? "RFC 8449 §4" : "RFC 6066 §4") + ")"
                        : " for a datagram size of " + maxDatagramSize));
    }

    /**
     * Turns a flight into records and datagrams (RFC 6347 §4.2.3: fragments fit the datagram; after
     * a few retransmissions, smaller datagrams, §4.1.1.1). A fragment also keeps to the agreed record
     * size limit of its epoch ({@link RecordLimits}): the smaller of the two budgets cuts it.
     */
    @Override
    public void transmit(Flight flight, int retransmissions) {
        int budgetByRetransmissions = Flight.fragmentBudget(maxDatagramSize, retransmissions);
        int datagram = limits.limitsDatagrams()
                ? Math.min(budgetByRetransmissions, largestLimitedRecord(flight)) : budgetByRetransmissions;
        int fitsEvery = Integer.MAX_VALUE; // the payload that fits a datagram in every epoch of the flight
        for (OutgoingMessage m : flight.messages()) {
            fitsEvery = Math.min(fitsEvery, records.maxPayloadLength(m.epoch(), datagram, RecordHeader.MAX_PLAINTEXT_LENGTH));
        }
        int budget = fitsEvery;
        DatagramPacker packer = new DatagramPacker(datagram);
        for (OutgoingRecord r : flight.records(epoch -> Math.min(budget, maxPayload(epoch, datagram)))) {
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
            writeRecord(ContentType.ALERT, epoch, fragment, 0, fragment.length);
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
        checkApplicationDataLength(length);
        writeRecord(ContentType.APPLICATION_DATA, records.writeEpoch(), data, offset, length);
    }

    /** One record as a datagram of its own, written into the array the queue lends for it. */
    private void writeRecord(ContentType type, int epoch, byte[] data, int offset, int length) {
        byte[] out = outgoing.lend(records.maxRecordLength(epoch, length));
        int n = records.writeRecord(type, epoch, data, offset, length, out, 0);
        outgoing.addLent(n);
    }
}
