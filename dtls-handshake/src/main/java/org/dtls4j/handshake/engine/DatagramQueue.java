package org.dtls4j.handshake.engine;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Datagrams waiting for the caller, oldest first: the datagrams to send, or the application
 * datagrams received. A ring of slots, each an array and the length of the datagram in it.
 *
 * <p><b>Arrays that stay in their slots.</b> A datagram written on the steady-state path goes into
 * the array of the slot it will occupy ({@link #lend}, then {@link #addLent}). When the caller
 * copies the datagram out into its own buffer ({@link #poll(ByteBuffer)}), the array stays where it
 * is, for the next datagram that takes that slot; and when the queue empties, the next datagram
 * takes the first slot again. A connection whose caller polls after each call so writes every
 * datagram into the same array: nothing is allocated, and not even a reference is stored, per
 * datagram. (A reference store into an object the collector has promoted costs a card-marking
 * barrier, which on this path would be a noticeable part of the engine's own time.)
 *
 * <p><b>Bounds.</b> At most {@code capacity} datagrams are queued. Arrays stay only in the first
 * {@value #KEPT_ARRAYS} slots, and the ring shrinks back to that many slots when it empties: an
 * idle connection holds no more than its busiest moment needed, up to that many arrays. A datagram
 * polled with {@link #poll()} is handed out in its array, which then belongs to the caller and
 * leaves the slot. Arrays the queue did not lend ({@link #add}: a flight's datagrams, application
 * data held until the handshake completed) leave their slot when polled: handshake traffic leaves
 * nothing behind.
 *
 * <p>Not thread-safe: one per connection and direction.
 */
final class DatagramQueue {
    /** Slots whose arrays stay for reuse; also the ring's size when it has not grown. */
    static final int KEPT_ARRAYS = 4;

    private final int capacity;
    private byte[][] slots = new byte[KEPT_ARRAYS][];
    private int[] lengths = new int[KEPT_ARRAYS];
    /** Whether the array in a slot is the queue's own, which may stay there. */
    private boolean[] own = new boolean[KEPT_ARRAYS];
    /** The oldest datagram's slot; 0 whenever the queue is empty. */
    private int head;
    private int size;

    /** @param capacity the most datagrams queued at once; adding refuses more */
    DatagramQueue(int capacity) {
        this.capacity = capacity;
    }

    boolean isFull() {
        return size >= capacity;
    }

    /**
     * The array to write the next datagram into, at least {@code length} bytes: the array of the
     * slot the datagram will take, or a new one of exactly that length put there. Until
     * {@link #addLent} queues it, asking again gives the same array.
     */
    byte[] lend(int length) {
        if (size == slots.length) {
            grow();
        }
        int tail = slot(size);
        byte[] a = slots[tail]; // a free slot holds the queue's own array, or none
        if (a == null || a.length < length) {
            a = new byte[length];
            slots[tail] = a;
            own[tail] = true;
        }
        return a;
    }

    /** Whether {@code array} is the one {@link #lend} handed out for the next datagram. */
    boolean isLent(byte[] array) {
        return size < slots.length && array == slots[slot(size)];
    }

    /**
     * Queues the first {@code length} bytes of the array {@link #lend} handed out; false when full.
     */
    boolean addLent(int length) {
        if (isFull()) {
            return false;
        }
        lengths[slot(size)] = length;
        size++;
        return true;
    }

    /** Queues an array the queue did not lend, all of it; false when full. */
    boolean add(byte[] array) {
        if (isFull()) {
            return false;
        }
        if (size == slots.length) {
            grow();
        }
        int tail = slot(size);
        slots[tail] = array;
        own[tail] = false;
        lengths[tail] = array.length;
        size++;
        return true;
    }

    /**
     * Copies the oldest datagram into {@code dst} at its position, advancing it, and returns its
     * length; -1 when the queue is empty. The datagram's array stays for a later datagram.
     *
     * @throws BufferOverflowException when {@code dst} has less room than the datagram; the
     *         datagram stays queued and {@code dst} is unchanged
     */
    int poll(ByteBuffer dst) {
        if (size == 0) {
            return -1;
        }
        int h = head;
        int n = lengths[h];
        if (dst.remaining() < n) {
            throw new BufferOverflowException();
        }
        dst.put(slots[h], 0, n);
        if (!own[h] || h >= KEPT_ARRAYS) {
            slots[h] = null;
        }
        removeHead();
        return n;
    }

    /**
     * The oldest datagram as a buffer the caller keeps, or {@code null}. Its array is handed over
     * when it holds exactly the datagram; an array of the queue's that is longer is copied, and stays.
     */
    ByteBuffer poll() {
        if (size == 0) {
            return null;
        }
        int h = head;
        byte[] a = slots[h];
        int n = lengths[h];
        ByteBuffer out;
        if (own[h] && a.length != n) {
            out = ByteBuffer.wrap(Arrays.copyOf(a, n));
        } else {
            out = ByteBuffer.wrap(a, 0, n);
            slots[h] = null;
        }
        removeHead();
        return out;
    }

    /** Index of the slot {@code i} places behind the head. */
    private int slot(int i) {
        return (head + i) & (slots.length - 1);
    }

    private void removeHead() {
        size--;
        if (size > 0) {
            head = (head + 1) & (slots.length - 1);
            return;
        }
        head = 0; // empty: the next datagram takes the first slot again
        if (slots.length > KEPT_ARRAYS) {
            slots = Arrays.copyOf(slots, KEPT_ARRAYS);
            lengths = new int[KEPT_ARRAYS];
            own = Arrays.copyOf(own, KEPT_ARRAYS);
        }
    }

    /** Doubles the ring (its size stays a power of two), the queued datagrams first, in order. */
    private void grow() {
        int n = slots.length;
        byte[][] s = new byte[2 * n][];
        int[] l = new int[2 * n];
        boolean[] o = new boolean[2 * n];
        for (int i = 0; i < size; i++) {
            int from = slot(i);
            s[i] = slots[from];
            l[i] = lengths[from];
            o[i] = own[from];
        }
        slots = s;
        lengths = l;
        own = o;
        head = 0;
    }
}
