package org.dtls4j.transport.time;

/**
 * The transport's monotonic clock, in nanoseconds. Nothing below the transport reads a clock
 * (the engine is I/O-free, docs/ARCHITECTURE.md); every engine call receives the value read here.
 *
 * <p>Values are only meaningful relative to each other: compare them with {@code a - b < 0},
 * never {@code a < b}, as {@link System#nanoTime()} asks.
 */
@FunctionalInterface
public interface NanoClock {

    /** The current reading. */
    long nanos();

    /** The JVM's monotonic clock: the one place in dtls4j that reads {@link System#nanoTime()}. */
    static NanoClock system() {
        return System::nanoTime;
    }
}
