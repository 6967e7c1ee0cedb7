package org.dtls4j.netty;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One engine deadline on an event loop's scheduler ({@code DtlsEngine.nextDeadlineNanos()}: the
 * retransmission timer of RFC 6347 §4.2.4 and the handshake's own limit). No thread of its own.
 *
 * <p>The deadline moves with every flight, so the timer is not cancelled each time it moves later:
 * a task already scheduled no later than the new deadline stays, and on firing the owner finds the
 * deadline not reached yet and arms the timer again. Only an earlier deadline replaces the task.
 * Deadlines are {@link System#nanoTime()} values, as the engine's are.
 */
final class DeadlineTimer {
    private final EventExecutor executor;
    private final Runnable onExpiry;
    private ScheduledFuture<?> task;
    private long at;

    /** {@code onExpiry} runs on {@code executor}. */
    DeadlineTimer(EventExecutor executor, Runnable onExpiry) {
        this.executor = executor;
        this.onExpiry = onExpiry;
    }

    /** Makes sure {@code onExpiry} runs at {@code deadline} or before; {@link Long#MAX_VALUE} cancels. */
    void arm(long deadline) {
        if (deadline == Long.MAX_VALUE) {
            cancel();
            return;
        }
        if (task != null && at - deadline <= 0) {
            return;
        }
        cancel();
        at = deadline;
        task = executor.schedule(this::fire, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    void cancel() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }

    private void fire() {
        task = null;
        onExpiry.run();
    }
}
