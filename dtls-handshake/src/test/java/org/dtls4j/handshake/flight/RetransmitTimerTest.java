package org.dtls4j.handshake.flight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import org.junit.jupiter.api.Test;

/** The RFC 6347 §4.2.4.1 schedule on a fake clock: 1 s, doubling, capped at 60 s; stop resets. */
class RetransmitTimerTest {

    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    @Test
    void aNewTimerIsStoppedWithTheRfcDefaults() {
        RetransmitTimer t = new RetransmitTimer();

        assertFalse(t.isRunning());
        assertEquals(Long.MAX_VALUE, t.deadlineNanos());
        assertEquals(1 * S, t.currentTimeoutNanos());
        assertEquals(1 * S, t.initialTimeoutNanos());
        assertEquals(60 * S, t.maxTimeoutNanos());
        assertEquals(0, t.retransmissions());
        assertFalse(t.onDeadline(1_000 * S), "a stopped timer never fires");
    }

    @Test
    void followsTheDoublingScheduleUpToSixtySeconds() {
        RetransmitTimer t = new RetransmitTimer();
        long now = 0;
        t.start(now);
        List<Long> deadlines = new ArrayList<>();
        List<Long> timeouts = new ArrayList<>();

        for (int i = 0; i < 10; i++) {
            now = t.deadlineNanos();
            deadlines.add(now / S);
            assertTrue(t.onDeadline(now));
            timeouts.add(t.currentTimeoutNanos() / S);
        }

        assertEquals(List.of(1L, 3L, 7L, 15L, 31L, 63L, 123L, 183L, 243L, 303L), deadlines);
        assertEquals(List.of(2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L, 60L, 60L), timeouts);
        assertEquals(10, t.retransmissions());
        assertEquals(363 * S, t.deadlineNanos());
    }

    @Test
    void doesNotFireBeforeTheDeadline() {
        RetransmitTimer t = new RetransmitTimer();
        t.start(5 * S);

        assertFalse(t.onDeadline(6 * S - 1));
        assertEquals(6 * S, t.deadlineNanos());
        assertEquals(0, t.retransmissions());
        assertEquals(1 * S, t.currentTimeoutNanos());

        assertTrue(t.onDeadline(6 * S));
    }

    @Test
    void aLateCallReArmsFromNow() {
        RetransmitTimer t = new RetransmitTimer();
        t.start(0);

        assertTrue(t.onDeadline(1 * S + 700 * MS));

        assertEquals(3 * S + 700 * MS, t.deadlineNanos());
        assertFalse(t.onDeadline(3 * S), "one late call counts as one retransmission, not two");
        assertEquals(1, t.retransmissions());
    }

    @Test
    void stopResetsTimeoutAndCount() {
        RetransmitTimer t = new RetransmitTimer();
        t.start(0);
        t.onDeadline(1 * S);
        t.onDeadline(3 * S);
        t.onDeadline(7 * S);
        assertEquals(8 * S, t.currentTimeoutNanos());

        t.stop();

        assertFalse(t.isRunning());
        assertEquals(Long.MAX_VALUE, t.deadlineNanos());
        assertEquals(1 * S, t.currentTimeoutNanos());
        assertEquals(0, t.retransmissions());
        assertFalse(t.onDeadline(100 * S));

        t.start(8 * S);
        assertTrue(t.isRunning());
        assertEquals(9 * S, t.deadlineNanos(), "the next flight starts from the initial timeout");
    }

    @Test
    void startingAgainWhileRunningReArmsWithoutDoubling() {
        RetransmitTimer t = new RetransmitTimer();
        t.start(0);
        t.onDeadline(1 * S);                 // timeout 2 s, deadline 3 s

        t.start(2 * S);                      // the peer's previous flight was read again

        assertEquals(4 * S, t.deadlineNanos());
        assertEquals(2 * S, t.currentTimeoutNanos());
        assertEquals(1, t.retransmissions());
    }

