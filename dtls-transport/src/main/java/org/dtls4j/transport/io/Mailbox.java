package org.dtls4j.transport.io;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded hand-off from the I/O thread to application threads that can be closed: received
 * application datagrams waiting for {@code receive()}, established connections waiting for
 * {@code accept()}.
 *
 * <p>The producer never blocks: {@link #offer} refuses when the box is full, and the caller counts
 * the drop (a datagram transport may lose datagrams; a stalled I/O thread would lose all of them).
 * Consumers block with a bound. Thread-safe.
 *
 * @param <T> what is handed over
 */
public final class Mailbox<T> {
    /**
     * How long {@link #take} polls an empty box before it parks. Parking and being woken costs a
     * few microseconds on each side, about as long as the I/O thread takes to read, decrypt and
     * hand over the next datagram, so a receiver that drains a burst would otherwise park and be
     * woken once per datagram. Short enough to cost nothing noticeable when nothing comes.
     */
    static final long SPIN_NANOS = 20_000;

    private final int capacity;
    private final ArrayDeque<T> items = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** {@code items.size()}, written under the lock, read without it while spinning. */
    private volatile int available;
    private volatile boolean closed;

    public Mailbox(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    /** Adds an item; false when the box is full or closed (the item was not taken). */
    public boolean offer(T item) {
        lock.lock();
        try {
            if (closed || items.size() >= capacity) {
                return false;
            }
            items.add(item);
            available = items.size();
            changed.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The next item, or {@code null} when there is none right now. */
    public T poll() {
        lock.lock();
        try {
            return removeFirst();
        } finally {
            lock.unlock();
        }
    }

    private T removeFirst() {
        T item = items.poll();
        available = items.size();
        return item;
    }

    /**
     * The next item, waiting up to {@code timeoutNanos} (forever when negative). Returns
     * {@code null} on timeout, and at once when the box is closed and empty: check
     * {@link #isClosed()} to tell the two apart.
     */
    public T take(long timeoutNanos) throws InterruptedException {
        long left = timeoutNanos;
        if (available == 0 && !closed && timeoutNanos != 0) {
            long spin = timeoutNanos < 0 ? SPIN_NANOS : Math.min(SPIN_NANOS, timeoutNanos);
            long start = System.nanoTime();
            long spent;
            while ((spent = System.nanoTime() - start) < spin && available == 0 && !closed) {
                Thread.onSpinWait();
            }
            if (timeoutNanos > 0) {
                left = Math.max(0, timeoutNanos - spent);
            }
        }
        lock.lockInterruptibly();
        try {
            while (items.isEmpty() && !closed) {
                if (timeoutNanos < 0) {
                    changed.await();
                } else {
                    if (left <= 0) {
                        return null;
                    }
                    left = changed.awaitNanos(left);
                }
            }
            return removeFirst();
        } finally {
            lock.unlock();
        }
    }

    /** Convenience for {@link #take(long)} with a unit. */
    public T take(long timeout, TimeUnit unit) throws InterruptedException {
        return take(unit.toNanos(timeout));
    }

    /**
     * Closes the box and wakes every waiting consumer. Items already queued stay available to
     * {@link #poll()} and {@link #take} unless {@code discardQueued}; nothing new is accepted.
     */
    public void close(boolean discardQueued) {
        lock.lock();
        try {
            closed = true;
            if (discardQueued) {
                items.clear();
                available = 0;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return items.size();
        } finally {
            lock.unlock();
        }
    }
}
