package org.dtls4j.jmh;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The benchmark thread's CPU time per operation, next to JMH's wall-clock score. On a machine
 * that other work shares, wall-clock time includes the time the thread waited for a core; CPU
 * time does not, so ratios of CPU time stay meaningful when the load changes between runs.
 *
 * <p>The thread's CPU clock is read once every {@code stride} operations (a few hundred
 * nanoseconds per read), so fast operations are not disturbed. Two {@code EVENTS} counters come
 * out: {@code cpuNanos}, the CPU time of the operations that {@code cpuOps} counts;
 * {@code summarize.py} divides them.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class CpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Records and other sub-microsecond work: read the clock every 1,024 operations. */
    static final int FAST = 1024;
    /** Handshakes: every operation. */
    static final int EVERY = 1;

    public long cpuNanos;
    public long cpuOps;
    private long pending;
    private long last;

    @Setup(Level.Iteration)
    public void start() {
        cpuNanos = 0;
        cpuOps = 0;
        pending = 0;
        last = THREADS.getCurrentThreadCpuTime();
    }

    /** Counts one operation; every {@code stride} operations the CPU clock is read. */
    public void tick(int stride) {
        if (++pending >= stride) {
            long now = THREADS.getCurrentThreadCpuTime();
            cpuNanos += now - last;
            cpuOps += pending;
            last = now;
            pending = 0;
        }
    }
}
