package org.dtls4j.handshake;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.DecodeException;
import org.dtls4j.handshake.cookie.CookieExchange;
import org.dtls4j.handshake.engine.ClientHandshake;
import org.dtls4j.handshake.engine.Handshake;
import org.dtls4j.handshake.engine.HandshakeHooks;
import org.dtls4j.handshake.engine.ServerHandshake;
import org.dtls4j.handshake.flight.Flight;
import org.dtls4j.handshake.flight.OutgoingMessage;
import org.dtls4j.handshake.flight.OutgoingRecord;
import org.dtls4j.handshake.message.HandshakeType;
import org.dtls4j.handshake.engine.DatagramPacker;
import org.dtls4j.handshake.flight.RepeatAnswers;
import org.dtls4j.handshake.flight.RetransmitTimer;
import org.dtls4j.handshake.fragment.HandshakeFragment;
import org.dtls4j.handshake.fragment.HandshakeMessageBytes;
import org.dtls4j.handshake.fragment.Reassembler;
import org.dtls4j.record.ContentType;
import org.dtls4j.record.RecordLayer;
import org.dtls4j.record.RecordSink;

/**
 * One DTLS 1.2 connection as a plain object: datagrams and time in, datagrams, deadlines and
 * application data out (the sans-I/O shape of ARCHITECTURE.md). No socket, thread or clock.
 *
 * <p>The caller's loop:
 * <pre>
 *   engine.start(now);                         // client: queues ClientHello
 *   on datagram:  engine.receive(bytes, now)   // never throws on peer input
 *   at deadline:  engine.onDeadline(now)       // retransmission (RFC 6347 §4.2.4) or give-up
 *   after each of the three calls: drain pollDatagram() to the socket, drain
 *   pollApplicationData(), re-arm the timer with nextDeadlineNanos(), check state().
 * </pre>
 * Also drain {@link #pollDatagram()} after {@link #send} and {@link #close}.
 *
 * <p>Bad input is discarded and counted, never thrown (RFC 6347 §4.1.2.7). A failed handshake
 * sends its fatal alert, moves to {@link EngineState#FAILED} and keeps the {@link DtlsException}
 * ({@link #failure()}). Not thread-safe: one thread at a time, or the transport's lock.
 */
public final class DtlsEngine {
    private static final System.Logger LOG = System.getLogger(DtlsEngine.class.getName());
    /** Records of the next epoch kept while its ChangeCipherSpec is missing (RFC 6347 §4.1). */
    private static final int MAX_FUTURE_EPOCH_RECORDS = 16;
    /** And their bytes: they are not authenticated until the keys arrive. */
    private static final int MAX_FUTURE_EPOCH_BYTES = 64 * 1024;
    /**
     * The reassembler's caps for this engine: 64 KiB per message as by default, but also 64 KiB in
     * all (the default is 128 KiB). The reassembler takes each message's buffer at its declared
     * length, so a single datagram of fragment headers can make it hold up to this total; 64 KiB is
     * the budget for what one unauthenticated datagram may cost. A flight larger than that still
     * completes: the next expected message always evicts later ones (see {@link Reassembler}), and
     * the retransmission brings them back.
     */
    private static final Reassembler.Limits REASSEMBLY_LIMITS = new Reassembler.Limits(
            Reassembler.Limits.DEFAULT_MAX_MESSAGE_LENGTH, 64 * 1024,
            Reassembler.Limits.DEFAULT_MAX_MESSAGES_AHEAD, Reassembler.Limits.DEFAULT_MAX_RANGES_PER_MESSAGE);
    /** Received application datagrams waiting for the application. */
    private static final int MAX_APPLICATION_QUEUE = 1024;
    /** Application records of the new epoch held until the peer's Finished verifies. */
    private static final int MAX_EARLY_APPLICATION_RECORDS = 16;

