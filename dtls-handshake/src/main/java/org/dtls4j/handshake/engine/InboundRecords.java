package org.dtls4j.handshake.engine;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.handshake.protocol.Handshake;
import org.dtls4j.record.ContentType;
import org.dtls4j.record.RecordLayer;
import org.dtls4j.record.RecordSink;

/**
 * The way in for one connection's records, once the record layer has checked and opened them
 * (RFC 6347 §4.1.2): each goes by content type to the handshake path ({@link HandshakeRecords}),
 * the ChangeCipherSpec check, the alert handling, or the application's queue. Records of
 * the next epoch that come before their keys, and application data that comes before the peer's
 * Finished, wait in {@link EarlyRecords}.
 *
 * <p>Not thread-safe: one per connection, driven by its {@link DtlsEngine}.
 */
final class InboundRecords implements RecordSink {
    /** Received application datagrams waiting for the application. */
    private static final int MAX_APPLICATION_QUEUE = 1024;

    private final DtlsEngine engine;
    private final RecordLayer records;
    private final Handshake handshake;
    private final HandshakeRecords handshakeRecords;
    private final EarlyRecords early;
    private final EngineCounters counters;
    private final ArrayDeque<ByteBuffer> applicationData = new ArrayDeque<>();
    /** The time of the datagram being handled. */
    private long now;

    InboundRecords(DtlsEngine engine, RecordLayer records, Handshake handshake, HandshakeRecords handshakeRecords,
                   EarlyRecords early, EngineCounters counters) {
        this.engine = engine;
        this.records = records;
        this.handshake = handshake;
        this.handshakeRecords = handshakeRecords;
        this.early = early;
        this.counters = counters;
    }

    /** Feeds one datagram through the record layer, then the next-epoch records it made readable. */
    void receive(byte[] datagram, int offset, int length, long nowNanos) {
        now = nowNanos;
        handshakeRecords.newDatagram();
        records.receive(datagram, offset, length, this);
        replayFutureEpochRecords();
    }

    /** The next received application datagram, or {@code null}. */
    ByteBuffer pollApplicationData() {
        return applicationData.poll();
    }

    @Override
    public void onRecord(ContentType type, int epoch, long seq, byte[] buf, int off, int len) {
        EngineState state = engine.state();
        if (state == EngineState.FAILED || state == EngineState.CLOSED) {
            return;
        }
        long t = now;
        engine.guard(t, () -> dispatch(type, epoch, seq, buf, off, len, t));
    }

    @Override
    public boolean onFutureEpoch(int epoch, byte[] record, int off, int len) {
        // Only a handshake in progress installs a new epoch (renegotiation is refused): after
        // it, records of epoch 2 can never be read and are discarded at once.
        if (engine.state() != EngineState.HANDSHAKING) {
            return false;
        }
        return early.holdFutureEpochRecord(epoch, record, off, len);
    }

    private void dispatch(ContentType type, int epoch, long seq, byte[] buf, int off, int len, long now) throws DtlsException {
        switch (type) {
            case HANDSHAKE:
                handshakeRecords.onHandshakeRecord(epoch, seq, buf, off, len, now);
                break;
            case CHANGE_CIPHER_SPEC:
                onChangeCipherSpec(epoch, buf, off, len, now);
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

    private void onChangeCipherSpec(int epoch, byte[] buf, int off, int len, long now) throws DtlsException {
        // RFC 5246 §7.1: the message consists of a single byte of value 1.
        if (len != 1 || buf[off] != 1) {
            throw new DtlsException(AlertDescription.DECODE_ERROR, "malformed ChangeCipherSpec");
        }
        if (epoch != records.readEpoch() || engine.state() == EngineState.CONNECTED) {
            counters.duplicateFragments++;
            return;
        }
        handshake.onChangeCipherSpec(now);
    }

    /** An alert from the peer, in the current epoch (RFC 5246 §7.2). */
    private void onAlert(byte[] buf, int off, int len) {
        if (len != 2) {
            counters.unexpectedRecords++;
            return;
        }
        int level = buf[off] & 0xFF;
        int code = buf[off + 1] & 0xFF;
        AlertDescription d = AlertDescription.fromCode(code).orElse(null);
        if (d == AlertDescription.CLOSE_NOTIFY) {
            engine.trace(() -> "received close_notify");
            engine.closedByPeer();
            return;
        }
        if (level == 2) {
            DtlsException e = d != null ? DtlsException.fromPeer(d)
                    : new DtlsException(AlertDescription.HANDSHAKE_FAILURE, "peer sent unknown fatal alert " + code);
            engine.failedByPeer(e);
            engine.trace(() -> "received fatal alert " + (d != null ? d.rfcName() : String.valueOf(code)));
            return;
        }
        engine.trace(() -> "received warning alert " + (d != null ? d.rfcName() : String.valueOf(code)));
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
        if (engine.state() != EngineState.HANDSHAKING && engine.state() != EngineState.CONNECTED) {
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
        if (engine.state() != EngineState.HANDSHAKING) {
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
        if (engine.state() == EngineState.HANDSHAKING) {
            holdUntilFinished(buf, off, len);
            return;
        }
        if (engine.state() != EngineState.CONNECTED) {
            counters.applicationDropped++;
            return;
        }
        if (deliver(Arrays.copyOfRange(buf, off, off + len))) {
            handshake.onApplicationDataReceived();
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

    /** The handshake completed: application data held for it goes to the application, in order. */
    void releaseEarlyApplicationData() {
        List<byte[]> held = early.takeApplicationData();
        for (byte[] d : held) {
            deliver(d);
        }
        if (!held.isEmpty()) {
            handshake.onApplicationDataReceived();
        }
    }

    /** Queues one datagram for the application; false (and counted as dropped) when the queue is full. */
    private boolean deliver(byte[] data) {
        if (applicationData.size() >= MAX_APPLICATION_QUEUE) {
            counters.applicationDropped++;
            return false;
        }
        applicationData.add(ByteBuffer.wrap(data));
        counters.applicationReceived++;
        return true;
    }
}
