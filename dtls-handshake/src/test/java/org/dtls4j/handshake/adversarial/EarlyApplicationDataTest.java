package org.dtls4j.handshake.adversarial;

import static org.dtls4j.handshake.adversarial.Association.SECOND;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.DtlsTimeoutException;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.sim.SimulatedLink.Direction;
import org.junit.jupiter.api.Test;

/**
 * The server speaks the moment its handshake completes, and its application datagram overtakes its
 * own Finished (or ChangeCipherSpec and Finished) on the way. The client holds the datagram and
 * hands it over only once the Finished has verified; a client whose handshake never completes
 * never shows it.
 */
class EarlyApplicationDataTest {
    private static final byte[] HELLO = "the server speaks first".getBytes(StandardCharsets.UTF_8);
    /** Flight 6 (ChangeCipherSpec, Finished) and the server's datagram: the server's third flight. */
    private static final int FLIGHT_6 = 2;

    private static Association serverSpeaksAtOnce(FlightPermuter permuter) {
        Association a = Scenario.FULL_PSK.association();
        boolean[] spoke = {false};
        a.link.rewriter(permuter).afterDelivery(d -> {
            DtlsEngine server = a.serverEngine();
            if (!spoke[0] && server != null && server.state() == EngineState.CONNECTED) {
                server.send(HELLO);
                spoke[0] = true;
            }
            if (a.client.state() != EngineState.CONNECTED) {
                assertNull(a.client.pollApplicationData(), "nothing surfaces before the handshake completes");
            }
        });
        return a;
    }

    @Test
    void applicationDataBeforeTheFinishedIsHeldAndDeliveredOnce() {
        for (int[] order : List.of(new int[] {0, 2, 1}, new int[] {2, 0, 1}, new int[] {2, 1, 0})) {
            Association a = serverSpeaksAtOnce(new FlightPermuter(Direction.SERVER_TO_CLIENT, FLIGHT_6, order));
            a.handshake(40 * SECOND, 1000);
            a.assertConnected(java.util.Arrays.toString(order));
            assertArrayEquals(HELLO, Association.take(a.client));
            assertNull(a.client.pollApplicationData(), "exactly once");
            assertEquals(1, a.client.counters().applicationReceived());
            assertEquals(0, a.client.counters().applicationDropped());
            assertEquals(0, a.client.bufferedBytes(), "nothing left held");
        }
    }

    @Test
    void applicationDataIsNeverShownWhenTheFinishedNeverComes() {
        Association a = serverSpeaksAtOnce(new FlightPermuter(Direction.SERVER_TO_CLIENT, FLIGHT_6, new int[] {0, 2, 1}));
        a.link.dropRule((d, i, b) -> d == Direction.SERVER_TO_CLIENT && isFinished(b));
        a.handshake(60 * SECOND, 10_000);
        assertEquals(EngineState.FAILED, a.client.state());
        assertTrue(a.client.failure() instanceof DtlsTimeoutException, () -> String.valueOf(a.client.failure()));
        assertNull(a.client.pollApplicationData());
        assertEquals(0, a.client.bufferedBytes(), "the held datagram was dropped with the handshake");
    }

    /** The server's Finished: the only encrypted handshake record it sends. */
    private static boolean isFinished(byte[] datagram) {
        return Wire.records(datagram).stream().anyMatch(r -> r.type() == Wire.HANDSHAKE && r.epoch() == 1);
    }
}