    private final boolean client;
    private final DtlsConfig config;
    private final RecordLayer records;
    private final Reassembler reassembler;
    private final RetransmitTimer timer;
    private final RepeatAnswers repeatAnswers;
    private final Handshake handshake;
    private final String name;
    private final ArrayDeque<ByteBuffer> outgoing = new ArrayDeque<>();
    private final ArrayDeque<ByteBuffer> applicationData = new ArrayDeque<>();
    private final List<byte[]> futureEpochRecords = new ArrayList<>();
    private final List<byte[]> earlyApplicationData = new ArrayList<>();
    private int futureEpochBytes;
    /** The epoch the kept next-epoch records belong to; they are fed again once it is installed. */
    private int futureEpoch;
    private final EngineCounters counters = new EngineCounters();

    private EngineState state = EngineState.NEW;
    private DtlsException failure;
    private Negotiated negotiated;
    private long handshakeDeadline = Long.MAX_VALUE;
    private Flight lastFlight;
    private boolean lastFlightAwaitsAnswer;
    private boolean resentForThisDatagram;
    private int maxDatagramSize;
    /** The time of the call being handled (every entry point takes it). */
    private long now;

    private DtlsEngine(boolean client, DtlsConfig config, SecureRandom random, DtlsSession resume,
                       byte[] verifiedHello) {
        this.client = client;
        this.config = Objects.requireNonNull(config, "config");
        this.name = client ? "client" : "server";
        this.maxDatagramSize = config.maxDatagramSize();
        this.records = new RecordLayer(config.replayWindowSize());
        this.reassembler = new Reassembler(REASSEMBLY_LIMITS);
        this.timer = new RetransmitTimer(config.initialRetransmitTimeout().toNanos(), config.maxRetransmitTimeout().toNanos());
        this.repeatAnswers = new RepeatAnswers(config.initialRetransmitTimeout().toNanos());
        Hooks hooks = new Hooks();
        this.handshake = client
                ? new ClientHandshake(config, random, hooks, resume)
                : new ServerHandshake(config, random, hooks, verifiedHello);
    }

    /** A client engine; {@link #start(long)} queues its ClientHello. */
    public static DtlsEngine client(DtlsConfig config, SecureRandom random) {
        return new DtlsEngine(true, config, random, null, null);
    }

    /** A client engine that offers {@code session} for resumption (RFC 5246 §7.3). */
    public static DtlsEngine client(DtlsConfig config, SecureRandom random, DtlsSession session) {
        return new DtlsEngine(true, config, random, session, null);
    }

    /**
     * A server engine for a peer whose ClientHello carried a valid cookie (RFC 6347 §4.2.1): the
     * stateless {@link CookieExchange} vouched for its address, so state may now be allocated.
     * {@link #start(long)} processes that ClientHello.
     */
    public static DtlsEngine server(DtlsConfig config, SecureRandom random, byte[] verifiedHello) {
        return new DtlsEngine(false, config, random, null, Objects.requireNonNull(verifiedHello, "verifiedHello"));
    }

    /**
     * A server engine for the ClientHello the {@link CookieExchange} accepted. Our epoch-0 record
     * numbers continue from that ClientHello's, as OpenSSL's DTLSv1_listen does, so the client never
     * sees the number of our HelloVerifyRequest again.
     */
    public static DtlsEngine server(DtlsConfig config, SecureRandom random, CookieExchange.Accept accepted) {
        DtlsEngine e = new DtlsEngine(false, config, random, null, accepted.handshakeMessage());
        e.records.advanceWriteSequence(0, accepted.recordSequence());
        e.repeatAnswers.firstSighting(0, accepted.recordSequence()); // its copies are not the client retransmitting
        return e;
    }

    /**
     * A server engine without a cookie exchange: the first ClientHello is processed directly. Only
     * for transports that verified the peer address some other way (RFC 6347 §4.2.1 allows
     * omitting the cookie exchange "where amplification is not a concern").
     */
    public static DtlsEngine serverWithoutCookie(DtlsConfig config, SecureRandom random) {
        return new DtlsEngine(false, config, random, null, null);
    }

