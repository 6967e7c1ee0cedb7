package org.dtls4j.handshake.adversarial;

import static org.dtls4j.handshake.adversarial.Association.SECOND;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.dtls4j.handshake.sim.SimulatedLink.Direction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Family 1: losing exactly one record, then exactly two, anywhere in a handshake (RFC 6347 §4.2.4:
 * "DTLS uses a simple retransmission timer to handle packet loss").
 *
 * <p>The drop target is a record, not a datagram: where the sender packed several records into one
 * datagram, only the chosen one is cut out. Records are numbered in the order the endpoints emit
 * them, both directions together; a clean run gives the reference numbering. Every run is
 * deterministic, so the run that drops record {@code i} emits the same records as the reference up
 * to {@code i}, and each test checks that the record it dropped is byte for byte the one it aimed at.
 *
 * <p>Pairs: for each first drop {@code i}, every later record {@code j} of that run (retransmissions
 * included) is dropped as well: the ordered pairs (i, j), i &lt; j.
 */
class RecordDropTest {
    /** What one run saw and dropped. */
    private record Outcome(List<RecordDropper.Seen> seen, List<RecordDropper.Seen> dropped) { }

    private static Outcome run(Scenario s, Set<Integer> drops) {
        RecordDropper dropper = new RecordDropper(drops);
        Association a = s.association();
        a.link.rewriter(dropper);
        long took = a.handshake(40 * SECOND, 10_000);
        String context = s + " dropping records " + drops;
        a.assertConnected(context);
        assertTrue(took < 30 * SECOND, context + " took " + took / 1e9 + " s");
        assertEquals(s.resumed(), a.client.negotiated().resumed(), context);
        List<RecordDropper.Seen> seen = List.copyOf(dropper.seen());
        a.roundTrip(context);
        return new Outcome(seen, List.copyOf(dropper.dropped()));
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void everySingleRecordDropIsRecovered(Scenario s) {
        Outcome reference = run(s, Set.of());
        assertTrue(reference.dropped().isEmpty());
        int n = reference.seen().size();
        for (int i = 0; i < n; i++) {
            Outcome o = run(s, Set.of(i));
            assertEquals(1, o.dropped().size(), "one record dropped");
            assertArrayEquals(reference.seen().get(i).rec().bytes(), o.dropped().get(0).rec().bytes(),
                    "the dropped record is the targeted one: " + reference.seen().get(i).describe());
        }
        long toServer = reference.seen().stream().filter(x -> x.direction() == Direction.CLIENT_TO_SERVER).count();
        Campaign.report("1 record drops", s + ": " + n + " records in a clean handshake (" + toServer
                + " client->server, " + (n - toServer) + " server->client); " + n + " single drops, all completed");
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void everyOrderedPairOfRecordDropsIsRecovered(Scenario s) {
        int n = run(s, Set.of()).seen().size();
        int pairs = 0;
        for (int i = 0; i < n; i++) {
            Outcome first = run(s, Set.of(i));
            for (int j = i + 1; j < first.seen().size(); j++) {
                Outcome o = run(s, Set.of(i, j));
                assertEquals(2, o.dropped().size(), "two records dropped");
                assertArrayEquals(first.seen().get(j).rec().bytes(), o.dropped().get(1).rec().bytes(),
                        "the second dropped record is the targeted one: " + first.seen().get(j).describe());
                pairs++;
            }
        }
        Campaign.report("1 record drops", s + ": " + pairs + " ordered pairs of drops, all completed");
    }
}
