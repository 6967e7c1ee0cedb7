package org.dtls4j.transport;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.dtls4j.handshake.DtlsException;

/**
 * Test fixture for {@link DtlsServer#onHandshakeFailure}: records each report with the time and
 * thread it came on, and lets a test wait for the next one with a bound.
 */
final class FailureReports implements BiConsumer<InetSocketAddress, DtlsException> {
    /** One call of the handler. */
    record Report(InetSocketAddress peer, DtlsException failure, long atNanos, String thread) {
        @Override
        public String toString() {
            return peer + " on " + thread + ": " + failure.getClass().getSimpleName() + ": " + failure.getMessage();
        }
    }

    private final BlockingQueue<Report> reports = new LinkedBlockingQueue<>();
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public void accept(InetSocketAddress peer, DtlsException failure) {
        count.incrementAndGet();
        reports.add(new Report(peer, failure, System.nanoTime(), Thread.currentThread().getName()));
    }

    /** The next report, waiting at most {@code bound}; fails the test when none comes. */
    Report next(Duration bound) throws InterruptedException {
        Report r = reports.poll(bound.toNanos(), TimeUnit.NANOSECONDS);
        if (r == null) {
            throw new AssertionError("no handshake failure reported within " + bound.toMillis() + " ms");
        }
        return r;
    }

    /** The next report if one is waiting, else {@code null}. */
    Report poll() {
        return reports.poll();
    }

    /** Reports received in all. */
    int count() {
        return count.get();
    }
}
