package org.dtls4j.handshake.engine;

import java.net.SocketAddress;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.handshake.DtlsSession;
import org.dtls4j.handshake.DtlsTimeoutException;
import org.dtls4j.handshake.Negotiated;
import org.dtls4j.handshake.cookie.CookieExchange;
import org.dtls4j.handshake.flight.Flight;
import org.dtls4j.handshake.flight.FlightTracker;
import org.dtls4j.handshake.flight.RepeatAnswers;
import org.dtls4j.handshake.flight.RetransmitTimer;
import org.dtls4j.handshake.fragment.HandshakeMessageBytes;
import org.dtls4j.handshake.message.Alert;
import org.dtls4j.handshake.protocol.ClientHandshake;
import org.dtls4j.handshake.protocol.Handshake;
import org.dtls4j.handshake.protocol.HandshakeHooks;
import org.dtls4j.handshake.protocol.RecordLimits;
import org.dtls4j.handshake.protocol.ServerHandshake;
import org.dtls4j.record.CidRecords;
import org.dtls4j.record.RecordHeader;
import org.dtls4j.record.RecordLayer;
import org.dtls4j.record.SequenceNumberExhaustedException;

/**
 * One DTLS 1.2 connection as a plain object: datagrams and time in, datagrams, deadlines and
 * application data out. No socket, thread or clock: the caller owns all three.
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
 * <p><b>Caller-owned buffers.</b> Each call that moves bytes has a {@link ByteBuffer} variant that
 * works in the caller's buffers: {@link #receive(ByteBuffer, SocketAddress, long)} and
 * {@link #send(ByteBuffer)} read a heap buffer's array in place, and
 * {@link #pollDatagram(ByteBuffer)} and {@link #pollApplicationData(ByteBuffer)} copy into the
 * caller's buffer, after which the engine reuses its own array. A connection driven through
 * these four allocates nothing of its own per datagram once the handshake is over (the JCA
 * cipher may). The variants that return a {@code ByteBuffer} hand over an array per datagram.
 *
 * <p>Bad input is discarded and counted, never thrown (RFC 6347 §4.1.2.7). A failed handshake
 * sends its fatal alert, moves to {@link EngineState#FAILED} and keeps the {@link DtlsException}
 * ({@link #failure()}). Not thread-safe: one thread at a time, or the transport's lock.
 *
 * <p>The engine holds the connection's state and applies what happens to it. Its plumbing, in this
 * package, never calls back: records come in through {@code InboundRecords} (handshake records
 * through {@code HandshakeRecords}), which returns the connection's {@code Outcome}; records that
 * come early wait in {@code EarlyRecords}; flights, alerts and application records go out through
 * {@code OutboundRecords}, and the {@code FlightTracker} decides when a flight goes out again.
 *
 * <p>What happens is also told as it happens, on the calling thread, to the configuration's
 * {@link org.dtls4j.handshake.DtlsListener} and to JDK Flight Recorder ({@code org.dtls4j.*}
 * events): started, completed, failed, retransmitted, record discarded, peer moved.
 */
public final class DtlsEngine {
    private static final System.Logger LOG = System.getLogger(DtlsEngine.class.getName());
    private static final byte[] NO_BYTES = {};

    private final boolean client;
    private final DtlsConfig config;
    private final RecordLayer records;
    private final Handshake handshake;
    private final EngineCounters counters = new EngineCounters();
    private final Trace trace;
    private final Events events;
    private final Outcome outcome = new Outcome();
    private final OutboundRecords outbound;
    private final FlightTracker flights;
    private final HandshakeRecords handshakeRecords;
    private final InboundRecords inbound;

    private EngineState state = EngineState.NEW;
    private DtlsException failure;
    private Negotiated negotiated;
    private final PeerAddress peerAddress;
    private long handshakeDeadline = Long.MAX_VALUE;
    /** The time of the call being handled (every entry point that can send a flight takes it). */
    private long now;
    /** The client and server randoms of a restored connection (its handshake ran elsewhere); else null. */
    private byte[][] restoredRandoms;
    /** The bytes of the last direct buffer received or sent: see {@link #scratch(int)}. */
    private byte[] scratch = NO_BYTES;

