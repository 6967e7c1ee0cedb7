package org.dtls4j.transport.io;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dtls4j.transport.time.NanoClock;
import org.dtls4j.transport.time.TimerQueue;

/**
 * One thread that runs jobs in the order they were submitted, and the timers of those jobs. A
 * server has two groups of them: one runs handshakes, one runs established connections.
 *
 * <pre>
 *   loop:  now = clock
 *          run due timers (retransmissions, handshake deadlines of the peers this worker runs)
 *          run up to {@value #JOBS_PER_TURN} jobs
 *          nothing to do: wait until the next timer or job (no spinning: on two cores a spinning
 *          worker took the core the thread with work needed; SocketBenchmark, BENCHMARKS.md)
 * </pre>
 *
 * <p>A job is a peer with datagrams waiting; the peer makes sure it is submitted to one worker at
 * a time, so one engine is never run by two threads at once and one peer's datagrams keep their
 * order. The queue is an array (no allocation per job) as long as the number of jobs that can be
 * waiting at once, at most one per peer.
 *
 * <p>Thread-safety: {@link #submit} and {@link #stop} from any thread; {@link #timers()} from the
 * worker's own thread only. A job that throws is logged and the worker goes on.
 */
public final class Worker {
    /** Jobs run before timers get their turn again. */
    static final int JOBS_PER_TURN = 64;
    private static final long MAX_PARK_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long STOP_WAIT_MILLIS = 5_000;
    private static final System.Logger LOG = System.getLogger(Worker.class.getName());

    /** Work for the worker's thread. */
    @FunctionalInterface
    public interface Job {
        void run(long nowNanos);
    }

    private static final Job STOP = now -> { };

    private final ArrayBlockingQueue<Job> jobs;
    /** {@code jobs.size()} without the queue's lock. */
    private final AtomicInteger queued = new AtomicInteger();
    private final TimerQueue timers = new TimerQueue();
    private final NanoClock clock;
    private final Thread thread;
    /** A moving average of how long a job runs, in nanoseconds (weight 1/16 for the newest). */
    private volatile long averageJobNanos;

    /**
     * @param capacity the most jobs that can wait at once (a server passes its peer limit)
     */
    public Worker(String name, int capacity, NanoClock clock) {
        this.jobs = new ArrayBlockingQueue<>(capacity + 1);
        this.clock = clock;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Runs {@code job} on this worker, after the jobs already waiting. */
    public void submit(Job job) {
        if (jobs.offer(job)) {
            queued.incrementAndGet();
        } else {
            // Cannot happen while every job is a peer submitted once at a time; say so loudly if it does.
            LOG.log(System.Logger.Level.ERROR, thread.getName() + ": job queue full, job dropped");
        }
    }

    /** The timers of the jobs this worker runs; only from the worker's thread. */
    public TimerQueue timers() {
        return timers;
    }

    public boolean inWorkerThread() {
        return Thread.currentThread() == thread;
    }

    /** Jobs waiting now. */
    public int backlog() {
        return queued.get();
    }

    /** About how long the jobs waiting now will take: the backlog times the average job's run time. */
    public long backlogNanos() {
        return queued.get() * averageJobNanos;
    }

    /** Ends the worker after the jobs already submitted, waiting a bounded time for it. */
    public void stop() {
        jobs.offer(STOP);
        queued.incrementAndGet();
        if (!inWorkerThread()) {
            try {
                thread.join(STOP_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        try {
            while (true) {
                long now = clock.nanos();
                runTimers(now);
                Job job = next(now);
                for (int i = 0; job != null && i < JOBS_PER_TURN; i++) {
                    if (job == STOP) {
                        return;
                    }
                    runJob(job);
                    job = i + 1 < JOBS_PER_TURN ? poll() : null;
                }
            }
        } catch (InterruptedException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> thread.getName() + " interrupted; stopping");
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "worker " + thread.getName() + " stopped by " + e, e);
        }
    }

    /** The next job, waiting at most until the next timer is due. */
    private Job next(long now) throws InterruptedException {
        Job job = poll();
        if (job != null) {
            return job;
        }
        long until = timers.nextExpiry();
        long wait = until == Long.MAX_VALUE ? MAX_PARK_NANOS : Math.min(MAX_PARK_NANOS, until - now);
        if (wait <= 0) {
            return null;
        }
        job = jobs.poll(wait, TimeUnit.NANOSECONDS);
        if (job != null) {
            queued.decrementAndGet();
        }
        return job;
    }

    private Job poll() {
        if (queued.get() == 0) {
            return null;
        }
        Job job = jobs.poll();
        if (job != null) {
            queued.decrementAndGet();
        }
        return job;
    }

    private void runTimers(long now) {
        try {
            timers.runDue(now);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "timer action failed on " + thread.getName(), e);
        }
    }

    private void runJob(Job job) {
        long start = clock.nanos();
        try {
            job.run(start);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "job failed on " + thread.getName(), e);
        }
        long took = clock.nanos() - start;
        averageJobNanos += (took - averageJobNanos) >> 4; // only this thread writes it
    }
}
