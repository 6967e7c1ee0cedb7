package org.dtls4j.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.dtls4j.transport.io.Mailbox;
import org.dtls4j.transport.io.PeerLog;

/**
 * Where one connection's received application datagrams go: to its {@link DatagramHandler} when
 * the application set one, else into a bounded queue for {@link DtlsConnection#receive()}.
 *
 * <p>Everything but {@link #take} runs under the connection's lock, on the thread that decrypted
 * the datagram (or set the handler), so the handler sees the datagrams in the order the engine
 * produced them, the queued ones first.
 */
final class Arrivals {
    private static final System.Logger LOG = System.getLogger(Arrivals.class.getName());

    private final Mailbox<byte[]> queue = new Mailbox<>(DtlsConnection.RECEIVE_QUEUE);
    /** Written under the connection's lock; read without it by {@link #hasHandler()} on a receiving thread. */
    private volatile DatagramHandler handler;
    private long drops;

    /**
     * One datagram from the engine. With a handler, {@code data} is lent to it for the call;
     * without, the array is queued (taken as it is when {@code data} spans all of it: the engine
     * hands over arrays of its own).
     */
    void arrived(DtlsConnection c, ByteBuffer data) {
        if (handler != null) {
            lend(c, data);
        } else if (!queue.offer(ownedArray(data))) {
            drops++;
        }
    }

    boolean hasHandler() {
        return handler != null;
    }

    /** From now on datagrams go to {@code h}; the queued ones go to it first. */
    void handOverTo(DtlsConnection c, DatagramHandler h) {
        handler = h;
        byte[] queued;
        while ((queued = queue.poll()) != null) {
            lend(c, ByteBuffer.wrap(queued));
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

    /** The connection ended: the queue closes, the handler hears it once. */
    void ended(DtlsConnection c, ConnectionClosedException why, boolean discardQueued) {
        queue.close(discardQueued);
        if (handler != null) {
            try {
                handler.onEnd(c, why);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, PeerLog.prefix(c.peer()) + "receive handler's onEnd failed", e);
            }
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
