package org.dtls4j.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EstablishedState;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.handshake.DtlsSession;
import org.dtls4j.handshake.engine.EngineCounters;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.Negotiated;
import org.dtls4j.transport.ConnectionClosedException.Reason;
import org.dtls4j.transport.io.DatagramSender;

/**
 * One established DTLS 1.2 connection (RFC 6347) to one peer: datagrams in, datagrams out, each
 * application datagram protected into one record (RFC 6347 §4.1.1: "each DTLS record MUST fit
 * within a single datagram").
 *
 * <p>Obtained from {@link DtlsClient#connect} or {@link DtlsServer#accept()}. Datagram semantics
 * are kept: a {@link #send} is one datagram, which may be lost or reordered on the way; a
 * {@link #receive()} returns one datagram. Received datagrams wait in a bounded queue of
 * {@value #RECEIVE_QUEUE} entries; when the application does not keep up, further datagrams are
 * dropped and counted ({@link ConnectionCounters#receiveQueueDrops()}).
 *
 * <p><b>Threads.</b> Use at most one sending thread and one receiving thread at a time per
 * connection (they may be different threads). {@link #close()} and the accessors may be called
 * from any thread. The transport's I/O thread decrypts and acknowledges in the background; every
 * engine call, from it or from a sender, happens under this connection's lock.
 *
 * <p><b>End.</b> Once the connection has ended (closed by either side, failed, idle, or its server
 * closed), {@link #isOpen()} is false, {@link #send} throws and {@link #receive()} returns what
 * arrived before the end and then throws {@link ConnectionClosedException}, whose
 * {@link ConnectionClosedException#reason() reason} says what happened.
 */
public final class DtlsConnection implements AutoCloseable {
    /** Received application datagrams kept for {@link #receive()}. */
    public static final int RECEIVE_QUEUE = 256;

    private final DtlsEngine engine;
    /** Where the peer is: fixed without Connection IDs; with them it follows the peer (RFC 9146 §6). */
    private volatile InetSocketAddress peer;
    private final InetSocketAddress localAddress;
    private final DatagramSender socket;
    private final Consumer<DtlsConnection> onLocalClose;
    private final ReentrantLock lock = new ReentrantLock();
    private final Arrivals arrivals = new Arrivals();

    private volatile boolean open = true;
    private volatile ConnectionClosedException ended;
    private long datagramsIn;
    private long datagramsOut;

