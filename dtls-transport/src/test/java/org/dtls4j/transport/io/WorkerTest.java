package org.dtls4j.transport.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.dtls4j.transport.time.NanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class WorkerTest {

    @Test
    void runsJobsInOrderOnItsOwnThread() throws Exception {
        Worker w = new Worker("test-worker", 1000, NanoClock.system());
        try {
            List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
            List<String> threads = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch done = new CountDownLatch(1);
            for (int i = 0; i < 500; i++) {
                int n = i;
                w.submit(now -> {
                    ran.add(n);
                    threads.add(Thread.currentThread().getName());
                });
            }
            w.submit(now -> done.countDown());
            assertTrue(done.await(10, TimeUnit.SECONDS));
            for (int i = 0; i < 500; i++) {
                assertEquals(i, ran.get(i));
            }
            assertTrue(threads.stream().allMatch("test-worker"::equals), threads::toString);
        } finally {
            w.stop();
        }
    }

    @Test
    void runsItsTimersOnItsOwnThread() throws Exception {
        Worker w = new Worker("test-worker", 10, NanoClock.system());
        try {
            CountDownLatch fired = new CountDownLatch(1);
            String[] firedOn = new String[1];
            w.submit(now -> w.timers().newTimer(t -> {
                firedOn[0] = Thread.currentThread().getName();
                fired.countDown();
            }).arm(now + TimeUnit.MILLISECONDS.toNanos(20)));
            assertTrue(fired.await(10, TimeUnit.SECONDS));
            assertEquals("test-worker", firedOn[0]);
        } finally {
            w.stop();
        }
    }

    /** The backlog in time is what the server's shedding decides on: jobs waiting times their run time. */
    @Test
    void estimatesTheTimeItsBacklogWillTake() throws Exception {
        Worker w = new Worker("test-worker", 1000, NanoClock.system());
        try {
            long jobNanos = TimeUnit.MILLISECONDS.toNanos(2);
            CountDownLatch primed = new CountDownLatch(64);
            for (int i = 0; i < 64; i++) {
                w.submit(now -> {
                    busy(jobNanos);
                    primed.countDown();
                });
            }
            assertTrue(primed.await(20, TimeUnit.SECONDS));
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch blocked = new CountDownLatch(1);
            w.submit(now -> {
                blocked.countDown();
                await(release);
            });
            assertTrue(blocked.await(10, TimeUnit.SECONDS));
            for (int i = 0; i < 100; i++) {
                w.submit(now -> busy(jobNanos));
            }
            assertEquals(100, w.backlog());
            long estimate = w.backlogNanos();
            // 64 jobs of at least 2 ms: the average is above 1.9 ms; a loaded machine makes jobs longer
            assertTrue(estimate >= 100 * jobNanos * 9 / 10 && estimate < 100 * jobNanos * 20,
                    "backlog estimate " + estimate / 1_000_000 + " ms for 100 jobs of 2 ms");
            release.countDown();
        } finally {
            w.stop();
        }
        assertEquals(0, w.backlog());
    }

    private static void busy(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
