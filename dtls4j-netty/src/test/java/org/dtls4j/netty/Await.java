package org.dtls4j.netty;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded waiting for what another thread does (a counter, an event, a datagram). */
final class Await {
    private static final long POLL_NANOS = 2_000_000L;
    static final Duration WAIT = Duration.ofSeconds(10);

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

    /** The next element of {@code queue}; fails after {@link #WAIT}. */
    static <T> T next(BlockingQueue<T> queue, String what) throws InterruptedException {
        T t = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (t == null) {
            throw new AssertionError("no " + what + " within " + WAIT.toMillis() + " ms");
        }
        return t;
    }
}