    /** Starts the handshake: a client queues its first flight; a server answers the verified ClientHello. */
    public void start(long nowNanos) {
        if (state != EngineState.NEW) {
            throw new IllegalStateException("already started");
        }
        now = nowNanos;
        state = EngineState.HANDSHAKING;
        handshakeDeadline = nowNanos + config.handshakeTimeout().toNanos();
        guard(nowNanos, () -> {
            handshake.start(nowNanos);
            if (!client) {
                reassembler.setNextExpectedSeq(handshake.nextReceiveSeq());
            }
        });
    }

    /** Feeds one received datagram. Never throws on what the peer sent. */
    public void receive(byte[] datagram, int offset, int length, long nowNanos) {
        if (state == EngineState.NEW && !client) {
            start(nowNanos);
        }
        if (state == EngineState.FAILED || state == EngineState.CLOSED) {
            counters.afterClose++;
            return;
        }
        now = nowNanos;
        resentForThisDatagram = false;
        records.receive(datagram, offset, length, new Sink(nowNanos));
        replayFutureEpochRecords(nowNanos);
    }

    public void receive(byte[] datagram, long nowNanos) {
        receive(datagram, 0, datagram.length, nowNanos);
    }

    public void receive(ByteBuffer datagram, long nowNanos) {
        byte[] copy = new byte[datagram.remaining()];
        datagram.get(copy);
        receive(copy, 0, copy.length, nowNanos);
    }

    /** The next datagram to send, or {@code null}. The buffer is the caller's to keep. */
    public ByteBuffer pollDatagram() {
        return outgoing.poll();
    }

    /** When {@link #onDeadline(long)} must be called next; {@link Long#MAX_VALUE} when no timer runs. */
    public long nextDeadlineNanos() {
        if (state != EngineState.HANDSHAKING) {
            return Long.MAX_VALUE;
        }
        return Math.min(handshakeDeadline, timer.deadlineNanos());
    }

    /** Handles an expired deadline: retransmits the current flight (RFC 6347 §4.2.4) or gives up. */
    public void onDeadline(long nowNanos) {
        if (state != EngineState.HANDSHAKING) {
            return;
        }
        now = nowNanos;
        if (nowNanos - handshakeDeadline >= 0) {
            DtlsTimeoutException e = new DtlsTimeoutException("handshake did not complete within "
                    + config.handshakeTimeout().toMillis() + " ms (" + counters.retransmissions + " retransmissions)");
            fail(e, false);
            return;
        }
        if (timer.isRunning() && nowNanos - timer.deadlineNanos() >= 0 && timer.onDeadline(nowNanos)) {
            counters.retransmissions++;
            trace(() -> "timer expired, retransmitting flight (timeout now " + timer.currentTimeoutNanos() / 1_000_000 + " ms)");
            transmit(lastFlight, timer.retransmissions());
        }
    }

    /**
     * Protects one application datagram into one record and queues it. Only once connected.
     *
     * @throws IllegalStateException when not {@link EngineState#CONNECTED}
     * @throws IllegalArgumentException when larger than {@link #maxApplicationDataSize()}
     */
    public void send(byte[] data, int offset, int length) {
        if (state != EngineState.CONNECTED) {
            throw new IllegalStateException("cannot send application data in state " + state);
        }
        int max = maxApplicationDataSize();
        if (length > max) {
            throw new IllegalArgumentException("application datagram of " + length
                    + " bytes exceeds the maximum of " + max + " for a datagram size of " + maxDatagramSize);
        }
        int epoch = records.writeEpoch();
        byte[] out = new byte[records.recordOverhead(epoch) + length];
        int n = records.writeRecord(ContentType.APPLICATION_DATA, epoch, data, offset, length, out, 0);
        outgoing.add(ByteBuffer.wrap(out, 0, n));
        counters.applicationSent++;
    }

    public void send(byte[] data) {
        send(data, 0, data.length);
    }

    public void send(ByteBuffer data) {
        byte[] copy = new byte[data.remaining()];
        data.get(copy);
        send(copy, 0, copy.length);
    }