    @Test
    void customValuesCapAtTheMaximumEvenWhenItIsNotAPowerOfTwo() {
        RetransmitTimer t = new RetransmitTimer(100 * MS, 350 * MS);
        t.start(0);
        List<Long> timeouts = new ArrayList<>();

        for (int i = 0; i < 4; i++) {
            assertTrue(t.onDeadline(t.deadlineNanos()));
            timeouts.add(t.currentTimeoutNanos() / MS);
        }

        assertEquals(List.of(200L, 350L, 350L, 350L), timeouts);
    }

    @Test
    void aBackoffOfOneKeepsTheTimeoutConstant() {
        RetransmitTimer t = new RetransmitTimer(500 * MS, 60 * S, 1.0);
        t.start(0);
        List<Long> deadlines = new ArrayList<>();

        for (int i = 0; i < 5; i++) {
            assertTrue(t.onDeadline(t.deadlineNanos()));
            deadlines.add(t.deadlineNanos() / MS);
        }

        assertEquals(List.of(1000L, 1500L, 2000L, 2500L, 3000L), deadlines);
        assertEquals(500 * MS, t.currentTimeoutNanos());
        assertEquals(5, t.retransmissions());
    }

    @Test
    void aBackoffBetweenOneAndTwoGrowsByThatFactorUpToTheMaximum() {
        RetransmitTimer t = new RetransmitTimer(400 * MS, 1 * S, 1.5);
        t.start(0);
        List<Long> timeouts = new ArrayList<>();

        for (int i = 0; i < 4; i++) {
            assertTrue(t.onDeadline(t.deadlineNanos()));
            timeouts.add(t.currentTimeoutNanos() / MS);
        }

        assertEquals(List.of(600L, 900L, 1000L, 1000L), timeouts);
        t.stop();
        assertEquals(400 * MS, t.currentTimeoutNanos(), "an answer resets the timeout whatever the factor");
    }

    @Test
    void deadlinesSaturateInsteadOfOverflowing() {
        RetransmitTimer t = new RetransmitTimer(1 * S, Long.MAX_VALUE);
        t.start(Long.MAX_VALUE - 10);

        assertEquals(Long.MAX_VALUE, t.deadlineNanos());
        for (int i = 0; i < 70; i++) {
            t.onDeadline(Long.MAX_VALUE);
        }
        assertEquals(Long.MAX_VALUE, t.currentTimeoutNanos());
        assertEquals(70, t.retransmissions());
    }

    @Test
    void rejectsImpossibleSettings() {
        assertThrows(IllegalArgumentException.class, () -> new RetransmitTimer(0, 60 * S));
        assertThrows(IllegalArgumentException.class, () -> new RetransmitTimer(-1, 60 * S));
        assertThrows(IllegalArgumentException.class, () -> new RetransmitTimer(2 * S, 1 * S));
        assertThrows(IllegalArgumentException.class, () -> new RetransmitTimer(1 * S, 60 * S, 0.99));
        assertThrows(IllegalArgumentException.class, () -> new RetransmitTimer(1 * S, 60 * S, 2.01));
        assertThrows(IllegalArgumentException.class, () -> new RetransmitTimer(1 * S, 60 * S, Double.NaN));
    }

    @Property(tries = 500)
    void theTimeoutAfterNExpiriesIsTheInitialDoubledNTimesAndCapped(
            @ForAll @LongRange(min = 1, max = 10 * S) long initial,
            @ForAll @LongRange(min = 0, max = 100 * S) long extra,
            @ForAll @IntRange(min = 0, max = 80) int expiries,
            @ForAll @LongRange(min = 0, max = 1_000 * S) long start) {
        long max = initial + extra;
        RetransmitTimer t = new RetransmitTimer(initial, max);
        t.start(start);
        long expected = initial;

        for (int i = 0; i < expiries; i++) {
            long previous = t.currentTimeoutNanos();
            long now = t.deadlineNanos();
            assertFalse(t.onDeadline(now - 1));
            assertTrue(t.onDeadline(now));
            assertTrue(t.currentTimeoutNanos() >= previous, "the timeout never shrinks while running");
            assertEquals(now + t.currentTimeoutNanos(), t.deadlineNanos());
            expected = Math.min(max, expected * 2);
        }

        assertEquals(expected, t.currentTimeoutNanos());
        assertEquals(expiries, t.retransmissions());
    }
}
