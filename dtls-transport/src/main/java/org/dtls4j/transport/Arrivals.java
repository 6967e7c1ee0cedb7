package org.dtls4j.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dtls4j.transport.io.Mailbox;
import org.dtls4j.transport.io.PeerLog;

/**
 * Where one connection's received application datagrams go: to its {@link DatagramHandler} when
 * the application set one, else into a bounded queue for {@link DtlsConnection#receive()}.
 *
 * <pre>
 *   no handler                 engine -&gt; queue (bounded, drops counted) -&gt; receive() on the application's thread
 *   handler                    engine -&gt; handler, lent the buffer, on the thread that decrypted
 *   handler with an executor   engine -&gt; queue (bounded, drops counted) -&gt; handler on the executor, one at a time
 * </pre>
 *
 * <p>Everything but {@link #take} and the executor's runs happens under the connection's lock, on
 * the thread that decrypted the datagram (or set the handler), so the handler sees the datagrams
 * in the order the engine produced them, the queued ones first. With an executor, at most one run
 * of the handler is under way for the connection at any time, so the order holds there too; a
 * handler slower than the peer fills the queue, and what does not fit is dropped and counted
 * ({@link ConnectionCounters#receiveQueueDrops()}), as UDP itself would drop it.
 */
final class Arrivals {
    private static final System.Logger LOG = System.getLogger(Arrivals.class.getName());

    private final Mailbox<byte[]> queue = new Mailbox<>(DtlsConnection.RECEIVE_QUEUE);
    /** Written under the connection's lock; read without it by a receiving thread. */
    private volatile DatagramHandler handler;
    /** Where the handler runs; null: on the thread that decrypted. */
    private volatile Executor executor;
    /** Whether a run of the handler is submitted to the executor and not finished. */
    private final AtomicBoolean draining = new AtomicBoolean();
    /** How the connection ended, once it did; told to an executor's handler after the queue. */
    private volatile ConnectionClosedException end;
    private final AtomicBoolean endTold = new AtomicBoolean();
    private long drops;

    /**
     * One datagram from the engine. Lent to a handler without an executor for the call; otherwise
     * the array is queued (taken as it is when {@code data} spans all of it: the engine hands over
     * arrays of its own).
     */
    void arrived(DtlsConnection c, ByteBuffer data) {
        if (lendsToHandler()) {
            lend(c, data);
        } else if (!queue.offer(ownedArray(data))) {
            drops++;
        } else if (handler != null) {
            drain(c);
        }
    }

    boolean hasHandler() {
        return handler != null;
    }

    /** Whether a datagram is lent to the handler on the decrypting thread (a handler without executor). */
    boolean lendsToHandler() {
        return handler != null && executor == null;
    }

    /**
     * From now on datagrams go to {@code h}, on {@code runOn} if not null; the queued ones go to
     * it first.
     */
    void handOverTo(DtlsConnection c, DatagramHandler h, Executor runOn) {
        handler = h;
        executor = runOn;
        if (runOn != null) {
            drain(c); // the queued datagrams, and the end if the connection has ended already
            return;
        }
        byte[] queued;
        while ((queued = queue.poll()) != null) {
            lend(c, ByteBuffer.wrap(queued));
        }
        if (end != null) {
            tellEnd(c);
        }
    }

    /** The next queued datagram; see {@link Mailbox#take(long)}. Not under the lock. */
    byte[] take(long timeoutNanos) throws InterruptedException {
        return queue.take(timeoutNanos);
    }

    boolean isClosed() {
        return queue.isClosed();
    }

    /** Datagrams dropped because the queue was full. */
    long drops() {
        return drops;
    }

    /** The connection ended: the queue closes, the handler hears it once, after what was queued. */
    void ended(DtlsConnection c, ConnectionClosedException why, boolean discardQueued) {
        queue.close(discardQueued);
        end = why;
        if (handler == null) {
            return;
        }
        if (executor == null) {
            tellEnd(c);
        } else {
            drain(c);
        }
    }

    /** Makes sure a run of the handler on the executor will take what is queued (and the end). */
    private void drain(DtlsConnection c) {
        if (!draining.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(() -> runHandler(c));
        } catch (RejectedExecutionException e) {
            draining.set(false);
            LOG.log(System.Logger.Level.WARNING, () -> PeerLog.prefix(c.peer()) + "the receive executor refused work: " + e);
        }
    }

    /** On the executor: the queued datagrams in order, then the end if it came. */
    private void runHandler(DtlsConnection c) {
        try {
            byte[] b;
            while ((b = queue.poll()) != null) {
                lend(c, ByteBuffer.wrap(b));
            }
            if (end != null) {
                tellEnd(c);
            }
        } finally {
            draining.set(false);
            if (queue.size() > 0 || end != null && !endTold.get()) {
                drain(c); // arrived while we finished
            }
        }
    }

    private void tellEnd(DtlsConnection c) {
        if (!endTold.compareAndSet(false, true)) {
            return;
        }
        try {
            handler.onEnd(c, end);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, PeerLog.prefix(c.peer()) + "receive handler's onEnd failed", e);
        }
    }

    private void lend(DtlsConnection c, ByteBuffer data) {
        try {
            handler.onDatagram(c, data);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, PeerLog.prefix(c.peer()) + "receive handler failed", e);
        }
    }

    private static byte[] ownedArray(ByteBuffer in) {
        if (in.hasArray() && in.arrayOffset() == 0 && in.position() == 0 && in.remaining() == in.array().length) {
            return in.array();
        }
        byte[] b = new byte[in.remaining()];
        in.get(b);
        return b;
    }
}
