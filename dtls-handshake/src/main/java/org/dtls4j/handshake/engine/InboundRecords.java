package org.dtls4j.handshake.engine;

import java.nio.ByteBuffer;
import java.util.List;
import org.dtls4j.codec.DecodeException;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.handshake.flight.FlightTracker;
import org.dtls4j.handshake.message.Alert;
import org.dtls4j.handshake.message.ChangeCipherSpec;
import org.dtls4j.handshake.protocol.Handshake;
import org.dtls4j.record.ContentType;
import org.dtls4j.record.RecordHeader;
import org.dtls4j.record.RecordLayer;
import org.dtls4j.record.RecordSink;

/**
 * The way in for one connection's records, once the record layer has checked and opened them
 * (RFC 6347 §4.1.2): each goes by content type to the handshake path ({@link HandshakeRecords}),
 * the ChangeCipherSpec check, the alert handling, or the application's queue. Records of the next
 * epoch that come before their keys, and application data that comes before the peer's Finished,
 * wait in {@link EarlyRecords}.
 *
 * <p>{@link #receive} returns the connection's {@link Outcome}: whether the datagram closed or
 * failed the connection. The engine applies it; from then on no record is read.
 *
 * <p>Not thread-safe: one per connection.
 */
final class InboundRecords implements RecordSink {
    /** Received application datagrams waiting for the application. */
    private static final int MAX_APPLICATION_QUEUE = 1024;

    private final RecordLayer records;
    private final Handshake handshake;
    private final HandshakeRecords handshakeRecords;
    private final FlightTracker flights;
    private final EarlyRecords early = new EarlyRecords();
    private final EngineCounters counters;
    private final Trace trace;
    private final Outcome outcome;
    private final DatagramQueue applicationData = new DatagramQueue(MAX_APPLICATION_QUEUE);
    private final KeyMismatchWatch keyMismatch;
    /** (epoch << 48) | sequence number of the newest authenticated record of epoch 1 or later; -1 before. */
    private long newestRecord = -1;
    private boolean advancedInThisDatagram;
    /** See {@link #setReceiveLimit}. */
    private int receiveLimit = RecordHeader.MAX_PLAINTEXT_LENGTH;
    /** The time of the datagram being handled. */
    private long now;

    InboundRecords(RecordLayer records, Handshake handshake, HandshakeRecords handshakeRecords, FlightTracker flights,
                   EngineCounters counters, Trace trace, Outcome outcome) {
        this.records = records;
        this.handshake = handshake;
        this.handshakeRecords = handshakeRecords;
        this.flights = flights;
        this.counters = counters;
        this.trace = trace;
        this.outcome = outcome;
        this.keyMismatch = new KeyMismatchWatch(records, handshake, trace);
    }

    /**
     * Feeds one datagram through the record layer, then the next-epoch records it made readable.
     * Returns how the connection stands afterwards.
     */
    Outcome receive(byte[] datagram, int offset, int length, long nowNanos) {
        now = nowNanos;
        advancedInThisDatagram = false;
        handshakeRecords.newDatagram();
        keyMismatch.datagramStart();
        records.receive(datagram, offset, length, this);
        // Before the held records are fed again: they came in other datagrams, maybe anyone's.
        DtlsException mismatch = keyMismatch.datagramEnd(!handshakeRecords.handshakeComplete(),
                handshakeRecords.peerFlightInDatagram());
        if (mismatch != null) {
            outcome.failed(mismatch, true);
        }
        replayFutureEpochRecords();
        return outcome;
    }

    /**
     * Whether the last datagram carried an authenticated record of epoch 1 or later that is newer
     * (higher epoch, or same epoch and higher sequence number) than every one before it: the
     * condition of RFC 9146 §6 for a peer address update.
     */
    boolean advancedNewestRecord() {
        return advancedInThisDatagram;
    }

    /** The next received application datagram, or {@code null}; the caller keeps the buffer. */
    ByteBuffer pollApplicationData() {
        return applicationData.poll();
    }

    /** Copies the next received application datagram into {@code dst}: see {@link DatagramQueue#poll(ByteBuffer)}. */
    int pollApplicationData(ByteBuffer dst) {
        return applicationData.poll(dst);
    }

    /**
     * Bytes held of what the peer sent and the handshake has not consumed: the reassembly buffers
     * and the records that came early.
     */
    long bufferedBytes() {
        return handshakeRecords.bufferedBytes() + early.bufferedBytes();
    }

    /** The handshake completed: held application data goes to the application, in order. */
    void handshakeCompleted() {
        handshakeRecords.handshakeCompleted();
        List<byte[]> held = early.takeApplicationData();
        for (byte[] d : held) {
            deliver(d, 0, d.length);
        }
        if (!held.isEmpty()) {
            flights.peerHasOurFlight();
        }
    }

