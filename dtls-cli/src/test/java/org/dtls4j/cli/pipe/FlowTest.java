package org.dtls4j.cli.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Flow lifetimes on a fake clock, the flow table's bookkeeping, and the limit types. */
class FlowTest {
    private static final long SECOND = 1_000_000_000L;

    /** A flow that only counts how often it was released. */
    private static final class CountingFlow extends Flow {
        int releases;

        CountingFlow(int port, long lifetime) {
            super(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), lifetime);
        }

        @Override
        void release() {
            releases++;
        }
    }

    @Test
    void nothingEndsWhileTheHandshakeRuns() {
        CountingFlow f = new CountingFlow(1, SECOND);
        assertNull(f.endReason(1_000 * SECOND, SECOND, StaleMode.EITHER));
    }

    @Test
    void idleCountsFromTheLastDatagramAfterTheHandshake() {
        CountingFlow f = new CountingFlow(1, Long.MAX_VALUE);
        f.established(100 * SECOND);
        assertNull(f.endReason(100 * SECOND + SECOND - 1, SECOND, StaleMode.BOTH));
        f.heardLeft(100 * SECOND + SECOND - 1);
        assertNull(f.endReason(101 * SECOND, SECOND, StaleMode.BOTH));
        assertEquals("idle (right side silent)", f.endReason(101 * SECOND, SECOND, StaleMode.EITHER));
        assertEquals("idle", f.endReason(102 * SECOND - 1, SECOND, StaleMode.BOTH));
    }

    @Test
    void theTimeLimitEndsABusyFlow() {
        CountingFlow f = new CountingFlow(1, 5 * SECOND);
        f.established(-3 * SECOND); // nanoTime may be negative: only differences count
        for (long t = -3 * SECOND; t < 2 * SECOND; t += SECOND / 2) {
            f.heardLeft(t);
            f.heardRight(t);
            assertNull(f.endReason(t, SECOND, StaleMode.EITHER));
        }
        assertEquals("time limit reached", f.endReason(2 * SECOND, SECOND, StaleMode.EITHER));
    }

    @Test
    void theFirstCloseReasonWinsAndReleaseRunsOnce() {
        CountingFlow f = new CountingFlow(1, Long.MAX_VALUE);
        f.close("idle");
        f.close("connection closed by this side");
        assertTrue(f.isClosed());
        assertEquals("idle", f.closeReason());
        assertEquals(1, f.releases);
    }

    @Test
    void tableRefusesDuplicatesAndOverflowAndLogsEachRemovalOnce() throws InterruptedException {
        List<String> log = new ArrayList<>();
        try (FlowTable<CountingFlow> table = new FlowTable<>(Duration.ofHours(1), StaleMode.DEFAULT, 2, log::add,
                System::nanoTime)) {
            CountingFlow a = new CountingFlow(1, Long.MAX_VALUE);
            CountingFlow b = new CountingFlow(2, Long.MAX_VALUE);
            assertTrue(table.add(a));
            assertFalse(table.add(new CountingFlow(1, Long.MAX_VALUE)), "same key");
            assertTrue(table.add(b));
            assertFalse(table.add(new CountingFlow(3, Long.MAX_VALUE)), "full");
            table.remove(a, "idle");
            table.remove(a, "again");
            assertEquals(1, table.size());
            assertEquals(List.of("flow 127.0.0.1:1 closed: idle"), log);
            assertTrue(table.awaitAtMost(1, Duration.ZERO));
            assertFalse(table.awaitAtMost(0, Duration.ofMillis(1)));
            assertTrue(table.awaitAtLeast(1, Duration.ZERO));
        }
    }

    @Test
    void closingTheTableClosesEveryFlow() {
        List<String> log = new ArrayList<>();
        CountingFlow a = new CountingFlow(1, Long.MAX_VALUE);
        FlowTable<CountingFlow> table = new FlowTable<>(Duration.ofHours(1), StaleMode.DEFAULT, 8, log::add,
                System::nanoTime);
        table.add(a);
        table.close();
        assertEquals(1, a.releases);
        assertEquals(List.of("flow 127.0.0.1:1 closed: tunnel shutting down"), log);
    }

    @Test
    void sweepPeriodIsAQuarterOfTheShortestLimitWithinBounds() {
        assertEquals(SECOND, FlowTable.sweepPeriodNanos(Duration.ofSeconds(30), null));
        assertEquals(SECOND / 4, FlowTable.sweepPeriodNanos(Duration.ofSeconds(30),
                new TimeLimit(Duration.ofSeconds(1), Duration.ofSeconds(2))));
        assertEquals(10_000_000L, FlowTable.sweepPeriodNanos(Duration.ofMillis(1), null));
    }

    @Property
    void timeLimitPicksWithinItsRange(@ForAll @IntRange(min = 1, max = 100_000) int min,
                                      @ForAll @IntRange(min = 0, max = 100_000) int extra,
                                      @ForAll long seed) {
        TimeLimit limit = new TimeLimit(Duration.ofMillis(min), Duration.ofMillis(min + extra));
        Duration d = limit.pick(new Random(seed));
        assertTrue(d.compareTo(limit.min()) >= 0 && d.compareTo(limit.max()) <= 0, d.toString());
    }

    @Test
    void timeLimitRejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new TimeLimit(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new TimeLimit(Duration.ZERO, Duration.ZERO));
    }
}
