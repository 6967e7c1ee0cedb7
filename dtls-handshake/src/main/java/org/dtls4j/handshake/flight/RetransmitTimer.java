package org.dtls4j.handshake.flight;

/**
 * The retransmission timer of one side of a handshake (RFC 6347 §4.2.4.1): how long the
 * {@link FlightTracker} waits in WAITING before it sends the current flight again, with an
 * exponential back-off.
 *
 * <ul>
 *   <li>{@link #start(long)}: a flight was sent (SENDING to WAITING), or sent again because the
 *       peer repeated its own; arms the timer at the current timeout.</li>
 *   <li>{@link #onDeadline(long)}: the deadline passed; grows the timeout (doubling by default, up
 *       to the maximum), re-arms and counts one retransmission.</li>
 *   <li>{@link #stop()}: the peer's next flight arrived; back to the initial timeout.</li>
 * </ul>
 *
 * <p>The timer knows nothing about messages, and it never reads a clock: every call that needs the
 * time takes {@code nowNanos}, read by the transport from a monotonic clock. Times are compared
 * directly, so the caller's time origin must keep them far from overflow (for example nanoseconds
 * since the transport started).
 *
 * <p>Not thread-safe: one timer belongs to one connection's flight tracker.
 */
public final class RetransmitTimer {

    /** RFC 6347 §4.2.4.1: "Implementations SHOULD use an initial timer value of 1 second". */
    public static final long DEFAULT_INITIAL_TIMEOUT_NANOS = 1_000_000_000L;

    /** RFC 6347 §4.2.4.1: double "up to no less than the RFC 6298 maximum of 60 seconds". */
    public static final long DEFAULT_MAX_TIMEOUT_NANOS = 60_000_000_000L;

    /** RFC 6347 §4.2.4.1: "double the value at each retransmission". */
    public static final double DEFAULT_BACKOFF = 2.0;

    private final long initialTimeoutNanos;
    private final long maxTimeoutNanos;
    private final double backoff;
    private long timeoutNanos;
    private long deadlineNanos = Long.MAX_VALUE;
    private boolean running;
    private int retransmissions;

    /** A timer starting at 1 second and doubling up to 60 seconds (RFC 6347 §4.2.4.1). */
    public RetransmitTimer() {
        this(DEFAULT_INITIAL_TIMEOUT_NANOS, DEFAULT_MAX_TIMEOUT_NANOS);
    }

    /**
     * @param initialTimeoutNanos the first timeout of each flight; positive
     * @param maxTimeoutNanos     the cap for the growth; at least {@code initialTimeoutNanos}
     * @throws IllegalArgumentException if the values are out of range
     */
    public RetransmitTimer(long initialTimeoutNanos, long maxTimeoutNanos) {
        this(initialTimeoutNanos, maxTimeoutNanos, DEFAULT_BACKOFF);
    }

    /**
     * A timer that multiplies its timeout by {@code backoff} at each retransmission instead of
     * doubling it. RFC 6347 §4.2.4.1 says "SHOULD ... double": a factor below 2 retransmits more
     * often than the RFC asks, which only suits a path whose loss is not congestion (a radio link
     * the deployment knows); 1.0 keeps the timeout constant.
     *
     * @param initialTimeoutNanos the first timeout of each flight; positive
     * @param maxTimeoutNanos     the cap for the growth; at least {@code initialTimeoutNanos}
     * @param backoff             the growth factor per retransmission, 1.0 to 2.0
     * @throws IllegalArgumentException if the values are out of range
     */
    public RetransmitTimer(long initialTimeoutNanos, long maxTimeoutNanos, double backoff) {
        if (!(backoff >= 1.0 && backoff <= 2.0)) {
            throw new IllegalArgumentException("backoff factor must be 1.0 to 2.0: " + backoff);
        }
        if (initialTimeoutNanos <= 0) {
            throw new IllegalArgumentException("initial timeout must be positive: " + initialTimeoutNanos + " ns");
        }
        if (maxTimeoutNanos < initialTimeoutNanos) {
            throw new IllegalArgumentException("maximum timeout " + maxTimeoutNanos
                    + " ns is below the initial timeout " + initialTimeoutNanos + " ns");
        }
        this.initialTimeoutNanos = initialTimeoutNanos;
        this.maxTimeoutNanos = maxTimeoutNanos;
        this.backoff = backoff;
        this.timeoutNanos = initialTimeoutNanos;
    }