    /** The largest application datagram {@link #send} accepts: datagram size minus record overhead. */
    public int maxApplicationDataSize() {
        int epoch = state == EngineState.CONNECTED ? records.writeEpoch() : 1;
        int overhead = epoch == records.writeEpoch() ? records.recordOverhead(epoch) : 13 + 24;
        return Math.min(maxDatagramSize - overhead, 1 << 14);
    }

    /** The next received application datagram, or {@code null}. */
    public ByteBuffer pollApplicationData() {
        return applicationData.poll();
    }

    /** Sends close_notify (RFC 5246 §7.2.1) if connected, and closes. */
    public void close(long nowNanos) {
        if (state == EngineState.CONNECTED || state == EngineState.HANDSHAKING) {
            sendAlert(1, AlertDescription.CLOSE_NOTIFY);
        }
        if (state != EngineState.FAILED) {
            state = EngineState.CLOSED;
        }
    }

    public EngineState state() {
        return state;
    }

    /** Why the engine failed, or {@code null}. */
    public DtlsException failure() {
        return failure;
    }

    /** What the handshake agreed on, or {@code null} before it completed. */
    public Negotiated negotiated() {
        return negotiated;
    }

    public boolean isClient() {
        return client;
    }

    /**
     * The client_random of this handshake, or {@code null} before it is known. A transport uses it
     * to tell a retransmitted ClientHello of this handshake from a new association by the same
     * peer (RFC 6347 §4.2.8).
     */
    public byte[] clientRandom() {
        return handshake.clientRandom();
    }

    /** Changes the datagram size, e.g. after path MTU discovery; honoured from the next transmission on. */
    public void setMaxDatagramSize(int bytes) {
        if (bytes < 256) {
            throw new IllegalArgumentException("datagram size below 256: " + bytes);
        }
        this.maxDatagramSize = bytes;
    }

    /**
     * Bytes this connection holds of what the peer sent and the handshake has not consumed yet: the
     * reassembly buffers (each message at its declared length), records of the next epoch that came
     * before its keys, and application data held until the handshake completes. Every part has a cap
     * that applies before authentication; application data already delivered to
     * {@link #pollApplicationData()} is not counted.
     */
    public long bufferedBytes() {
        long sum = reassembler.bufferedBytes();
        for (byte[] r : futureEpochRecords) {
            sum += r.length;
        }
        for (byte[] d : earlyApplicationData) {
            sum += d.length;
        }
        return sum;
    }

    /** Counters of this connection: discards by reason, retransmissions, records. */
    public EngineCounters counters() {
        counters.recordDiscards = records.discards().snapshot();
        return counters;
    }

    // ---------------------------------------------------------------------------------------------
    // Inbound

    private final class Sink implements RecordSink {
        private final long now;

        Sink(long now) {
            this.now = now;
        }

        @Override
        public void onRecord(ContentType type, int epoch, long seq, byte[] buf, int off, int len) {
            if (state == EngineState.FAILED || state == EngineState.CLOSED) {
                return;
            }
            guard(now, () -> dispatch(type, epoch, seq, buf, off, len, now));
        }

        @Override
        public boolean onFutureEpoch(int epoch, byte[] record, int off, int len) {
            // Only a handshake in progress installs a new epoch (renegotiation is refused): after
            // it, records of epoch 2 can never be read and are discarded at once.
            if (state != EngineState.HANDSHAKING || futureEpochRecords.size() >= MAX_FUTURE_EPOCH_RECORDS
                    || futureEpochBytes + len > MAX_FUTURE_EPOCH_BYTES) {
                return false;
            }
            futureEpochRecords.add(java.util.Arrays.copyOfRange(record, off, off + len));
            futureEpochBytes += len;
            futureEpoch = epoch;
            return true;
        }
    }

