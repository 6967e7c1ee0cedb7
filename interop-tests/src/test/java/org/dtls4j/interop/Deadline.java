package org.dtls4j.interop;

import java.time.Duration;

/**
 * A point in monotonic time after which a harness operation gives up.
 *
 * <p>Every wait in this module (a process line, a datagram, a handshake) is bounded by one of
 * these, so a peer that never answers costs a bounded amount of wall time and never hangs the
 * build.
 *
 * @param atNanos the {@link System#nanoTime()} value at which the deadline expires
 */
record Deadline(long atNanos) {

    /** A deadline {@code timeout} from now. */
    static Deadline in(Duration timeout) {
        return new Deadline(System.nanoTime() + timeout.toNanos());
    }

    /** Whether the deadline has passed. */
    boolean expired() {
        return System.nanoTime() - atNanos >= 0;
    }

    /** Time left, never negative. */
    Duration remaining() {
        return Duration.ofNanos(Math.max(0, atNanos - System.nanoTime()));
    }

    /** Milliseconds left, at least 1 so it can be passed to APIs where 0 means "forever". */
    int remainingMillisAtLeastOne() {
        long ms = remaining().toMillis();
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, ms));
    }

    /** The smaller of {@code cap} and the time left, at least 1 ms. */
    int millisCappedAt(Duration cap) {
        return (int) Math.max(1, Math.min(cap.toMillis(), remaining().toMillis()));
    }
}
