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
    private final int capacity;
    private final ArrayDeque<T> items = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean closed;

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
            return items.poll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next item, waiting up to {@code timeoutNanos} (forever when negative). Returns
     * {@code null} on timeout, and at once when the box is closed and empty: check
     * {@link #isClosed()} to tell the two apart.
     */
    public T take(long timeoutNanos) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            long left = timeoutNanos;
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
            return items.poll();
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