    private void dispatch(ContentType type, int epoch, long seq, byte[] buf, int off, int len, long now) throws DtlsException {
        switch (type) {
            case HANDSHAKE:
                onHandshakeRecord(epoch, seq, buf, off, len, now);
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

    private void onHandshakeRecord(int epoch, long seq, byte[] buf, int off, int len, long now) throws DtlsException {
        // Epoch 0 has no replay window, so copies of a record reach this point; they are harmless
        // to the reassembler, but they are not the peer retransmitting, and draw no answer.
        boolean copy = !repeatAnswers.firstSighting(epoch, seq);
        ByteReader r = new ByteReader(buf, off, len);
        boolean oldEpoch = epoch < records.readEpoch();
        while (r.hasRemaining()) {
            HandshakeFragment f;
            try {
                f = HandshakeFragment.decode(r);
            } catch (DecodeException e) {
                counters.badFragments++;
                return;
            }
            if (state == EngineState.CONNECTED && !oldEpoch && epoch > 0 && isRenegotiationStart(f)) {
                // RFC 6347 §4.2.2: a new handshake starts again at message_seq 0, so a renegotiating
                // hello looks "old" to the reassembler; it is refused here (RFC 5746 §4.4).
                refuseRenegotiation();
                continue;
            }
            if (f.messageSeq() < reassembler.nextExpectedSeq()) {
                onPeerRetransmission(f, copy);
                continue;
            }
            if (oldEpoch) {
                // RFC 6347 §4.1: a new message must come in the current epoch; an epoch-0 Finished
                // after ChangeCipherSpec is a forgery (pion CVE-2019-20786's pattern).
                counters.badFragments++;
                continue;
            }
            Reassembler.Outcome outcome = reassembler.offer(f);
            if (outcome != Reassembler.Outcome.ACCEPTED) {
                counters.badFragments++;
            }
        }
        HandshakeMessageBytes m;
        while ((m = reassembler.poll()) != null) {
            if (state == EngineState.CONNECTED) {
                onMessageAfterCompletion(m);
                continue;
            }
            // RFC 6347 §4.2.4: the timer keeps running while the peer's flight is only partly here;
            // it stops when our next flight goes out (sendFlight) or the handshake completes.
            handshake.onMessage(m, epoch, now);
        }
    }

    /**
     * RFC 5746 §4.2 / §4.4: renegotiation is refused. A HelloRequest (to a client) or a ClientHello
     * in the established epoch (to a server) gets a no_renegotiation warning; the connection goes on.
     */
    private void onMessageAfterCompletion(HandshakeMessageBytes m) {
        if (m.msgType() == renegotiationStartType()) {
            refuseRenegotiation();
        } else {
            counters.unexpectedRecords++;
        }
    }

    /** The message that would start a renegotiation: HelloRequest to a client, ClientHello to a server. */
    private int renegotiationStartType() {
        return client ? HandshakeType.HELLO_REQUEST.code() : HandshakeType.CLIENT_HELLO.code();
    }

    private boolean isRenegotiationStart(HandshakeFragment f) {
        return f.msgType() == renegotiationStartType();
    }

    private void refuseRenegotiation() {
        trace(() -> "renegotiation attempt refused with no_renegotiation");
        sendAlert(1, AlertDescription.NO_RENEGOTIATION);
    }

    /**
     * RFC 6347 §4.2.4: "The implementation reads a retransmitted flight from the peer: the
     * implementation transitions to the SENDING state, where it retransmits the flight". When a
     * repeat draws an answer (one per datagram, none for a copy, a few per period) is
     * {@link RepeatAnswers}' rule.
     */
    private void onPeerRetransmission(HandshakeFragment f, boolean copy) {
        counters.duplicateFragments++;
        if (lastFlight == null || resentForThisDatagram || !handshake.isRetransmissionOfPeerFlight(f)) {
            return;
        }
        if (f.fragmentLength() == 0 && f.length() > 0) {
            // No byte of the message: it proves nothing about what the peer has, and answering it
            // would let a 25-byte spoofed record draw a whole flight toward the peer.
            return;
        }
        if (copy && f.msgType() != HandshakeType.HELLO_VERIFY_REQUEST.code()) {
            // The network duplicated the record, or someone replays it. Except a HelloVerifyRequest:
            // RFC 6347 §4.2.1 has the server echo the ClientHello's record number in it, but servers
            // that always use the same number exist, and every HelloVerifyRequest of theirs looks alike.
            return;
        }
        if (!repeatAnswers.take(now)) {
            return;
        }
        resentForThisDatagram = true;
        counters.retransmissions++;
        trace(() -> "peer retransmitted message_seq " + f.messageSeq() + ": resending our last flight");
        transmit(lastFlight, timer.retransmissions());
        if (timer.isRunning()) {
            timer.start(now); // RFC 6347 §4.2.4: SENDING, then "set retransmit timer", back to WAITING
        }
    }

    private void onChangeCipherSpec(int epoch, byte[] buf, int off, int len, long now) throws DtlsException {
        // RFC 5246 §7.1: the message consists of a single byte of value 1.
        if (len != 1 || buf[off] != 1) {
            throw new DtlsException(AlertDescription.DECODE_ERROR, "malformed ChangeCipherSpec");
        }
        if (epoch != records.readEpoch() || state == EngineState.CONNECTED) {
            counters.duplicateFragments++;
            return;
        }
        handshake.onChangeCipherSpec(now);
    }

    /**
     * Feeds again the records of the next epoch that arrived before its keys, once that epoch is
     * installed (called after the record layer returns: it does not take re-entrant calls). Nothing
     * is fed again until then, so a datagram costs no work for records already kept. Once the
     * handshake is over no epoch will be installed any more, and what is left is dropped.
     */
    private void replayFutureEpochRecords(long now) {
        if (futureEpochRecords.isEmpty()) {
            return;
        }
        if (state != EngineState.HANDSHAKING && state != EngineState.CONNECTED) {
            dropFutureEpochRecords();
            return;
        }
        // Each pass installs at most one epoch; the loop is bounded by the epochs there are.
        while (!futureEpochRecords.isEmpty() && records.readEpoch() >= futureEpoch) {
            List<byte[]> pending = new ArrayList<>(futureEpochRecords);
            dropFutureEpochRecords();
            for (byte[] rec : pending) {
                records.receiveRecord(rec, 0, rec.length, new Sink(now));
            }
        }
        if (state != EngineState.HANDSHAKING) {
            // The handshake is over (or failed) and installs no further epoch.
            dropFutureEpochRecords();
        }
    }

    private void dropFutureEpochRecords() {
        futureEpochRecords.clear();
        futureEpochBytes = 0;
    }

    private void onAlert(byte[] buf, int off, int len) throws DtlsException {
        if (len != 2) {
            counters.unexpectedRecords++;
            return;
        }
        int level = buf[off] & 0xFF;
        int code = buf[off + 1] & 0xFF;
        AlertDescription d = AlertDescription.fromCode(code).orElse(null);
        if (d == AlertDescription.CLOSE_NOTIFY) {
            trace(() -> "received close_notify");
            if (state == EngineState.CONNECTED) {
                sendAlert(1, AlertDescription.CLOSE_NOTIFY);
            }
            state = EngineState.CLOSED;
            return;
        }
        if (level == 2) {
            DtlsException e = d != null ? DtlsException.fromPeer(d)
                    : new DtlsException(AlertDescription.HANDSHAKE_FAILURE, "peer sent unknown fatal alert " + code);
            failure = e;
            state = EngineState.FAILED;
            trace(() -> "received fatal alert " + (d != null ? d.rfcName() : String.valueOf(code)));
            return;
        }
        trace(() -> "received warning alert " + (d != null ? d.rfcName() : String.valueOf(code)));
    }

    private void onApplicationData(int epoch, byte[] buf, int off, int len) {
        // RFC 6347 §4.1 / pion CVE-2019-20786: application data is only ever taken under the
        // connection's negotiated keys, after Finished verified; epoch 0 data is never delivered.
        if (epoch == 0 || epoch != records.readEpoch()) {
            counters.applicationDropped++;
            return;
        }
        if (state == EngineState.HANDSHAKING) {
            holdUntilFinished(buf, off, len);
            return;
        }
        if (state != EngineState.CONNECTED) {
            counters.applicationDropped++;
            return;
        }
        if (applicationData.size() >= MAX_APPLICATION_QUEUE) {
            counters.applicationDropped++;
            return;
        }
        applicationData.add(ByteBuffer.wrap(java.util.Arrays.copyOfRange(buf, off, off + len)));
        counters.applicationReceived++;
        handshake.onApplicationDataReceived();
    }

    /**
     * Application data under the new keys that overtook the peer's Finished (the peer completed and
     * sent at once; the datagrams were reordered, or its Finished was lost). RFC 6347 §4.1 lets us
     * "either buffer or discard" records that come early; we hold a few, and the application sees
     * them only once the Finished has verified the handshake that produced their keys. If the
     * handshake fails they are dropped unread.
     */
    private void holdUntilFinished(byte[] buf, int off, int len) {
        if (earlyApplicationData.size() >= MAX_EARLY_APPLICATION_RECORDS) {
            counters.applicationDropped++;
            return;
        }
        earlyApplicationData.add(java.util.Arrays.copyOfRange(buf, off, off + len));
    }

    /** The handshake completed: application data held for it goes to the application, in order. */
    private void releaseEarlyApplicationData() {
        for (byte[] d : earlyApplicationData) {
            if (applicationData.size() >= MAX_APPLICATION_QUEUE) {
                counters.applicationDropped++;
                continue;
            }
            applicationData.add(ByteBuffer.wrap(d));
            counters.applicationReceived++;
        }
        if (!earlyApplicationData.isEmpty()) {
            handshake.onApplicationDataReceived();
            earlyApplicationData.clear();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Outbound

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

    private void sendAlert(int level, AlertDescription d) {
        try {
            int epoch = records.writeEpoch();
            byte[] out = new byte[records.recordOverhead(epoch) + 2];
            int n = records.writeRecord(ContentType.ALERT, epoch, new byte[] {(byte) level, (byte) d.code()}, 0, 2, out, 0);
            outgoing.add(ByteBuffer.wrap(out, 0, n));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not send alert " + d.rfcName(), e);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Errors

    @FunctionalInterface
    private interface Step {
        void run() throws DtlsException;
    }

    /** The one place where handshake errors are caught (STYLE G8): alert, FAILED, first error kept. */
    private void guard(long now, Step step) {
        try {
            step.run();
        } catch (DtlsException e) {
            fail(e, !e.isReceivedFromPeer());
        } catch (RuntimeException e) {
            fail(new DtlsException(AlertDescription.INTERNAL_ERROR, "internal error: " + e, e), true);
        }
    }

    private void fail(DtlsException e, boolean sendAlert) {
        if (state == EngineState.FAILED) {
            return;
        }
        trace(() -> "handshake failed: " + e.getMessage());
        if (sendAlert) {
            sendAlert(2, e.alert());
        }
        failure = e;
        state = EngineState.FAILED;
        timer.stop();
        earlyApplicationData.clear();
        counters.failed = true;
    }

    /** The learner's trace: the line is built only when DEBUG is on for this logger. */
    private void trace(Supplier<String> line) {
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(System.Logger.Level.DEBUG, "[" + name + "] " + line.get());
        }
    }

    private final class Hooks implements HandshakeHooks {
        @Override
        public RecordLayer recordLayer() {
            return records;
        }

        @Override
        public void sendFlight(Flight flight, boolean awaitsAnswer) {
            handshake.ourFlightSent();
            lastFlight = flight;
            lastFlightAwaitsAnswer = awaitsAnswer;
            timer.stop();
            transmit(flight, 0);
            if (awaitsAnswer) {
                timer.start(now);
            }
        }

        @Override
        public void completed(Negotiated n) {
            negotiated = n;
            state = EngineState.CONNECTED;
            if (lastFlightAwaitsAnswer) {
                lastFlight = null;
            }
            timer.stop();
            trace(() -> "handshake complete: " + n);
            reassembler.discardBuffered();
            releaseEarlyApplicationData();
            handshake.releaseAfterCompletion();
        }

        @Override
        public void trace(Supplier<String> line) {
            DtlsEngine.this.trace(line);
        }
    }
}
