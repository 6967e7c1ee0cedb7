package org.dtls4j.handshake.engine;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.handshake.flight.Flight;
import org.dtls4j.handshake.flight.OutgoingMessage;
import org.dtls4j.handshake.flight.OutgoingRecord;
import org.dtls4j.handshake.flight.RetransmitTimer;
import org.dtls4j.record.ContentType;
import org.dtls4j.record.RecordLayer;
import org.dtls4j.record.SequenceNumberExhaustedException;

/**
 * The way out for one connection: our handshake flights and their retransmission (RFC 6347
 * §4.2.4), alerts and application records, protected by the record layer and queued as datagrams
 * of at most the current datagram size until the caller polls them.
 *
 * <p>It keeps our last flight and the retransmission timer: the flight goes out again when the
 * timer expires, or when the peer repeats its own flight ({@link HandshakeRecords} decides when).
 * Every write takes the epoch's next sequence number, and throws what
 * {@link RecordLayer#writeRecord} throws; the {@link DtlsEngine} decides what that means for the
 * connection ({@link #exhausted} when the sequence numbers have run out). Not thread-safe: one per
 * connection.
 */
final class OutboundRecords {
    /** The engine's logger: these lines are about the connection the engine runs. */
    private static final System.Logger LOG = System.getLogger(DtlsEngine.class.getName());

    private final RecordLayer records;
    private final RetransmitTimer timer;
    private final EngineCounters counters;
    private final Consumer<Supplier<String>> trace;
    private final ArrayDeque<ByteBuffer> outgoing = new ArrayDeque<>();
    private int maxDatagramSize;
    private Flight lastFlight;
    private boolean lastFlightAwaitsAnswer;

    OutboundRecords(RecordLayer records, DtlsConfig config, EngineCounters counters, Consumer<Supplier<String>> trace) {
        this.records = records;
        this.timer = new RetransmitTimer(config.initialRetransmitTimeout().toNanos(), config.maxRetransmitTimeout().toNanos(),
                config.retransmitBackoff());
        this.counters = counters;
        this.trace = trace;
        this.maxDatagramSize = config.maxDatagramSize();
    }

    /** The next datagram to send, or {@code null}. */
    ByteBuffer poll() {
        return outgoing.poll();
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
        int overhead = epoch == records.writeEpoch() ? records.recordOverhead(epoch) : 13 + 24;
        return Math.min(maxDatagramSize - overhead, 1 << 14);
    }

    /**
     * Sends a flight and keeps it as our last (RFC 6347 §4.2.4: SENDING). With {@code awaitsAnswer}
     * the timer runs until the peer's next flight (WAITING); without, this was our final flight.
     */
    void sendFlight(Flight flight, boolean awaitsAnswer, long now) {
        lastFlight = flight;
        lastFlightAwaitsAnswer = awaitsAnswer;
        timer.stop();
        transmit(flight, 0);
        if (awaitsAnswer) {
            timer.start(now);
        }
    }

    /** When the retransmission timer expires; {@link Long#MAX_VALUE} when it does not run. */
    long timerDeadlineNanos() {
        return timer.deadlineNanos();
    }

    /** Sends the last flight again if the retransmission timer has expired by {@code now}. */
    void onTimer(long now) {
        if (timer.isRunning() && now - timer.deadlineNanos() >= 0 && timer.onDeadline(now)) {
            counters.retransmissions++;
            trace.accept(() -> "timer expired, retransmitting flight (timeout now " + timer.currentTimeoutNanos() / 1_000_000 + " ms)");
            transmit(lastFlight, timer.retransmissions());
        }
    }

    /** True while there is a last flight of ours that a repeat of the peer's flight may draw again. */
    boolean hasLastFlight() {
        return lastFlight != null;
    }

    /** The peer repeated its flight, and that draws an answer: our last flight goes out again. */
    void resendLastFlight(long now) {
        counters.retransmissions++;
        transmit(lastFlight, timer.retransmissions());
        if (timer.isRunning()) {
            timer.start(now); // RFC 6347 §4.2.4: SENDING, then "set retransmit timer", back to WAITING
        }
    }

    /**
     * The handshake completed. A last flight that awaited an answer got it and is not sent again;
     * a final flight is kept, for the peer may repeat its own (RFC 6347 §4.2.4, FINISHED).
     */
    void handshakeCompleted() {
        if (lastFlightAwaitsAnswer) {
            lastFlight = null;
        }
        timer.stop();
    }

    void stopTimer() {
        timer.stop();
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
        return new DtlsException(AlertDescription.INTERNAL_ERROR, "epoch " + e.epoch() + ": sequence numbers exhausted"
                + " (2^48 records sent); association abandoned without an alert (RFC 6347 §4.1: the sequence"
                + " number must not wrap, and dtls4j does not renegotiate)", e);
    }

    /** Turns a flight into records and datagrams (RFC 6347 §4.2.3: fragments fit the datagram). */
    private void transmit(Flight flight, int retransmissions) {
        int datagram = Flight.fragmentBudget(maxDatagramSize, retransmissions);
        int overhead = 0;
        for (OutgoingMessage m : flight.messages()) {
            overhead = Math.max(overhead, records.recordOverhead(m.epoch()));
        }
        DatagramPacker packer = new DatagramPacker(datagram);
        for (OutgoingRecord r : flight.records(datagram - overhead)) {
            packer.record(records, r.kind().contentType(), r.epoch(), r.payload());
        }
        packer.finish(outgoing);
    }

    /**
     * One alert record (RFC 5246 §7.2) in the current write epoch, as a datagram of its own. A
     * failure to write it is logged and ignored, except running out of sequence numbers, which ends
     * the connection ({@link #exhausted}).
     *
     * @throws SequenceNumberExhaustedException when the epoch has no sequence number left
     */
    void alert(int level, AlertDescription d) {
        try {
            writeRecord(ContentType.ALERT, new byte[] {(byte) level, (byte) d.code()}, 0, 2);
        } catch (SequenceNumberExhaustedException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not send alert " + d.rfcName(), e);
        }
    }

    /** One application datagram as one record in the current write epoch. */
    void applicationData(byte[] data, int offset, int length) {
        writeRecord(ContentType.APPLICATION_DATA, data, offset, length);
    }

    private void writeRecord(ContentType type, byte[] data, int offset, int length) {
        int epoch = records.writeEpoch();
        byte[] out = new byte[records.recordOverhead(epoch) + length];
        int n = records.writeRecord(type, epoch, data, offset, length, out, 0);
        outgoing.add(ByteBuffer.wrap(out, 0, n));
    }
}
