package org.dtls4j.transport.time;

import java.util.PriorityQueue;
import java.util.function.LongConsumer;

/**
 * Many timers on one thread: a binary heap of expiry times, so an I/O loop serving thousands of
 * connections only ever looks at the timers that are due.
 *
 * <p>Each {@link Timer} remembers the earliest time it is armed for. {@link Timer#arm(long)}
 * adds a heap entry only when the new time is earlier than that; a later time is ignored, because
 * the action re-checks its own conditions when it runs and arms again if it is too early. This is
 * how a connection's idle timer costs nothing per datagram: the datagram only records when it
 * arrived, and the timer, when it fires, finds the peer was heard from and arms itself later.
 * Entries superseded by an earlier one stay in the heap and are skipped when they come due.
 *
 * <p>Not thread-safe: one I/O thread owns the queue and all its timers.
 */
public final class TimerQueue {
    private record Entry(long at, long order, Timer timer) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry o) {
            // overflow-safe ordering of nanoTime values, then first come first served
            int c = Long.signum(at - o.at);
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }

    private final PriorityQueue<Entry> heap = new PriorityQueue<>();
    private long order;
    private int armedTimers;

    /** A timer that calls {@code action} with the current time when it expires. */
    public Timer newTimer(LongConsumer action) {
        return new Timer(action);
    }

    /** Runs every timer due at {@code nowNanos}; returns how many ran. */
    public int runDue(long nowNanos) {
        int ran = 0;
        Entry e;
        while ((e = heap.peek()) != null && e.at - nowNanos <= 0) {
            heap.poll();
            Timer t = e.timer;
            if (t.cancelled || !t.armed || t.armedAt != e.at) {
                continue; // superseded or cancelled
            }
            t.armed = false;
            armedTimers--;
            ran++;
            t.action.accept(nowNanos);
        }
        return ran;
    }

    /** The earliest pending expiry, or {@link Long#MAX_VALUE} when nothing is pending. */
    public long nextExpiry() {
        Entry e;
        while ((e = heap.peek()) != null) {
            Timer t = e.timer;
            if (!t.cancelled && t.armed && t.armedAt == e.at) {
                return e.at;
            }
            heap.poll(); // drop dead entries so they cost nothing later
        }
        return Long.MAX_VALUE;
    }

    /** Heap entries, live or superseded; for tests and diagnostics. */
    public int entries() {
        return heap.size();
    }

    /**
     * Timers armed now, that is, due to fire: an owner that cancels the timers of what it forgot
     * can see here that it holds none. For tests and diagnostics.
     */
    public int armed() {
        return armedTimers;
    }

    /** One timer; see the class comment for the arm-only-earlier rule. */
    public final class Timer {
        /** Null once cancelled: the heap may hold a dead entry until its time, but not what the action holds. */
        private LongConsumer action;
        private boolean armed;
        private long armedAt;
        private boolean cancelled;

        private Timer(LongConsumer action) {
            this.action = action;
        }

        /**
         * Makes sure the timer fires no later than {@code atNanos}. {@link Long#MAX_VALUE} means
         * "no deadline" and is ignored.
         */
        public void arm(long atNanos) {
            if (cancelled || atNanos == Long.MAX_VALUE) {
                return;
            }
            if (armed && atNanos - armedAt >= 0) {
                return; // already due earlier (or then): the action will re-arm if needed
            }
            if (!armed) {
                armedTimers++;
            }
            armed = true;
            armedAt = atNanos;
            heap.add(new Entry(atNanos, order++, this));
        }

        /**
         * Stops the timer for good; its entries are skipped, and it lets go of its action at once
         * (a forgotten connection is not kept alive until its last deadline).
         */
        public void cancel() {
            if (armed) {
                armedTimers--;
            }
            cancelled = true;
            armed = false;
            action = null;
        }

        public boolean isArmed() {
            return armed;
        }
    }
}
