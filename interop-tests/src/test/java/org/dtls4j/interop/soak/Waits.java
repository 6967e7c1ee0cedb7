package org.dtls4j.interop.soak;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Bounded waiting for the soak's driver thread: for a condition that other threads make true, or
 * for a point in time of the run's own schedule (a heap mark, a progress line, the end). The
 * protocol itself never waits here: timers run in the transport, on its clock.
 */
final class Waits {
    /** How often a condition is looked at. */
    static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private Waits() {
    }

    /** Polls {@code condition} until it holds (true) or {@code deadlineNanos} passes (false). */
    static boolean until(BooleanSupplier condition, long deadlineNanos) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            park(Math.min(POLL_NANOS, left));
        }
        return true;
    }

    /** Returns at {@code atNanos} ({@link System#nanoTime()}), or at once if it has passed. */
    static void untilTime(long atNanos) throws InterruptedException {
        long left;
        while ((left = atNanos - System.nanoTime()) > 0) {
            park(left);
        }
    }

    private static void park(long nanos) throws InterruptedException {
        LockSupport.parkNanos(nanos);
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted while waiting");
        }
    }
}
