package org.dtls4j.transport;

import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.transport.ConnectionClosedException.Reason;
import org.dtls4j.transport.io.DatagramSender;
import org.dtls4j.transport.io.ReceivedDatagram;
import org.dtls4j.transport.io.Worker;
import org.dtls4j.transport.time.TimerQueue;

/**
 * One peer of a server, between the receive thread that finds it and the worker that runs its
 * engine: the datagrams waiting for the engine, and which worker runs it now.
 *
 * <pre>
 *   receive thread  --offer(datagram)-->  inbox  --worker runs the peer-->  engine
 *                   --requestEnd(...)-->  (idle, replaced, server closed)
 *   handshaking: a handshake worker runs it, with its retransmission timer
 *   connected:   a connection worker runs it; it moves there when the handshake completes
 * </pre>
 *
 * <p>At most one worker runs a peer at a time ({@link #scheduled}), and it takes the datagrams in
 * the order they arrived, so the engine sees what it would have seen on one thread. The move to
 * a connection worker happens while the peer runs, so the next run is already on the new worker.
 * The peer tells the {@link Events} what the engine's state means (connected, ended, moved);
 * their implementation hands that to the receive thread, which owns the tables.
 */
final class ServerPeer implements Worker.Job {
    /** Datagrams a handshaking peer may have waiting; a client's flight is a few, the rest are shed. */
    static final int HANDSHAKE_QUEUE = 8;
    /** Datagrams a connected peer may have waiting for its worker. */
    static final int CONNECTION_QUEUE = 64;
    /** Datagrams taken per run, so that one busy peer does not hold up the others on its worker. */
    private static final int DATAGRAMS_PER_RUN = 16;

    /** What the engine's state means for the server; called on the worker. */
    interface Events {
        /**
         * The handshake completed; the peer runs on a connection worker from now on.
         * {@code connectionId} is our CID for the peer (RFC 9146), or null.
         */
        void connected(ServerPeer p, byte[] connectionId, long now);

        /** The engine failed or was closed by the peer; {@code failure} is null for a close. */
        void ended(ServerPeer p, DtlsException failure, boolean duringHandshake);

        /** The engine moved the peer to a new address (RFC 9146 §6). */
        void moved(ServerPeer p, InetSocketAddress from, InetSocketAddress to);

        /** A datagram from another address under the peer's Connection ID did not move it. */
        void moveRefused(ServerPeer p);

        /** The application closed the connection (close_notify is sent); called on its thread. */
        void closedLocally(ServerPeer p);

        /** Where a connected peer runs. */
        Worker connectionWorker();
    }

    /** An end decided by the receive thread, carried out by the worker. */
    private record EndRequest(Reason reason, boolean notifyPeer, String message) {
    }

    final DtlsConnection connection;
    private final Events events;
    private final ReceivedDatagram.Pool pool;
    private final ArrayBlockingQueue<ReceivedDatagram> inbox = new ArrayBlockingQueue<>(CONNECTION_QUEUE);
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile Worker worker;
    private volatile EndRequest endRequest;

    // The worker's: only the thread that runs the peer touches these.
    private boolean startPending;
    private boolean handshakeOver;
    private boolean ended;
    private TimerQueue.Timer handshakeTimer;

    // The receive thread's (PeerTable): only it touches these, but for countedHandshaking.
    /** The address the table files the peer under; follows the engine's moves (RFC 9146 §6). */
    InetSocketAddress address;
    long lastHeard;
    /** The client_random of the hello this association started with (RFC 6347 §4.2.8). */
    byte[] clientRandom;
    /** Our CID for this peer once the handshake completed and it was filed, or null. */
    byte[] connectionId;
    /**
     * Whether the peer is counted among the handshakes in progress: until its worker sees the
     * handshake complete, or the receive thread forgets it, whichever comes first.
     */
    final AtomicBoolean countedHandshaking = new AtomicBoolean(true);
    TimerQueue.Timer idleTimer;

    /**
     * @param start whether the worker must start the engine (a server engine created from a
     *              verified ClientHello answers it when started)
     */
    ServerPeer(DtlsEngine engine, InetSocketAddress from, InetSocketAddress localAddress, DatagramSender socket,
               Worker handshakeWorker, boolean start, Events events, ReceivedDatagram.Pool pool) {
        this.connection = new DtlsConnection(engine, from, localAddress, socket, c -> events.closedLocally(this));
        this.worker = handshakeWorker;
        this.startPending = start;
        this.events = events;
        this.pool = pool;
    }

    /**
     * A peer whose connection was restored from a saved state ({@code DtlsEngine.restore}):
     * connected from the start, so it runs on a connection worker and never counts as a handshake.
     */
    static ServerPeer restored(DtlsEngine engine, InetSocketAddress from, InetSocketAddress localAddress,
                               DatagramSender socket, Worker connectionWorker, Events events, ReceivedDatagram.Pool pool) {
        ServerPeer p = new ServerPeer(engine, from, localAddress, socket, connectionWorker, false, events, pool);
        p.handshakeOver = true; // before the peer is published: the worker that runs it first sees it
        p.countedHandshaking.set(false);
        return p;
    }

    // ---------------------------------------------------------------------------------------------
    // Receive thread