    /** The connection failed: what was held under the handshake's keys is never read. */
    void failed() {
        early.dropApplicationData();
    }

    @Override
    public void onRecord(ContentType type, int epoch, long seq, byte[] buf, int off, int len) {
        keyMismatch.authenticated(epoch);
        if (epoch > 0) {
            // The record layer calls here only for records that authenticated and are not replays.
            long key = ((long) epoch << 48) | seq;
            if (key > newestRecord) {
                newestRecord = key;
                advancedInThisDatagram = true;
            }
        }
        if (outcome.ended()) {
            return;
        }
        try {
            checkLimit(epoch, len);
            dispatch(type, epoch, seq, buf, off, len);
        } catch (DtlsException | RuntimeException e) {
            outcome.caught(e); // no Step per record: this is the path of every application datagram
        }
    }

    /**
     * Once connected, protected records are application data: each is opened straight into the
     * array the application's queue lends for its next datagram, which {@link #deliver} then
     * queues without a copy. A record that does not authenticate leaves the array where it was; one
     * too short for the next record is replaced, so a forged record can make this connection hold
     * one array of at most the largest record, as the record layer's own scratch space would.
     */
    @Override
    public byte[] openInto(int epoch, int maxLength) {
        if (!handshakeRecords.handshakeComplete() || applicationData.isFull()) {
            return null; // the record layer's scratch space; what is kept is copied
        }
        return applicationData.lend(maxLength);
    }

    @Override
    public boolean onFutureEpoch(int epoch, byte[] record, int off, int len) {
        // Only a handshake in progress installs a new epoch (renegotiation is refused): after
        // it, records of epoch 2 can never be read and are discarded at once.
        if (handshakeRecords.handshakeComplete() || outcome.ended()) {
            return false;
        }
        return early.holdFutureEpochRecord(epoch, record, off, len);
    }

    /**
     * The most plaintext bytes the peer may put into a protected record: ours as the hellos agreed
     * (RFC 6066 §4, RFC 8449 §4); 2^14, the record layer's own bound, until then or without one.
     */
    void setReceiveLimit(int bytes) {
        receiveLimit = bytes;
    }

    /**
     * A protected record over the agreed limit ends the connection with record_overflow. RFC 8449
     * §4: "a DTLS endpoint that receives a record larger than its advertised limit MAY either
     * generate a fatal "record_overflow" alert or discard the record"; the record authenticated,
     * so it is the peer that broke the agreement, not a forger. Epoch 0 is not checked: what comes
     * there is neither protected nor, before the hellos, limited, and the reassembler bounds it.
     */
    private void checkLimit(int epoch, int len) throws DtlsException {
        if (epoch > 0 && len > receiveLimit) {
            throw new DtlsException(AlertDescription.RECORD_OVERFLOW, "record of " + len
                    + " plaintext bytes from the peer; the agreed limit is " + receiveLimit);
        }
    }

    private void dispatch(ContentType type, int epoch, long seq, byte[] buf, int off, int len) throws DtlsException {
        switch (type) {
            case HANDSHAKE:
                handshakeRecords.onHandshakeRecord(epoch, seq, buf, off, len, now);
                break;
            case CHANGE_CIPHER_SPEC:
                onChangeCipherSpec(epoch, buf, off, len);
                break;
            case ALERT:
                if (epoch < records.readEpoch()) {
                    // Once the peer's keys are in use every alert it sends is protected; a plaintext
                    // alert of an older epoch is anyone's forgery and must not end the connection.
                    counters.unexpectedRecords++;
                    break;
                }
                onAlert(buf, off, len);
                break;
            case APPLICATION_DATA:
                onApplicationData(epoch, buf, off, len);
                break;
            default:
                counters.unexpectedRecords++;
        }
    }

    private void onChangeCipherSpec(int epoch, byte[] buf, int off, int len) throws DtlsException {
        try {
            ChangeCipherSpec.decode(buf, off, len); // RFC 5246 §7.1: a single byte of value 1
        } catch (DecodeException e) {
            throw new DtlsException(AlertDescription.DECODE_ERROR, "malformed ChangeCipherSpec", e);
        }
        if (epoch != records.readEpoch() || handshakeRecords.handshakeComplete()) {
            counters.duplicateFragments++;
            return;
        }
        trace.line(() -> "received ChangeCipherSpec (epoch " + epoch + ")");
        handshake.onChangeCipherSpec(now);
    }

