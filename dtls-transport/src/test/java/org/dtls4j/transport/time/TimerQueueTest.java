package org.dtls4j.transport.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class TimerQueueTest {

    @Test
    void timersRunInDeadlineOrderAndOnlyWhenDue() {
        TimerQueue q = new TimerQueue();
        List<String> ran = new ArrayList<>();
        q.newTimer(now -> ran.add("c@" + now)).arm(30);
        q.newTimer(now -> ran.add("a@" + now)).arm(10);
        q.newTimer(now -> ran.add("b@" + now)).arm(20);
        assertEquals(10, q.nextExpiry());
        assertEquals(0, q.runDue(9));
        assertEquals(2, q.runDue(25));
        assertEquals(List.of("a@25", "b@25"), ran);
        assertEquals(30, q.nextExpiry());
        assertEquals(1, q.runDue(30));
        assertEquals(Long.MAX_VALUE, q.nextExpiry());
    }

    @Test
    void armingLaterIsIgnoredAndArmingEarlierWins() {
        TimerQueue q = new TimerQueue();
        List<Long> ran = new ArrayList<>();
        TimerQueue.Timer t = q.newTimer(ran::add);
        t.arm(100);
        t.arm(200); // later: ignored, no new entry
        assertEquals(1, q.entries());
        t.arm(50); // earlier: a new entry; the one at 100 is superseded
        assertEquals(50, q.nextExpiry());
        q.runDue(1_000);
        assertEquals(List.of(1_000L), ran, "a timer fires once per arming, superseded entries are skipped");
        assertFalse(t.isArmed());
        assertEquals(Long.MAX_VALUE, q.nextExpiry());
    }

    @Test
    void anActionMayRearmItself() {
        TimerQueue q = new TimerQueue();
        List<Long> ran = new ArrayList<>();
        TimerQueue.Timer[] self = new TimerQueue.Timer[1];
        self[0] = q.newTimer(now -> {
            ran.add(now);
            if (ran.size() < 3) {
                self[0].arm(now + 10);
            }
        });
        self[0].arm(10);
        for (long now = 0; now <= 100; now += 5) {
            q.runDue(now);
        }
        assertEquals(List.of(10L, 20L, 30L), ran);
    }

    @Test
    void cancelledTimersNeverRunAndLeaveNoLiveEntry() {
        TimerQueue q = new TimerQueue();
        List<Long> ran = new ArrayList<>();
        TimerQueue.Timer t = q.newTimer(ran::add);
        t.arm(10);
        t.cancel();
        t.arm(5);
        assertEquals(Long.MAX_VALUE, q.nextExpiry());
        assertEquals(0, q.runDue(100));
        assertTrue(ran.isEmpty());
    }

    @Test
    void armedCountsTimersDueToFireUntilTheyFireOrAreCancelled() {
        TimerQueue q = new TimerQueue();
        TimerQueue.Timer a = q.newTimer(now -> { });
        TimerQueue.Timer b = q.newTimer(now -> { });
        assertEquals(0, q.armed());
        a.arm(10);
        a.arm(5); // earlier: the same timer, still one armed
        b.arm(20);
        assertEquals(2, q.armed());
        q.runDue(10);
        assertEquals(1, q.armed(), "a fired");
        b.cancel();
        b.cancel();
        assertEquals(0, q.armed(), "b cancelled, once");
        a.cancel(); // not armed: nothing to take back
        assertEquals(0, q.armed());
        assertEquals(0, q.runDue(100));
    }

    @Test
    void deadlinesAcrossTheNanoTimeWrapAreOrderedByDifference() {
        TimerQueue q = new TimerQueue();
        List<String> ran = new ArrayList<>();
        long base = Long.MAX_VALUE - 5;
        q.newTimer(now -> ran.add("late")).arm(base + 20); // wraps to a negative value
        q.newTimer(now -> ran.add("early")).arm(base + 1);
        assertEquals(base + 1, q.nextExpiry());
        q.runDue(base + 30);
        assertEquals(List.of("early", "late"), ran);
    }

    /** The point of the heap: ten thousand idle timers cost nothing when one of them is due. */
    @Test
    void oneDueTimerAmongTenThousandRunsAlone() {
        TimerQueue q = new TimerQueue();
        int[] runs = new int[1];
        for (int i = 0; i < 10_000; i++) {
            q.newTimer(now -> runs[0]++).arm(1_000_000 + i);
        }
        q.newTimer(now -> runs[0]++).arm(5);
        assertEquals(1, q.runDue(10));
        assertEquals(1, runs[0]);
        assertEquals(1_000_000, q.nextExpiry());
    }

    /** Against a model: each timer fires exactly once, at the first run at or after its earliest arming. */
    @Property(tries = 200)
    void matchesAModel(@ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 1_000) Integer> arms,
                       @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) int seed) {
        Random random = new Random(seed);
        int timers = 1 + random.nextInt(5);
        TimerQueue q = new TimerQueue();
        long[] earliest = new long[timers];
        java.util.Arrays.fill(earliest, Long.MAX_VALUE);
        long[] firedAt = new long[timers];
        java.util.Arrays.fill(firedAt, -1);
        List<TimerQueue.Timer> list = new ArrayList<>();
        for (int i = 0; i < timers; i++) {
            int id = i;
            list.add(q.newTimer(now -> {
                if (firedAt[id] != -1) {
                    throw new AssertionError("timer " + id + " fired twice");
                }
                firedAt[id] = now;
            }));
        }
        for (int at : arms) {
            int id = random.nextInt(timers);
            list.get(id).arm(at);
            earliest[id] = Math.min(earliest[id], at);
        }
        for (long now = 0; now <= 1_100; now += 7) {
            q.runDue(now);
        }
        for (int i = 0; i < timers; i++) {
            if (earliest[i] == Long.MAX_VALUE) {
                assertEquals(-1, firedAt[i]);
            } else {
                long expected = ((earliest[i] + 6) / 7) * 7;
                assertEquals(expected, firedAt[i], "timer " + i);
            }
        }
    }
}