    /** Queues a datagram for the engine; false when the peer's queue is full (the caller counts it). */
    boolean offer(ReceivedDatagram d) {
        int limit = countedHandshaking.get() ? HANDSHAKE_QUEUE : CONNECTION_QUEUE;
        if (inbox.size() >= limit || !inbox.offer(d)) {
            return false;
        }
        schedule();
        return true;
    }

    /**
     * Runs a connected peer's datagram here, on the receive thread, instead of queueing it for the
     * worker: the pull-style application (no {@link DatagramHandler}, or one on its own executor)
     * then waits for one thread less per datagram. Only when nothing else runs the peer, nothing waits in its queue (the
     * order stays the arrival order) and its lock is free at once; false when the datagram must go
     * to the worker as usual. Opening a record is a few microseconds; a handler, which may take
     * any time, never runs here.
     */
    boolean receiveHere(byte[] data, int length, InetSocketAddress from, long now) {
        if (countedHandshaking.get() || connection.lendsToHandler() || !inbox.isEmpty()
                || !scheduled.compareAndSet(false, true)) {
            return false;
        }
        boolean received = false;
        try {
            // Holding "scheduled", this thread may read the worker's fields: no run is under way.
            if (handshakeOver && !ended && endRequest == null && inbox.isEmpty()) {
                InetSocketAddress before = connection.peer();
                EngineState state = connection.tryReceiveDatagram(data, length, from, now);
                if (state != null) {
                    received = true;
                    afterReceive(before, from, state, now);
                }
            }
        } finally {
            release();
        }
        return received;
    }

    /** Ends the connection on its worker, which then reports it {@link Events#ended ended}. */
    void requestEnd(Reason reason, boolean notifyPeer, String message) {
        endRequest = new EndRequest(reason, notifyPeer, message);
        schedule();
    }

    /** Makes sure a worker will run the peer (again). */
    void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            worker.submit(this);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Worker

    @Override
    public void run(long now) {
        try {
            runOnce(now);
        } finally {
            release();
        }
    }

    /**
     * Ends a run of the peer (a worker's, or the receive thread's in {@link #receiveHere}): what
     * arrived meanwhile, or more than one run's share, gets another. Cleared first, then checked,
     * so that a datagram or an end offered during the run is never left without a run.
     */
    private void release() {
        scheduled.set(false);
        if (!inbox.isEmpty() || endRequest != null) {
            schedule();
        }
    }

    private void runOnce(long now) {
        EndRequest end = endRequest;
        if (end != null) {
            endRequest = null;
            if (!ended) {
                connection.endByTransport(now, end.notifyPeer(), end.reason(), end.message());
                finish();
                events.ended(this, null, !handshakeOver); // the table forgets it, if it has not yet
            }
        }
        if (ended) {
            discardInbox();
            return;
        }
        if (startPending) {
            startPending = false;
            after(connection.start(now), now);
        }
        ReceivedDatagram d;
        for (int i = 0; i < DATAGRAMS_PER_RUN && !ended && (d = inbox.poll()) != null; i++) {
            receive(d, now);
        }
        if (ended) {
            discardInbox();
        }
    }

    private void receive(ReceivedDatagram d, long now) {
        InetSocketAddress before = connection.peer();
        InetSocketAddress from = d.from();
        EngineState state;
        try {
            state = connection.receiveDatagram(d.data(), d.length(), from, now);
        } finally {
            pool.release(d);
        }
        afterReceive(before, from, state, now);
    }

    private void afterReceive(InetSocketAddress before, InetSocketAddress from, EngineState state, long now) {
        InetSocketAddress after = connection.peer();
        if (!after.equals(before)) {
            events.moved(this, before, after);
        } else if (!from.equals(before)) {
            events.moveRefused(this);
        }
        after(state, now);
    }

    /** What the engine's state means, after every engine call. */
    private void after(EngineState state, long now) {
        switch (state) {
            case CONNECTED -> {
                if (!handshakeOver) {
                    handshakeOver = true;
                    cancelTimer();
                    worker = events.connectionWorker();
                    byte[] ours = connection.negotiated().connectionIds().map(c -> c.ours()).orElse(null);
                    events.connected(this, ours, now);
                }
            }
            case FAILED, CLOSED -> {
                if (!ended) {
                    boolean duringHandshake = !handshakeOver;
                    finish();
                    events.ended(this, state == EngineState.FAILED ? connection.failure() : null, duringHandshake);
                }
            }
            default -> armTimer();
        }
    }

    /** Retransmissions and the handshake deadline (RFC 6347 §4.2.4), on the handshake worker. */
    private void armTimer() {
        if (handshakeTimer == null) {
            handshakeTimer = worker.timers().newTimer(this::onTimer);
        }
        handshakeTimer.arm(connection.nextDeadlineNanos());
    }

    private void onTimer(long now) {
        if (!ended && !handshakeOver) {
            after(connection.onTimer(now), now);
        }
    }

    private void cancelTimer() {
        if (handshakeTimer != null) {
            handshakeTimer.cancel();
        }
    }

    private void finish() {
        ended = true;
        cancelTimer();
    }

    private void discardInbox() {
        ReceivedDatagram d;
        while ((d = inbox.poll()) != null) {
            pool.release(d);
        }
    }

    @Override
    public String toString() {
        return "peer " + connection.peer();
    }
}
