package org.dtls4j.transport.io;

import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * A datagram on its way from the thread that read it to the worker that runs its peer's engine:
 * the bytes, copied out of the reader's one receive buffer, and where they came from.
 *
 * <p>The objects and their arrays come from a {@link Pool} and go back to it once the engine has
 * read them, so a server in steady state allocates nothing per datagram. A datagram longer than
 * the pooled size ({@value Pool#POOLED_SIZE} bytes, more than an Ethernet MTU) gets an array of its
 * own, which is not kept.
 */
public final class ReceivedDatagram {
    private final byte[] data;
    private int length;
    private InetSocketAddress from;
    private final boolean pooled;

    private ReceivedDatagram(int capacity, boolean pooled) {
        this.data = new byte[capacity];
        this.pooled = pooled;
    }

    public byte[] data() {
        return data;
    }

    public int length() {
        return length;
    }

    public InetSocketAddress from() {
        return from;
    }

    /**
     * Recycles datagrams. Thread-safe: the reader takes, workers give back. Holds at most
     * {@code capacity} idle datagrams; beyond that they are left to the garbage collector.
     */
    public static final class Pool {
        /** The array size kept in the pool. */
        public static final int POOLED_SIZE = 2048;

        private final ArrayBlockingQueue<ReceivedDatagram> idle;

        public Pool(int capacity) {
            this.idle = new ArrayBlockingQueue<>(capacity);
        }

        /** A datagram holding a copy of {@code src[0, length)} from {@code from}. */
        public ReceivedDatagram copyOf(byte[] src, int length, InetSocketAddress from) {
            ReceivedDatagram d = length <= POOLED_SIZE ? idle.poll() : null;
            if (d == null) {
                d = length <= POOLED_SIZE ? new ReceivedDatagram(POOLED_SIZE, true) : new ReceivedDatagram(length, false);
            }
            System.arraycopy(src, 0, d.data, 0, length);
            d.length = length;
            d.from = from;
            return d;
        }

        /** Gives {@code d} back; it must not be used after this. */
        public void release(ReceivedDatagram d) {
            d.from = null;
            if (d.pooled) {
                idle.offer(d);
            }
        }

        /** Idle datagrams held now. */
        public int idle() {
            return idle.size();
        }
    }
}
