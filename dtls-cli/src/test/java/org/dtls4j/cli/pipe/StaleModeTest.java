package org.dtls4j.cli.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Each {@link StaleMode} on a flow table with a fake clock: a flow whose one side keeps sending
 * while the other goes silent, and a flow silent on both sides. The clock starts far from zero and
 * moves only when the test says; the table's own sweeper reads the same clock, so whichever sweep
 * runs, the outcome at a given time is the same.
 */
class StaleModeTest {
    private static final long SECOND = 1_000_000_000L;
    private static final Duration IDLE = Duration.ofSeconds(30);

    private final AtomicLong clock = new AtomicLong(-7 * SECOND);
    private final List<String> log = new ArrayList<>();

    private static final class SilentFlow extends Flow {
        SilentFlow() {
            super(new InetSocketAddress(InetAddress.getLoopbackAddress(), 4000), Long.MAX_VALUE);
        }

        @Override
        void release() {
        }
    }

    private enum Talker { LEFT, RIGHT, NEITHER }

    /**
     * Runs 100 s of fake time in 5 s steps, one side (or none) sending at each step, and returns the
     * reason the flow was closed for, or {@code null} if it is still open at the end.
     */
    private String run(StaleMode mode, Talker talker) {
        try (FlowTable<SilentFlow> table = new FlowTable<>(IDLE, mode, 4, log::add, clock::get)) {
            SilentFlow flow = new SilentFlow();
            table.add(flow);
            flow.established(clock.get());
            for (int step = 0; step < 20 && table.get(flow.key()) == flow; step++) {
                clock.addAndGet(5 * SECOND);
                if (talker == Talker.LEFT) {
                    flow.heardLeft(clock.get());
                } else if (talker == Talker.RIGHT) {
                    flow.heardRight(clock.get());
                }
                table.sweep();
            }
            return table.get(flow.key()) == flow ? null : flow.closeReason();
        }
    }

    /** The time the flow was closed at, as seconds of fake time after it was established. */
    private long closedAfter(StaleMode mode, Talker talker) {
        long start = clock.get();
        run(mode, talker);
        return (clock.get() - start) / SECOND;
    }

    @Test
    void eitherIsTheDefaultAndEndsAFlowWhoseOneSideIsSilent() {
        assertSame(StaleMode.EITHER, StaleMode.DEFAULT);
        assertEquals("idle (right side silent)", run(StaleMode.EITHER, Talker.LEFT));
        assertEquals("idle (left side silent)", run(StaleMode.EITHER, Talker.RIGHT));
        assertEquals("idle", run(StaleMode.EITHER, Talker.NEITHER));
        assertEquals(30, closedAfter(StaleMode.EITHER, Talker.LEFT), "after exactly the idle time");
    }

    @Test
    void bothKeepsAFlowWhileEitherSideSends() {
        assertNull(run(StaleMode.BOTH, Talker.LEFT));
        assertNull(run(StaleMode.BOTH, Talker.RIGHT));
        assertEquals("idle", run(StaleMode.BOTH, Talker.NEITHER));
        assertEquals(30, closedAfter(StaleMode.BOTH, Talker.NEITHER));
    }

    @Test
    void leftEndsAFlowOnlyWhenTheLeftSideIsSilent() {
        assertNull(run(StaleMode.LEFT, Talker.LEFT), "the right side's silence does not matter");
        assertEquals("idle (left side silent)", run(StaleMode.LEFT, Talker.RIGHT));
        assertEquals("idle", run(StaleMode.LEFT, Talker.NEITHER));
    }

    @Test
    void rightEndsAFlowOnlyWhenTheRightSideIsSilent() {
        assertNull(run(StaleMode.RIGHT, Talker.RIGHT), "the left side's silence does not matter");
        assertEquals("idle (right side silent)", run(StaleMode.RIGHT, Talker.LEFT));
        assertEquals("idle", run(StaleMode.RIGHT, Talker.NEITHER));
    }

    @Test
    void aSideThatSpeaksAgainBeforeTheIdleTimeKeepsTheFlow() {
        try (FlowTable<SilentFlow> table = new FlowTable<>(IDLE, StaleMode.EITHER, 4, log::add, clock::get)) {
            SilentFlow flow = new SilentFlow();
            table.add(flow);
            flow.established(clock.get());
            clock.addAndGet(30 * SECOND - 1);
            table.sweep();
            assertSame(flow, table.get(flow.key()), "one nanosecond short of the idle time");
            flow.heardLeft(clock.get());
            flow.heardRight(clock.get());
            clock.addAndGet(30 * SECOND - 1);
            table.sweep();
            assertSame(flow, table.get(flow.key()));
            clock.addAndGet(1);
            table.sweep();
            assertNull(table.get(flow.key()));
            assertEquals(List.of("flow 127.0.0.1:4000 closed: idle"), log);
        }
    }

    @Test
    void namesAsWrittenOnTheCommandLine() {
        for (StaleMode m : StaleMode.values()) {
            assertSame(m, StaleMode.fromText(m.text()));
        }
        assertSame(StaleMode.LEFT, StaleMode.fromText("Left"));
        assertNull(StaleMode.fromText("neither"));
    }

    @Test
    void theTransportForgetsASilentSessionOnlyWhenTheModeWouldEndItsFlowAnyway() {
        for (StaleMode m : StaleMode.values()) {
            PipeOptions o = new PipeOptions(IDLE, m, null, Duration.ofSeconds(10), 8,
                    org.dtls4j.transport.ServerOptions.defaults());
            Duration expected = m == StaleMode.EITHER || m == StaleMode.LEFT ? IDLE.multipliedBy(2)
                    : PipeServer.QUIET_SESSION_BACKSTOP;
            assertEquals(expected, PipeServer.serverOptions(o).idleTimeout(), m.text());
        }
    }
}
