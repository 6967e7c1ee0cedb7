package org.dtls4j.cli.pipe;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The flows of one tunnel end, keyed by address, with a sweeper that closes the stale
 * ({@link StaleMode}) and the expired ones. Time comes from an injectable clock, so that tests
 * can move it. All methods are thread-safe.
 *
 * @param <F> the kind of flow
 */
final class FlowTable<F extends Flow> implements AutoCloseable {
    private final Map<InetSocketAddress, F> flows = new HashMap<>();
    private final int maxFlows;
    private final long idleNanos;
    private final StaleMode staleMode;
    private final LongSupplier clock;
    private final Consumer<String> log;
    /** Runs {@link #sweep()} periodically; {@code null} when the test that holds the table does. */
    private final ScheduledExecutorService sweeper;

    /**
     * A table on the system's clock, {@link System#nanoTime()}, swept by its own thread every
     * {@link #sweepPeriodNanos}.
     */
    FlowTable(PipeOptions options, Consumer<String> log) {
        this(options.idleTime(), options.staleMode(), options.maxFlows(), log, System::nanoTime,
                Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "dtls4j-pipe-sweeper");
                    t.setDaemon(true);
                    return t;
                }));
        long period = sweepPeriodNanos(options.idleTime(), options.timeLimit());
        sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.NANOSECONDS);
    }

    /**
     * A table on {@code clock} that only calls to {@link #sweep()} sweep: for tests that move the clock.
     *
     * @param idle      how long a side of a flow may stay silent
     * @param staleMode which silence ends a flow
     * @param maxFlows  how many flows at most
     * @param log       where "flow closed" lines go
     * @param clock     the time in nanoseconds, only differences count ({@link System#nanoTime()})
     */
    FlowTable(Duration idle, StaleMode staleMode, int maxFlows, Consumer<String> log, LongSupplier clock) {
        this(idle, staleMode, maxFlows, log, clock, null);
    }

    private FlowTable(Duration idle, StaleMode staleMode, int maxFlows, Consumer<String> log, LongSupplier clock,
                      ScheduledExecutorService sweeper) {
        this.maxFlows = maxFlows;
        this.idleNanos = idle.toNanos();
        this.staleMode = staleMode;
        this.clock = clock;
        this.log = log;
        this.sweeper = sweeper;
    }

    /** A quarter of the shortest limit, between 10 ms and 1 s: a flow ends at most 25% late. */
    static long sweepPeriodNanos(Duration idle, TimeLimit timeLimit) {
        long shortest = idle.toNanos();
        if (timeLimit != null) {
            shortest = Math.min(shortest, timeLimit.min().toNanos());
        }
        return Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(TimeUnit.SECONDS.toNanos(1), shortest / 4));
    }

    /** The table's clock: what flows are given as "now". */
    long now() {
        return clock.getAsLong();
    }

    synchronized F get(InetSocketAddress key) {
        return flows.get(key);
    }

    /** Adds a flow unless the table is full or the key is taken; false means the caller must drop it. */
    synchronized boolean add(F flow) {
        if (flows.size() >= maxFlows || flows.containsKey(flow.key())) {
            return false;
        }
        flows.put(flow.key(), flow);
        notifyAll();
        return true;
    }

    /**
     * Closes the flow and forgets it; logs why, once. The first reason wins: when the sweeper
     * closes an idle flow, the flow's own threads then see their connection closed and call this
     * too, but the log says "idle". The line is written before waiters in {@link #awaitAtMost}
     * can see the flow gone.
     */
    void remove(F flow, String reason) {
        flow.close(reason);
        synchronized (this) {
            if (flows.remove(flow.key(), flow)) {
                log.accept("flow " + text(flow.key()) + " closed: " + flow.closeReason());
                notifyAll();
            }
        }
    }

    synchronized int size() {
        return flows.size();
    }

    /**
     * Waits until at most {@code n} flows are held, or the timeout passes.
     *
     * @return whether the count was reached
     */
    synchronized boolean awaitAtMost(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long left = timeout.toNanos();
        while (flows.size() > n && left > 0) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
            left = deadline - System.nanoTime();
        }
        return flows.size() <= n;
    }

    /**
     * Waits until at least {@code n} flows are held, or the timeout passes.
     *
     * @return whether the count was reached
     */
    synchronized boolean awaitAtLeast(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long left = timeout.toNanos();
        while (flows.size() < n && left > 0) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
            left = deadline - System.nanoTime();
        }
        return flows.size() >= n;
    }

    /** Closes every flow that is stale or past its time limit now; the sweeper runs this periodically. */
    void sweep() {
        long now = clock.getAsLong();
        List<F> snapshot;
        synchronized (this) {
            snapshot = new ArrayList<>(flows.values());
        }
        for (F f : snapshot) {
            String reason = f.endReason(now, idleNanos, staleMode);
            if (reason != null) {
                remove(f, reason);
            }
        }
    }

    /** Stops the sweeper and closes every flow. */
    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        List<F> all;
        synchronized (this) {
            all = new ArrayList<>(flows.values());
        }
        for (F f : all) {
            remove(f, "tunnel shutting down");
        }
    }

    static String text(InetSocketAddress a) {
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