    /**
     * A flight was just sent: arms the timer at {@code nowNanos} plus the current timeout. Called
     * again while running (the peer's previous flight was read again), it re-arms the timer without
     * growing the timeout and without counting a retransmission.
     */
    public void start(long nowNanos) {
        running = true;
        deadlineNanos = saturatedAdd(nowNanos, timeoutNanos);
    }

    public boolean isRunning() {
        return running;
    }

    /** When {@link #onDeadline(long)} should be called next; {@link Long#MAX_VALUE} when not running. */
    public long deadlineNanos() {
        return deadlineNanos;
    }

    /**
     * The deadline may have passed. If it has, doubles the timeout (or multiplies it by the
     * configured factor) up to the maximum, re-arms the timer from {@code nowNanos}, counts one
     * retransmission and returns true: the caller must send the flight again. Otherwise (not
     * running, or called early) changes nothing and returns false.
     */
    public boolean onDeadline(long nowNanos) {
        if (!running || nowNanos < deadlineNanos) {
            return false;
        }
        // RFC 6347 §4.2.4.1: "double the value at each retransmission, up to no less than the
        // RFC 6298 maximum of 60 seconds" (by default; see the three-argument constructor).
        timeoutNanos = grow(timeoutNanos);
        retransmissions++;
        deadlineNanos = saturatedAdd(nowNanos, timeoutNanos);
        return true;
    }

    /**
     * The peer answered our flight (its next flight arrived whole): stops the timer, resets the
     * timeout to the initial value and the retransmission count to zero.
     *
     * <p>RFC 6347 §4.2.4.1: "Implementations SHOULD retain the current timer value until a
     * transmission without loss occurs, at which time the value may be reset to the initial value."
     * We count a flight that got its answer as such a transmission and reset at once, as OpenSSL
     * does when it stops its timer; a flight that needed retransmissions therefore does not slow the
     * next one down.
     */
    public void stop() {
        running = false;
        deadlineNanos = Long.MAX_VALUE;
        timeoutNanos = initialTimeoutNanos;
        retransmissions = 0;
    }

    /** How many times the current flight has been retransmitted after its deadline passed. */
    public int retransmissions() {
        return retransmissions;
    }

    /** The timeout the next {@link #start(long)} or the running deadline uses. */
    public long currentTimeoutNanos() {
        return timeoutNanos;
    }

    public long initialTimeoutNanos() {
        return initialTimeoutNanos;
    }

    public long maxTimeoutNanos() {
        return maxTimeoutNanos;
    }

    /** The growth factor per retransmission; {@link #DEFAULT_BACKOFF} unless configured. */
    public double backoff() {
        return backoff;
    }

    @Override
    public String toString() {
        return "RetransmitTimer[" + (running ? "deadline=" + deadlineNanos : "stopped")
                + ", timeout=" + timeoutNanos + " ns, retransmissions=" + retransmissions + "]";
    }

    /** The next timeout: exact doubling by default, so that the schedule is exact to the nanosecond. */
    private long grow(long timeout) {
        if (backoff == DEFAULT_BACKOFF) {
            return timeout > maxTimeoutNanos / 2 ? maxTimeoutNanos : 2 * timeout;
        }
        double next = Math.ceil(timeout * backoff);
        return next >= maxTimeoutNanos ? maxTimeoutNanos : (long) next;
    }

    private static long saturatedAdd(long a, long b) {
        return a > Long.MAX_VALUE - b ? Long.MAX_VALUE : a + b;
    }
}
