package org.dtls4j.transport;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded waiting for a condition that another thread makes true (a counter, a peer count). */
final class Await {
    private static final long POLL_NANOS = 2_000_000L;

    private Await() {
    }

    /** Polls {@code condition} until it holds; fails with {@code what} after {@code bound}. */
    static void until(BooleanSupplier condition, Duration bound, Supplier<String> what) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + bound.toMillis() + " ms: " + what.get());
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }
}