    /** An alert from the peer, in the current epoch (RFC 5246 §7.2). */
    private void onAlert(byte[] buf, int off, int len) {
        Alert alert;
        try {
            alert = Alert.decode(buf, off, len);
        } catch (DecodeException e) {
            counters.unexpectedRecords++;
            return;
        }
        if (alert.isCloseNotify()) {
            trace.line(() -> "received close_notify");
            outcome.closedByPeer();
            return;
        }
        if (alert.isFatal()) {
            DtlsException e = alert.knownDescription().map(this::fromPeer)
                    .orElseGet(() -> new DtlsException(AlertDescription.HANDSHAKE_FAILURE,
                            "peer sent unknown fatal alert " + alert.description()));
            trace.line(() -> "received fatal alert " + alert.descriptionName());
            outcome.failed(e, false);
            return;
        }
        trace.line(() -> "received warning alert " + alert.descriptionName());
    }

    /**
     * The peer's fatal alert as a failure. A bad_record_mac during the handshake says the peer could
     * not authenticate our Finished, the first record under the new keys: the keys differ (see
     * {@link KeyMismatchWatch}, which sends it), and the message says so.
     */
    private DtlsException fromPeer(AlertDescription description) {
        if (description == AlertDescription.BAD_RECORD_MAC && !handshakeRecords.handshakeComplete()) {
            return DtlsException.fromPeer(description, "the peer could not authenticate our handshake records: "
                    + KeyMismatchWatch.likelyCause(handshake));
        }
        return DtlsException.fromPeer(description);
    }

    /**
     * Feeds again the records of the next epoch that arrived before its keys, once that epoch is
     * installed (called after the record layer returns: it does not take re-entrant calls). Nothing
     * is fed again until then, so a datagram costs no work for records already kept. Once the
     * handshake is over no epoch will be installed any more, and what is left is dropped.
     */
    private void replayFutureEpochRecords() {
        if (!early.hasFutureEpochRecords()) {
            return;
        }
        if (outcome.ended()) {
            early.dropFutureEpochRecords();
            return;
        }
        // Each pass installs at most one epoch; the loop is bounded by the epochs there are.
        List<byte[]> pending;
        while (!(pending = early.takeFutureEpochRecords(records.readEpoch())).isEmpty()) {
            for (byte[] rec : pending) {
                records.receiveRecord(rec, 0, rec.length, this);
            }
        }
        if (handshakeRecords.handshakeComplete() || outcome.ended()) {
            // The handshake is over (or failed) and installs no further epoch.
            early.dropFutureEpochRecords();
        }
    }

    private void onApplicationData(int epoch, byte[] buf, int off, int len) {
        // RFC 6347 §4.1 / pion CVE-2019-20786: application data is only ever taken under the
        // connection's negotiated keys, after Finished verified; epoch 0 data is never delivered.
        if (epoch == 0 || epoch != records.readEpoch()) {
            counters.applicationDropped++;
            return;
        }
        if (!handshakeRecords.handshakeComplete()) {
            holdUntilFinished(buf, off, len);
            return;
        }
        if (deliver(buf, off, len)) {
            flights.peerHasOurFlight();
        }
    }

    /**
     * Application data under the new keys that overtook the peer's Finished (the peer completed and
     * sent at once; the datagrams were reordered, or its Finished was lost). RFC 6347 §4.1 lets us
     * "either buffer or discard" records that come early; we hold a few, and the application sees
     * them only once the Finished has verified the handshake that produced their keys. If the
     * handshake fails they are dropped unread.
     */
    private void holdUntilFinished(byte[] buf, int off, int len) {
        if (!early.holdApplicationData(buf, off, len)) {
            counters.applicationDropped++;
        }
    }

    /**
     * Queues one datagram for the application; false (and counted as dropped) when the queue is full.
     * The record layer opened it into the array the queue lent ({@link #openInto}), which is queued
     * as it is; anything else (the record layer's scratch space, data held until the handshake
     * completed) is copied into that array. The array stays in the queue when the application
     * copies the datagram out, or becomes the application's when it polls a buffer to keep.
     */
    private boolean deliver(byte[] buf, int off, int len) {
        if (applicationData.isFull()) {
            counters.applicationDropped++;
            return false;
        }
        if (!applicationData.isLent(buf)) { // else opened there, at offset 0
            System.arraycopy(buf, off, applicationData.lend(len), 0, len);
        }
        applicationData.addLent(len);
        counters.applicationReceived++;
        return true;
    }

    /** Whether a record of epoch 1 or more has authenticated (see {@link KeyMismatchWatch}). */
    boolean keysProven() {
        return keyMismatch.keysProven();
    }
}
