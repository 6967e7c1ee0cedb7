package org.dtls4j.handshake.engine;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Datagrams waiting for the caller, oldest first: the datagrams to send, or the application
 * datagrams received. Each is held as an array and a length, with no object around it.
 *
 * <p><b>Reused arrays.</b> A datagram written on the steady-state path goes into an array the queue
 * lends ({@link #lend}); when the caller copies that datagram out into its own buffer
 * ({@link #poll(ByteBuffer)}), the array comes back and is lent again. A connection that polls
 * what it queued before a few more are queued therefore allocates nothing per datagram. At most
 * {@value #FREE_ARRAYS} free arrays are kept: an idle connection holds no more than what its
 * busiest moment needed, up to that many. A datagram polled with {@link #poll()} is handed out
 * in its array, which then belongs to the caller and is not lent again. Arrays the queue did not
 * lend (a flight's datagrams, application data held until the handshake completed) are never
 * kept: handshake traffic leaves nothing behind.
 *
 * <p>Not thread-safe: one per connection and direction.
 */
final class DatagramQueue {
    /** Free arrays kept for reuse: a burst of this many polled together still allocates nothing. */
    static final int FREE_ARRAYS = 4;

    private final int capacity;
    /** A ring of queued datagrams: {@code size} entries from {@code head}; grows by doubling. */
    private byte[][] arrays = new byte[4][];
    private int[] lengths = new int[4];
    /** Whether the array of an entry was lent by this queue, and may come back to it. */
    private boolean[] lent = new boolean[4];
    private int head;
    private int size;
    private final byte[][] free = new byte[FREE_ARRAYS][];
    private int freeCount;

    /** @param capacity the most datagrams queued at once; {@link #add} refuses more */
    DatagramQueue(int capacity) {
        this.capacity = capacity;
    }

    boolean isEmpty() {
        return size == 0;
    }

    boolean isFull() {
        return size >= capacity;
    }

    /**
     * An array of at least {@code length} bytes to write a datagram into and then {@link #addLent}:
     * the smallest free array that fits, or a new one of exactly that length.
     */
    byte[] lend(int length) {
        int best = -1;
        for (int i = 0; i < freeCount; i++) {
            if (free[i].length >= length && (best < 0 || free[i].length < free[best].length)) {
                best = i;
            }
        }
        if (best < 0) {
            return new byte[length];
        }
        byte[] a = free[best];
        free[best] = free[--freeCount];
        free[freeCount] = null;
        return a;
    }

    /** Queues the first {@code length} bytes of an array from {@link #lend}; false when full. */
    boolean addLent(byte[] array, int length) {
        return add(array, length, true);
    }

    /** Queues an array the queue did not lend, all of it; false when full. */
    boolean add(byte[] array) {
        return add(array, array.length, false);
    }

    private boolean add(byte[] array, int length, boolean fromQueue) {
        if (size >= capacity) {
            return false;
        }
        if (size == arrays.length) {
            grow();
        }
        int tail = (head + size) & (arrays.length - 1);
        arrays[tail] = array;
        lengths[tail] = length;
        lent[tail] = fromQueue;
        size++;
        return true;
    }

    /**
     * Copies the oldest datagram into {@code dst} at its position, advancing it, and returns its
     * length; -1 when the queue is empty. The datagram's array comes back to the queue.
     *
     * @throws BufferOverflowException when {@code dst} has less room than the datagram; the
     *         datagram stays queued and {@code dst} is unchanged
     */
    int poll(ByteBuffer dst) {
        if (size == 0) {
            return -1;
        }
        byte[] a = arrays[head];
        int n = lengths[head];
        if (dst.remaining() < n) {
            throw new BufferOverflowException();
        }
        dst.put(a, 0, n);
        boolean fromQueue = lent[head];
        removeHead();
        if (fromQueue) {
            giveBack(a);
        }
        return n;
    }

    /**
     * The oldest datagram as a buffer the caller keeps, or {@code null}. Its array is handed over
     * when it holds exactly the datagram; a lent array that is longer is copied and comes back.
     */
    ByteBuffer poll() {
        if (size == 0) {
            return null;
        }
        byte[] a = arrays[head];
        int n = lengths[head];
        boolean fromQueue = lent[head];
        removeHead();
        if (fromQueue && a.length != n) {
            byte[] exact = Arrays.copyOf(a, n);
            giveBack(a);
            return ByteBuffer.wrap(exact);
        }
        return ByteBuffer.wrap(a, 0, n);
    }

    private void removeHead() {
        arrays[head] = null;
        head = (head + 1) & (arrays.length - 1);
        size--;
    }

    /** Keeps a lent array for the next {@link #lend}; when all places are taken, the smallest goes. */
    private void giveBack(byte[] a) {
        if (freeCount < FREE_ARRAYS) {
            free[freeCount++] = a;
            return;
        }
        int smallest = 0;
        for (int i = 1; i < FREE_ARRAYS; i++) {
            if (free[i].length < free[smallest].length) {
                smallest = i;
            }
        }
        if (free[smallest].length < a.length) {
            free[smallest] = a;
        }
    }

    /** Doubles the ring (its length stays a power of two), keeping the order. */
    private void grow() {
        int n = arrays.length;
        byte[][] a = new byte[2 * n][];
        int[] l = new int[2 * n];
        boolean[] f = new boolean[2 * n];
        for (int i = 0; i < size; i++) {
            int from = (head + i) & (n - 1);
            a[i] = arrays[from];
            l[i] = lengths[from];
            f[i] = lent[from];
        }
        arrays = a;
        lengths = l;
        lent = f;
        head = 0;
    }
}