    private DtlsEngine(boolean client, DtlsConfig config, SecureRandom random, DtlsSession resume,
                       byte[] verifiedHello) {
        this.client = client;
        this.config = Objects.requireNonNull(config, "config");
        this.trace = new Trace(LOG, client, this::peerAddress);
        this.events = new Events(config.listener(), client, this::peerAddress, trace);
        this.peerAddress = new PeerAddress(counters, trace);
        this.records = new RecordLayer(config.replayWindowSize());
        this.outbound = new OutboundRecords(records, config.maxDatagramSize(), trace);
        long initialTimeout = config.initialRetransmitTimeout().toNanos();
        this.flights = new FlightTracker(
                new RetransmitTimer(initialTimeout, config.maxRetransmitTimeout().toNanos(), config.retransmitBackoff()),
                new RepeatAnswers(initialTimeout), outbound);
        Hooks hooks = new Hooks();
        this.handshake = client
                ? new ClientHandshake(config, random, hooks, resume)
                : new ServerHandshake(config, random, hooks, verifiedHello);
        this.handshakeRecords = new HandshakeRecords(client, records, handshake, flights, outbound, counters, trace);
        this.inbound = new InboundRecords(records, handshake, handshakeRecords, flights, counters, trace, outcome);
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
        e.handshakeRecords.seen(0, accepted.recordSequence()); // its copies are not the client retransmitting
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

    /**
     * An engine that continues a connection another engine established and handed over with
     * {@link #exportEstablished()}, in this process or another: {@link EngineState#CONNECTED} at
     * once, without a handshake. The keys are derived again from the state's master secret and
     * randoms; the replay window is the saved one, so a record the old engine accepted is a replay
     * here; the write sequence number starts {@link EstablishedState#RESTORE_SEQUENCE_MARGIN}
     * past the saved one, so no (epoch, sequence number) pair, and hence no AEAD nonce (RFC 5288
     * §3), is used twice under the connection's keys. Restore a state once only: the engine
     * cannot tell that a state was restored before.
     *
     * @param config the configuration the connection goes on with (its datagram size, replay
     *               window size, providers and trace); the handshake's settings are not consulted
     * @throws IllegalArgumentException when the state cannot be installed (an epoch other than 1)
     */
    public static DtlsEngine restore(DtlsConfig config, SecureRandom random, EstablishedState state, long nowNanos) {
        Objects.requireNonNull(state, "state");
        DtlsEngine e = new DtlsEngine(state.client, config, random, null, null);
        e.now = nowNanos;
        Negotiated n = Restoration.install(state, e.records, config, random);
        e.restoredRandoms = new byte[][] {state.clientRandom.clone(), state.serverRandom.clone()};
        e.peerAddress.onDatagram(state.peer, false);
        e.new Hooks().completed(n);
        return e;
    }

    /**
     * Hands this connection over to another engine ({@link #restore}): returns its state and
     * closes this engine without a word to the peer (no close_notify: the association goes on
     * elsewhere). Nothing is sent under this engine's keys after the state is taken, which is the
     * rule that keeps the saved sequence number unused; the restore's margin is on top of it.
     *
     * @throws IllegalStateException when not {@link EngineState#CONNECTED}: only an established
     *         connection can be handed over
     */
    public EstablishedState exportEstablished() {
        checkConnected();
        byte[] clientRandom = restoredRandoms != null ? restoredRandoms[0] : handshake.clientRandom();
        byte[] serverRandom = restoredRandoms != null ? restoredRandoms[1] : handshake.serverRandom();
        EstablishedState s = Restoration.take(client, negotiated, clientRandom, serverRandom, records,
                peerAddress.current());
        state = EngineState.CLOSED;
        flights.stop();
        dropExporter();
        trace.line(() -> "connection handed over: " + s);
        return s;
    }

    /** Starts the handshake: a client queues its first flight; a server answers the verified ClientHello. */
    public void start(long nowNanos) {
        if (state != EngineState.NEW) {
            throw new IllegalStateException("already started");
        }
        now = nowNanos;
        state = EngineState.HANDSHAKING;
        handshakeDeadline = nowNanos + config.handshakeTimeout().toNanos();
        events.handshakeStarted(nowNanos);
        outcome.run(() -> {
            handshake.start(nowNanos);
            if (!client) {
                handshakeRecords.expectMessageSeq(handshake.nextReceiveSeq());
            }
        });
        apply();
    }

    /** Feeds one received datagram. Never throws on what the peer sent. */
    public void receive(byte[] datagram, int offset, int length, long nowNanos) {
        receive(datagram, offset, length, null, nowNanos);
    }

    /**
     * Feeds one received datagram that came from {@code source}. The first source becomes the
     * peer's address ({@link #peerAddress()}). A datagram from another source moves it only when
     * Connection IDs are in use and the datagram carried an authenticated record newer than any
     * received before (RFC 9146 §6): a replayed or forged record from elsewhere never does.
     * Never throws on what the peer sent.
     *
     * @param source where the datagram came from, or {@code null} when the caller routes by address
     *               and the question does not arise
     */
    public void receive(byte[] datagram, int offset, int length, SocketAddress source, long nowNanos) {
        if (peerAddress.current() == null) {
            peerAddress.onDatagram(source, false); // the first source is the peer while its datagram is handled
        }
        events.datagramReceived(datagram, offset, length, source);
        if (state == EngineState.NEW && !client) {
            start(nowNanos);
        }
        if (state == EngineState.FAILED || state == EngineState.CLOSED) {
            counters.afterClose++;
            return;
        }
        now = nowNanos;
        SocketAddress peerBefore = peerAddress.current();
        long retransmissionsBefore = flights.retransmissions();
        events.beforeDatagram(records.discards());
        inbound.receive(datagram, offset, length, nowNanos);
        events.afterDatagram(records.discards());
        if (flights.retransmissions() != retransmissionsBefore) {
            events.retransmitted(flights.currentTimeoutNanos(), true);
        }
        peerAddress.onDatagram(source, inbound.advancedNewestRecord());
        if (peerBefore != null && peerAddress.current() != peerBefore) {
            events.peerAddressChanged(peerBefore, peerAddress.current());
        }
        apply();
    }

    /**
     * The Connection ID of a received datagram's first record, read with the length of the CIDs
     * this endpoint hands out ({@code ConnectionIdGenerator.length()}); {@code null} when the first
     * record is not a tls12_cid record with such a CID (RFC 9146 §4). Nothing is authenticated
     * here: it is the key for an event loop's own routing table, before an engine is chosen, and
     * the engine it leads to checks the record. Never throws on the datagram's bytes.
     *
     * @throws IllegalArgumentException if {@code cidLength} is not 1 to 255
     */
    public static byte[] connectionIdOf(byte[] datagram, int offset, int length, int cidLength) {
        return CidRecords.firstRecordCid(datagram, offset, length, cidLength);
    }

    /**
     * Why a handshake that is still running may be stuck, when the engine can tell: empty, or a
     * sentence for a timeout's message. The one case it tells is the silent key mismatch seen from
     * the side whose Finished the peer cannot read: we sent our ChangeCipherSpec and Finished, the
     * peer answered nothing under the new keys, and we had to send it again (a peer discards a
     * record that fails authentication without a word, RFC 6347 §4.1.2.7, and goes on waiting for
     * a Finished it can read). Loss of our flight looks the same for a while, so this only names a
     * likely cause; it never ends the handshake ({@code KeyMismatchWatch} is for the side that can
     * prove the mismatch).
     */
    public Optional<String> stallHint() {
        if (state != EngineState.HANDSHAKING || records.writeEpoch() == 0 || inbound.keysProven()
                || flights.lastFlightRetransmissions() == 0) {
            return Optional.empty();
        }
        return Optional.of("our Finished went out " + (1 + flights.lastFlightRetransmissions()) + " times and the peer"
                + " answered none of them under the new keys; a peer that cannot authenticate our Finished drops"
                + " it silently (RFC 6347 §4.1.2.7): " + KeyMismatchWatch.likelyCause(handshake));
    }

    /** Where the peer's datagrams come from and ours go: the first source, moved as RFC 9146 §6 allows. */
    public SocketAddress peerAddress() {
        return peerAddress.current();
    }

    /**
     * Names the peer before any datagram came from it: a client's server, or the address a server's
     * event loop made this engine for. The trace and the {@link org.dtls4j.handshake.DtlsListener}
     * then name the peer from the handshake's first line on, and {@link #peerAddress()} starts
     * there. It is the first source, as if a datagram had come from it: a datagram from elsewhere
     * moves it only as {@link #receive(byte[], int, int, SocketAddress, long)} says.
     *
     * @throws IllegalStateException when the engine already knows another address for the peer
     */
    public void setPeerAddress(SocketAddress peer) {
        Objects.requireNonNull(peer, "peer");
        SocketAddress known = peerAddress.current();
        if (known != null && !known.equals(peer)) {
            throw new IllegalStateException("the peer is already at " + known);
        }
        peerAddress.onDatagram(peer, false);
    }

    public void receive(byte[] datagram, long nowNanos) {
        receive(datagram, 0, datagram.length, nowNanos);
    }

    /** Feeds the remaining bytes of {@code datagram} as one datagram: see {@link #receive(ByteBuffer, SocketAddress, long)}. */
    public void receive(ByteBuffer datagram, long nowNanos) {
        receive(datagram, null, nowNanos);
    }

    /**
     * Feeds the remaining bytes of {@code datagram} as one datagram that came from {@code source},
     * as {@link #receive(byte[], int, int, SocketAddress, long)} does, and consumes the buffer
     * (its position moves to its limit). A buffer with an accessible array is read in place; the
     * bytes of any other (a direct buffer) are first copied into an array the engine keeps for the
     * purpose, which grows to the longest such datagram up to {@link RecordHeader#MAX_RECORD_LENGTH}
     * bytes: a longer one is discarded unread and counted in {@link EngineCounters#oversizedDatagrams()}.
     * The engine keeps no reference to the buffer. Never throws on what the peer sent.
     *
     * @param source where the datagram came from, or {@code null} when the caller routes by address
     */
    public void receive(ByteBuffer datagram, SocketAddress source, long nowNanos) {
        int length = datagram.remaining();
        if (datagram.hasArray()) {
            receive(datagram.array(), datagram.arrayOffset() + datagram.position(), length, source, nowNanos);
        } else if (length > RecordHeader.MAX_RECORD_LENGTH) {
            counters.oversizedDatagrams++;
        } else {
            byte[] bytes = scratch(length);
            datagram.get(datagram.position(), bytes, 0, length);
            receive(bytes, 0, length, source, nowNanos);
        }
        datagram.position(datagram.limit());
    }

    /**
     * The engine's array for the bytes of a direct buffer, at least {@code length} long: made at
     * the datagram size the first time, grown only for a longer datagram.
     */
    private byte[] scratch(int length) {
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, outbound.maxDatagramSize())];
        }
        return scratch;
    }

    /** The next datagram to send, or {@code null}. The buffer and its array are the caller's to keep. */
    public ByteBuffer pollDatagram() {
        ByteBuffer d = outbound.poll();
        if (d != null) {
            events.datagramSent(d);
        }
        return d;
    }

    /**
     * Copies the next datagram to send into {@code dst}, at its position, which advances by the
     * datagram's length. The engine reuses its array for a later datagram: this is the variant that
     * allocates nothing. The engine's datagrams are no longer than its datagram size
     * ({@link DtlsConfig#maxDatagramSize()}, or the last {@link #setMaxDatagramSize}), so a buffer
     * of the largest size it was given holds any of them.
     *
     * @return the datagram's length, or -1 when none is queued
     * @throws BufferOverflowException when {@code dst} has less room than the datagram: nothing is
     *         consumed, the datagram stays first in the queue, and {@code dst} is unchanged
     */
    public int pollDatagram(ByteBuffer dst) {
        int start = dst.position();
        int n = outbound.poll(dst);
        if (n >= 0 && events.hearsDatagrams()) { // the view is made only for a listener: nothing allocated otherwise
            ByteBuffer sent = dst.duplicate();
            sent.position(start);
            sent.limit(start + n);
            events.datagramSent(sent);
        }
        return n;
    }

    /** When {@link #onDeadline(long)} must be called next; {@link Long#MAX_VALUE} when no timer runs. */
    public long nextDeadlineNanos() {
        if (state != EngineState.HANDSHAKING) {
            return Long.MAX_VALUE;
        }
        return Math.min(handshakeDeadline, flights.deadlineNanos());
    }

    /** Handles an expired deadline: retransmits the current flight (RFC 6347 §4.2.4) or gives up. */
    public void onDeadline(long nowNanos) {
        if (state != EngineState.HANDSHAKING) {
            return;
        }
        now = nowNanos;
        if (nowNanos - handshakeDeadline >= 0) {
            fail(new DtlsTimeoutException("handshake did not complete within "
                    + config.handshakeTimeout().toMillis() + " ms (" + flights.retransmissions() + " retransmissions)"
                    + stallHint().map(h -> ": " + h).orElse("")), false);
            return;
        }
        outcome.run(() -> {
            if (flights.onTimer(nowNanos)) {
                trace.line(() -> "timer expired, retransmitting flight (timeout now "
                        + flights.currentTimeoutNanos() / 1_000_000 + " ms)");
                events.retransmitted(flights.currentTimeoutNanos(), false);
            }
        });
        apply();
    }

    /**
     * Protects one application datagram into one record and queues it. Only once connected.
     *
     * <p>A write epoch has 2^48 sequence numbers, and dtls4j does not renegotiate: when they are all
     * used, the engine abandons the association (RFC 6347 §4.1). It moves to
     * {@link EngineState#FAILED}, {@link #failure()} names the cause, and nothing more is sent.
     *
     * @throws IllegalStateException when not {@link EngineState#CONNECTED}, or when the current
     *         write epoch has no sequence number left (the engine is FAILED then, with the same message)
     * @throws IllegalArgumentException when larger than {@link #maxApplicationDataSize()}
     */
    public void send(byte[] data, int offset, int length) {
        checkConnected();
        try {
            outbound.applicationData(data, offset, length);
        } catch (SequenceNumberExhaustedException e) {
            fail(Outcome.exhausted(e), false);
            throw new IllegalStateException(failure.getMessage(), e);
        }
        counters.applicationSent++;
    }

    public void send(byte[] data) {
        send(data, 0, data.length);
    }

    /**
     * Protects the remaining bytes of {@code data} as one record, as {@link #send(byte[], int, int)}
     * does, and consumes the buffer (its position moves to its limit). A buffer with an accessible
     * array is read in place; the bytes of any other (a direct buffer) are copied into an array the
     * engine keeps for the purpose. When it throws, the buffer is unchanged.
     */
    public void send(ByteBuffer data) {
        int length = data.remaining();
        if (data.hasArray()) {
            send(data.array(), data.arrayOffset() + data.position(), length);
        } else {
            checkConnected();
            outbound.checkApplicationDataLength(length); // before the copy: the scratch array stays small
            byte[] bytes = scratch(length);
            data.get(data.position(), bytes, 0, length);
            send(bytes, 0, length);
        }
        data.position(data.limit());
    }

    private void checkConnected() {
        if (state != EngineState.CONNECTED) {
            throw new IllegalStateException("cannot send application data in state " + state);
        }
    }

    /** The largest application datagram {@link #send} accepts: datagram size minus record overhead. */
    public int maxApplicationDataSize() {
        return outbound.maxApplicationDataSize(state == EngineState.CONNECTED);
    }

    /** The next received application datagram, or {@code null}. The buffer and its array are the caller's to keep. */
    public ByteBuffer pollApplicationData() {
        return inbound.pollApplicationData();
    }

    /**
     * Copies the next received application datagram into {@code dst}, at its position, which
     * advances by the datagram's length. The engine reuses its array for a later datagram: this is
     * the variant that allocates nothing. A buffer of {@link #maxApplicationDataSize()} bytes holds
     * what a peer with the same datagram size sends; {@link RecordHeader#MAX_PLAINTEXT_LENGTH}
     * (2^14) holds any record's data.
     *
     * @return the datagram's length, or -1 when none is queued
     * @throws BufferOverflowException when {@code dst} has less room than the datagram: nothing is
     *         consumed, the datagram stays first in the queue, and {@code dst} is unchanged
     */
    public int pollApplicationData(ByteBuffer dst) {
        return inbound.pollApplicationData(dst);
    }

    /** Sends close_notify (RFC 5246 §7.2.1) if connected or handshaking, and closes. */
    public void close() {
        if (state == EngineState.CONNECTED || state == EngineState.HANDSHAKING) {
            sendAlert(Alert.closeNotify());
        }
        if (state != EngineState.FAILED) {
            state = EngineState.CLOSED;
            flights.stop();
        }
        dropExporter();
    }

    /**
     * Keying material exported from this connection (RFC 5705 §4; for DTLS-SRTP, RFC 5764 §4.2 and
     * {@link org.dtls4j.handshake.SrtpKeyingMaterial}).
     *
     * @param label   e.g. {@code "EXTRACTOR-dtls_srtp"}; the TLS PRF's own labels are refused
     * @param context {@code null} for no context, which differs from an empty one
     * @param length  bytes wanted
     * @throws IllegalStateException    before the handshake completed, and once the connection closed or failed
     * @throws IllegalArgumentException for a reserved label, a negative length or a context over 65535 bytes
     */
    public byte[] exportKeyingMaterial(String label, byte[] context, int length) {
        if (state != EngineState.CONNECTED) {
            throw new IllegalStateException("cannot export keying material in state " + state
                    + (negotiated == null ? ": the handshake has not completed" : ": the connection has ended"));
        }
        return negotiated.exportKeyingMaterial(label, context, length);
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
        return restoredRandoms != null ? restoredRandoms[0].clone() : handshake.clientRandom();
    }

    /** Changes the datagram size, e.g. after path MTU discovery; honoured from the next transmission on. */
    public void setMaxDatagramSize(int bytes) {
        outbound.setMaxDatagramSize(bytes);
    }

    /**
     * Bytes this connection holds of what the peer sent and the handshake has not consumed yet: the
     * reassembly buffers (each message at its declared length), records of the next epoch that came
     * before its keys, and application data held until the handshake completes. Every part has a cap
     * that applies before authentication; application data already delivered to
     * {@link #pollApplicationData()} is not counted.
     */
    public long bufferedBytes() {
        return inbound.bufferedBytes();
    }

    /** For tests: the record layer, to move a write epoch near the end of its sequence numbers. */
    RecordLayer recordLayer() {
        return records;
    }

    /** Counters of this connection: discards by reason, retransmissions, records. */
    public EngineCounters counters() {
        counters.recordDiscards = records.discards().snapshot();
        counters.retransmissions = flights.retransmissions();
        return counters;
    }

    // ---------------------------------------------------------------------------------------------
    // Applying what happened

    /**
     * Applies what the last call did to the connection, as its {@code Outcome} reports it: the
     * peer's close_notify, or a failure.
     */
    private void apply() {
        if (state == EngineState.FAILED || state == EngineState.CLOSED) {
            return;
        }
        if (outcome.kind() == Outcome.Kind.CLOSED_BY_PEER) {
            closedByPeer();
        } else if (outcome.kind() == Outcome.Kind.FAILED) {
            fail(outcome.failure(), outcome.alertThePeer());
        }
    }

    /** The peer sent close_notify: we answer it if connected (RFC 5246 §7.2.1), and close. */
    private void closedByPeer() {
        if (state == EngineState.CONNECTED) {
            sendAlert(Alert.closeNotify());
        }
        if (state != EngineState.FAILED) { // FAILED: the answer found no sequence number left
            state = EngineState.CLOSED;
            flights.stop();
        }
        dropExporter();
    }

    /** The connection ended: the exporter's copy of the master secret goes. */
    private void dropExporter() {
        if (negotiated != null && negotiated.exporter() != null) {
            negotiated.exporter().destroy();
        }
    }

    /** The connection failed: the first failure is kept, its fatal alert sent if asked, nothing more goes out. */
    private void fail(DtlsException e, boolean alertThePeer) {
        if (state == EngineState.FAILED) {
            return;
        }
        trace.line(() -> "handshake failed: " + e.getMessage());
        failure = e; // first, so that an alert that cannot be sent does not replace the cause
        state = EngineState.FAILED;
        boolean alertSent = alertThePeer && sendAlert(Alert.fatal(e.alert()));
        flights.stop();
        inbound.failed();
        dropExporter();
        events.failed(e, alertSent ? e.alert() : null, now);
    }

    /** Sends an alert in the current write epoch; never throws. Returns whether it went out. */
    private boolean sendAlert(Alert alert) {
        try {
            outbound.alert(alert);
            return true;
        } catch (SequenceNumberExhaustedException e) {
            fail(Outcome.exhausted(e), false); // no alert: there is no sequence number to send it under
            return false;
        }
    }

    private final class Hooks implements HandshakeHooks {
        @Override
        public RecordLayer recordLayer() {
            return records;
        }

        @Override
        public void peerMessage(HandshakeMessageBytes message) {
            flights.peerMessage(message);
        }

        @Override
        public void sendFlight(Flight flight, boolean awaitsAnswer) {
            events.flightSent(flight);
            flights.send(flight, awaitsAnswer, now);
            if (awaitsAnswer) {
                trace.line(() -> "timer armed: " + flights.currentTimeoutNanos() / 1_000_000
                        + " ms for the answer to this flight (RFC 6347 §4.2.4.1)");
            }
        }

        @Override
        public void recordLimits(RecordLimits limits) {
            outbound.setLimits(limits);
            inbound.setReceiveLimit(limits.receiveLimit());
        }

        @Override
        public void completed(Negotiated n) {
            negotiated = n;
            state = EngineState.CONNECTED;
            peerAddress.connectionIdsInUse(n.connectionIds().map(c -> c.ours().length > 0).orElse(false));
            flights.lastFlightReceived();
            trace.line(() -> "handshake complete: " + n);
            inbound.handshakeCompleted();
            handshake.releaseAfterCompletion();
            events.handshakeCompleted(n, now);
        }

        @Override
        public void trace(Supplier<String> line) {
            trace.line(line);
        }

        @Override
        public SocketAddress peerAddress() {
            return peerAddress.current();
        }
    }
}
