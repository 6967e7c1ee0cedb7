package org.dtls4j.jmh.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs both load harnesses in miniature, so that the normal build proves they measure completed
 * handshakes and answered echoes on a real server process, not a failure path. No timing is
 * asserted: the machine may be busy with anything.
 */
class LoadHarnessTest {

    @Test
    void scalingWindowCountsCompletedHandshakesAndServerCpu() throws Exception {
        ScalingHarness.Row row = ScalingHarness.measure(1, 1, 1, 2, 4, 1, List.of());
        assertTrue(row.handshakesPerSecond() > 0, () -> ScalingHarness.line(row));
        assertTrue(row.serverCores() > 0, () -> ScalingHarness.line(row));
        assertEquals(0, row.clientFailures(), () -> ScalingHarness.line(row));
        assertEquals(0, row.serverCounters().get("handshakesFailed"), () -> ScalingHarness.line(row));
    }

    @Test
    void isolationTimesEchoesInBothPhasesAndRunsTheWholeStorm() throws Exception {
        IsolationHarness.Result r = IsolationHarness.run(IsolationHarness.Settings.of(Map.of(
                "workers", "1", "peers", "10", "rate", "20", "warmup", "10", "settle", "0", "quiet", "2",
                "storm", "40", "inFlight", "8")));
        String detail = r.toString();
        assertTrue(r.quiet().received() > 0 && r.storm().received() > 0, detail);
        assertTrue(r.quiet().p99() > 0 && r.storm().p99() > 0, detail);
        assertEquals("40", r.stormed().get("completed"), detail);
        assertEquals(0, r.misrouted(), detail);
        assertEquals(0, r.peersEnded(), detail);
    }
}