    /**
     * @param onLocalClose told (without the lock held) when the application closed the connection,
     *                     so its transport can forget the peer
     */
    DtlsConnection(DtlsEngine engine, InetSocketAddress peer, InetSocketAddress localAddress, DatagramSender socket,
                   Consumer<DtlsConnection> onLocalClose) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.peer = Objects.requireNonNull(peer, "peer");
        engine.setPeerAddress(peer); // the trace and the DtlsListener name the peer from the first line
        this.localAddress = localAddress;
        this.socket = Objects.requireNonNull(socket, "socket");
        this.onLocalClose = Objects.requireNonNull(onLocalClose, "onLocalClose");
    }

    // ---------------------------------------------------------------------------------------------
    // Application side

    /**
     * Sends one application datagram (one record in one datagram).
     *
     * @throws IllegalArgumentException when longer than {@link #maxApplicationDataSize()}
     * @throws ConnectionClosedException when the connection has ended
     * @throws IOException when the handshake has not completed
     */
    public void send(byte[] data) throws IOException {
        send(ByteBuffer.wrap(data));
    }

    /**
     * Sends the remaining bytes of {@code data} as one datagram and consumes them; see
     * {@link #send(byte[])}. A heap buffer is protected in place: reusing one buffer, nothing is
     * allocated per datagram.
     */
    public void send(ByteBuffer data) throws IOException {
        lock.lock();
        try {
            if (!open) {
                throw closedException();
            }
            if (engine.state() != EngineState.CONNECTED) {
                throw new IOException("cannot send before the handshake completed (state " + engine.state() + ")");
            }
            try {
                engine.send(data);
            } catch (IllegalStateException e) {
                // RFC 6347 §4.1: a write epoch that ran out of sequence numbers abandons the
                // association; the engine is FAILED and says why. Anything else is a bug: rethrow.
                if (engine.state() != EngineState.FAILED) {
                    throw e;
                }
                pump();
                throw closedException();
            }
            flushOutgoing();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next received application datagram, waiting as long as it takes.
     *
     * @throws ConnectionClosedException once the connection has ended and everything received
     *                                   before the end was returned
     */
    public byte[] receive() throws IOException, InterruptedException {
        requireNoHandler();
        byte[] b = arrivals.take(-1);
        if (b == null) {
            throw closedException();
        }
        return b;
    }

    /**
     * The next received application datagram, or {@code null} when none arrives within
     * {@code timeout} ({@link Duration#ZERO} polls without waiting).
     *
     * @throws ConnectionClosedException once the connection has ended and everything received
     *                                   before the end was returned
     */
    public byte[] receive(Duration timeout) throws IOException, InterruptedException {
        requireNoHandler();
        byte[] b = arrivals.take(Math.max(0, timeout.toNanos()));
        if (b == null && arrivals.isClosed()) {
            throw closedException();
        }
        return b;
    }

    /**
     * Hands every received datagram to {@code handler}, on the thread that decrypted it, instead of
     * queueing it for {@link #receive()} (which then throws {@link IllegalStateException}). Datagrams
     * already queued go to the handler first, on the calling thread. One thread (a server's
     * connection worker) serves many connections this way; see {@link DatagramHandler}. If the
     * connection has already ended, the handler hears {@link DatagramHandler#onEnd} at once.
     */
    public void onReceive(DatagramHandler handler) {
        handOver(Objects.requireNonNull(handler, "handler"), null);
    }

    /**
     * As {@link #onReceive(DatagramHandler)}, but the handler runs on {@code executor}, for a
     * handler that takes its time (a database, a blocking call): the decrypting thread copies each
     * datagram into a queue of {@value #RECEIVE_QUEUE} and goes on with other peers. The handler
     * runs for one datagram at a time, in order (never twice at once for this connection, whatever
     * the executor's threads), and hears {@link DatagramHandler#onEnd} after the last one. A
     * handler slower than its peer fills the queue; what does not fit is dropped and counted in
     * {@link ConnectionCounters#receiveQueueDrops()}, so memory stays bounded. The buffer it gets
     * is its own to keep.
     */
    public void onReceive(DatagramHandler handler, Executor executor) {
        handOver(Objects.requireNonNull(handler, "handler"), Objects.requireNonNull(executor, "executor"));
    }

    private void handOver(DatagramHandler handler, Executor executor) {
        lock.lock();
        try {
            arrivals.handOverTo(this, handler, executor);
        } finally {
            lock.unlock();
        }
    }

    private void requireNoHandler() {
        if (arrivals.hasHandler()) { // no lock: a receive must not wait for the worker that decrypts
            throw new IllegalStateException("datagrams of " + this + " go to its onReceive handler");
        }
    }

    /**
     * Sends close_notify (RFC 5246 §7.2.1: "the client and the server must share knowledge that
     * the connection is ending") and ends the connection. Idempotent; never throws.
     */
    @Override
    public void close() {
        boolean closedNow;
        lock.lock();
        try {
            closedNow = open;
            if (open) {
                engine.close();
                flushOutgoing();
                markEnded(new ConnectionClosedException(Reason.CLOSED_LOCALLY, "connection closed by this side", null), true);
            }
        } finally {
            lock.unlock();
        }
        if (closedNow) {
            onLocalClose.accept(this);
        }
    }

    /** True until the connection ends, for whatever reason. */
    public boolean isOpen() {
        return open;
    }

    /** What the handshake agreed on: suite, peer certificates or PSK identity, ALPN, SNI, resumption. */
    public Negotiated negotiated() {
        lock.lock();
        try {
            return engine.negotiated();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Keying material exported from this connection (RFC 5705 §4), e.g. the SRTP keys of RFC 5764
     * §4.2; see {@link DtlsEngine#exportKeyingMaterial}. {@code null} context: none, unlike an empty one.
     *
     * @throws IllegalStateException before the handshake completed, and once the connection ended
     * @throws IllegalArgumentException for a reserved label, a negative length or a context over 65535 bytes
     */
    public byte[] exportKeyingMaterial(String label, byte[] context, int length) {
        lock.lock();
        try {
            if (!open) {
                throw new IllegalStateException("cannot export keying material: the connection has ended");
            }
            return engine.exportKeyingMaterial(label, context, length);
        } finally {
            lock.unlock();
        }
    }

    /** The session, to resume with {@link DtlsClient#connect(InetSocketAddress, org.dtls4j.handshake.DtlsConfig, DtlsSession, Duration)}. */
    public DtlsSession session() {
        Negotiated n = negotiated();
        return n == null ? null : n.session();
    }

    /**
     * The peer's address. With Connection IDs (RFC 9146) it changes when an authenticated record
     * newer than any before arrives from another address, as after a NAT rebinding (§6).
     */
    public InetSocketAddress peer() {
        return peer;
    }

    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /** The largest datagram {@link #send} accepts: the configured datagram size minus record overhead. */
    public int maxApplicationDataSize() {
        lock.lock();
        try {
            return engine.maxApplicationDataSize();
        } finally {
            lock.unlock();
        }
    }

    /** A snapshot of this connection's counters. */
    public ConnectionCounters counters() {
        lock.lock();
        try {
            EngineCounters c = engine.counters();
            Map<String, Long> discards = new HashMap<>();
            c.recordDiscards().forEach((k, v) -> discards.put(String.valueOf(k), v));
            return new ConnectionCounters(datagramsIn, datagramsOut, c.retransmissions(), c.duplicateFragments(),
                    c.badFragments(), c.discardedRecords(), discards, c.applicationSent(), c.applicationReceived(),
                    c.applicationDropped(), arrivals.drops());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "DtlsConnection[" + localAddress + " <-> " + peer + (open ? "" : ", ended") + "]";
    }

    // ---------------------------------------------------------------------------------------------
    // Transport side: the I/O thread drives the engine through these, each under the lock.

    /** The engine's {@link DtlsEngine#stallHint()}, for a timeout's message. */
    Optional<String> stallHint() {
        lock.lock();
        try {
            return engine.stallHint();
        } finally {
            lock.unlock();
        }
    }

    EngineState start(long now) {
        lock.lock();
        try {
            engine.start(now);
            pump();
            return engine.state();
        } finally {
            lock.unlock();
        }
    }

    EngineState receiveDatagram(byte[] data, int length, long now) {
        return receiveDatagram(data, length, peer, now);
    }

    /**
     * A datagram from {@code from}, which may not be the peer's address: the engine decides whether
     * the peer moved there (RFC 9146 §6), and from then on our datagrams go there.
     */
    EngineState receiveDatagram(byte[] data, int length, InetSocketAddress from, long now) {
        lock.lock();
        try {
            return receiveLocked(data, length, from, now);
        } finally {
            lock.unlock();
        }
    }

    /**
     * As {@link #receiveDatagram(byte[], int, InetSocketAddress, long)} for a thread that must not
     * wait: null, and nothing done, when the lock is taken or the datagrams go to a handler (which
     * must not run on that thread).
     */
    EngineState tryReceiveDatagram(byte[] data, int length, InetSocketAddress from, long now) {
        if (!lock.tryLock()) {
            return null;
        }
        try {
            return arrivals.lendsToHandler() ? null : receiveLocked(data, length, from, now);
        } finally {
            lock.unlock();
        }
    }

    private EngineState receiveLocked(byte[] data, int length, InetSocketAddress from, long now) {
        datagramsIn++;
        engine.receive(data, 0, length, from, now);
        if (engine.peerAddress() instanceof InetSocketAddress moved && !moved.equals(peer)) {
            peer = moved;
        }
        pump();
        return engine.state();
    }

    /**
     * Whether received datagrams are lent to an {@link #onReceive} handler on the thread that
     * decrypts them (a handler without an executor); read without the lock.
     */
    boolean lendsToHandler() {
        return arrivals.lendsToHandler();
    }

    /** Calls {@link DtlsEngine#onDeadline} if its deadline has come. */
    EngineState onTimer(long now) {
        lock.lock();
        try {
            long deadline = engine.nextDeadlineNanos();
            if (deadline != Long.MAX_VALUE && deadline - now <= 0) {
                engine.onDeadline(now);
                pump();
            }
            return engine.state();
        } finally {
            lock.unlock();
        }
    }

    long nextDeadlineNanos() {
        lock.lock();
        try {
            return engine.nextDeadlineNanos();
        } finally {
            lock.unlock();
        }
    }

    byte[] clientRandom() {
        lock.lock();
        try {
            return engine.clientRandom();
        } finally {
            lock.unlock();
        }
    }

    DtlsException failure() {
        lock.lock();
        try {
            return engine.failure();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends the connection for a reason of the transport's (idle, replaced, shut down). With
     * {@code notifyPeer} the engine sends close_notify first; without it nothing goes on the wire
     * (the peer is gone, or a new association owns its address).
     */
    void endByTransport(long now, boolean notifyPeer, Reason reason, String message) {
        lock.lock();
        try {
            if (!open) {
                return;
            }
            if (notifyPeer) {
                engine.close();
                flushOutgoing();
            }
            markEnded(new ConnectionClosedException(reason, message, null), false);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Hands the connection over to the process that replaces this one
     * ({@link DtlsEngine#exportEstablished()}): its state, taken under the lock, after which the
     * connection has ended and sends nothing, not even close_notify, so no sequence number after
     * the state is ever used here. Null, and nothing done, when it is not connected.
     */
    EstablishedState handOver() {
        lock.lock();
        try {
            if (!open || engine.state() != EngineState.CONNECTED) {
                return null;
            }
            flushOutgoing(); // what was queued before the state goes out before it
            EstablishedState s = engine.exportEstablished();
            markEnded(new ConnectionClosedException(Reason.TRANSPORT_CLOSED,
                    "the server saved the connection with " + peer + " for the process that replaces it", null), false);
            return s;
        } finally {
            lock.unlock();
        }
    }

    /** Moves everything the engine produced: datagrams to the socket, application data to the queue. */
    private void pump() {
        flushOutgoing();
        if (arrivals.lendsToHandler()) {
            ByteBuffer lent = ThreadBuffers.received();
            while (engine.pollApplicationData(lent) >= 0) {
                arrivals.arrived(this, lent.flip());
                lent.clear();
            }
        } else {
            ByteBuffer in;
            while ((in = engine.pollApplicationData()) != null) {
                arrivals.arrived(this, in); // the engine's own array, kept by the queue
            }
        }
        if (open) {
            EngineState s = engine.state();
            if (s == EngineState.FAILED) {
                DtlsException f = engine.failure();
                markEnded(new ConnectionClosedException(Reason.FAILED,
                        "connection with " + peer + " failed: " + (f != null ? f.getMessage() : "unknown cause"), f), false);
            } else if (s == EngineState.CLOSED) {
                markEnded(new ConnectionClosedException(Reason.CLOSED_BY_PEER, "connection closed by the peer " + peer, null),
                        false);
            }
        }
    }

    /** Sends what the engine queued, through this thread's buffer (no allocation per datagram). */
    private void flushOutgoing() {
        ByteBuffer out = ThreadBuffers.outgoing();
        while (engine.pollDatagram(out) >= 0) {
            if (socket.send(out.flip(), peer)) {
                datagramsOut++;
            }
            out.clear();
        }
    }

    private void markEnded(ConnectionClosedException reason, boolean discardQueued) {
        ended = reason;
        open = false;
        arrivals.ended(this, new ConnectionClosedException(reason), discardQueued);
        Negotiated n = engine.negotiated();
        if (n != null && n.exporter() != null) {
            n.exporter().destroy(); // however it ended (idle, server closed), no more keys are exported
        }
    }

    private ConnectionClosedException closedException() {
        ConnectionClosedException e = ended;
        if (e == null) {
            e = new ConnectionClosedException(Reason.TRANSPORT_CLOSED, "connection closed", null);
        }
        return new ConnectionClosedException(e);
    }
}
