package org.dtls4j.handshake.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.TestPeers;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.sim.SimulatedLink.Direction;
import org.dtls4j.record.Discard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's JDK Flight Recorder events, written to a recording file and read back: a handshake
 * whose first server flight is lost (a retransmission each side, then completion), and one with a
 * wrong pre-shared key (failure on both sides, the server's alert, its discarded records).
 */
class JfrEventsTest {
    private static final String PREFIX = "org.dtls4j.";

    @Test
    void aRecordingHoldsTheHandshakesRetransmissionsFailuresAndDiscards(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("dtls.jfr");
        Peers good;
        Peers wrongKey;
        try (Recording recording = new Recording()) {
            for (String name : List.of("HandshakeStarted", "HandshakeCompleted", "ConnectionFailed",
                    "FlightRetransmitted", "RecordDiscarded", "PeerAddressChanged")) {
                recording.enable(PREFIX + name).withoutStackTrace();
            }
            recording.start();

            good = Peers.of(Peers.clientConfig().build(), Peers.serverConfig().build(), 41001, 5433);
            good.link().dropRule((way, index, data) -> way == Direction.SERVER_TO_CLIENT && index == 0);
            good.handshake();
            DtlsConfig wrong = DtlsConfig.builder().cipherSuites(Peers.SUITE)
                    .psk(TestPeers.PSK_IDENTITY, Peers.WRONG_KEY).build();
            wrongKey = Peers.of(wrong, Peers.serverConfig().build(), 41002, 5434).handshake();

            recording.stop();
            recording.dump(file);
        }
        assertEquals(EngineState.CONNECTED, good.client().state());
        assertEquals(EngineState.FAILED, wrongKey.server().state());

        // Other tests may run engines meanwhile: only this test's addresses count.
        Map<String, List<RecordedEvent>> byType = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().startsWith(PREFIX))
                .filter(e -> List.of("127.0.0.1:41001", "127.0.0.1:5433", "127.0.0.1:41002", "127.0.0.1:5434")
                        .contains(e.getString(e.hasField("peer") ? "peer" : "from")))
                .collect(Collectors.groupingBy(e -> e.getEventType().getName().substring(PREFIX.length())));

        assertEquals(4, byType.get("HandshakeStarted").size(), byType::toString);

        List<RecordedEvent> completed = byType.get("HandshakeCompleted");
        assertEquals(2, completed.size(), byType::toString);
        RecordedEvent client = only(completed, "127.0.0.1:5433");
        assertTrue(client.getBoolean("client"));
        assertEquals("DTLSv1.2", client.getString("protocol"));
        assertEquals(Peers.SUITE.name(), client.getString("cipherSuite"));
        assertFalse(client.getBoolean("resumed"));
        // by the engine's (simulated) clock: 1 s of timer, then four 1 ms legs
        assertEquals(Duration.ofMillis(1004), client.getDuration("handshakeDuration"));

        List<RecordedEvent> retransmitted = byType.get("FlightRetransmitted");
        RecordedEvent timer = only(retransmitted, "127.0.0.1:5433");
        assertEquals("client_hello", timer.getString("flight"));
        assertEquals(Duration.ofSeconds(2), timer.getDuration("timeout"));
        assertFalse(timer.getBoolean("peerRetransmitted"));
        RecordedEvent repeat = only(retransmitted, "127.0.0.1:41001");
        assertEquals("server_hello, server_hello_done", repeat.getString("flight"));
        assertTrue(repeat.getBoolean("peerRetransmitted"));

        List<RecordedEvent> failed = byType.get("ConnectionFailed");
        assertEquals(2, failed.size(), byType::toString);
        RecordedEvent server = only(failed, "127.0.0.1:41002");
        assertTrue(server.getBoolean("duringHandshake"));
        assertEquals("bad_record_mac", server.getString("alertSent"));
        assertNull(server.getString("alertReceived"));
        assertTrue(server.getString("reason").contains("pre-shared key"), server::toString);
        assertEquals("org.dtls4j.handshake.DtlsException", server.getString("failure"));
        RecordedEvent clientFailed = only(failed, "127.0.0.1:5434");
        assertNull(clientFailed.getString("alertSent"), "the peer's alert is not answered");
        assertEquals("bad_record_mac", clientFailed.getString("alertReceived"));

        List<RecordedEvent> discarded = byType.get("RecordDiscarded");
        assertEquals(2, discarded.size(), byType::toString);
        assertTrue(discarded.stream().allMatch(e -> e.getString("peer").equals("127.0.0.1:41002")
                && e.getString("reason").equals("BAD_MAC")), discarded::toString);
        assertFalse(byType.containsKey("PeerAddressChanged"));
    }

    /** A recording that names none of the events gets them as their annotations say: all but discards. */
    @Test
    void discardsAreOffByDefaultTheOthersOn(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("defaults.jfr");
        Peers p;
        try (Recording recording = new Recording()) {
            recording.start();
            DtlsConfig wrong = DtlsConfig.builder().cipherSuites(Peers.SUITE)
                    .psk(TestPeers.PSK_IDENTITY, Peers.WRONG_KEY).build();
            p = Peers.of(wrong, Peers.serverConfig().build(), 41003, 5435).handshake();
            recording.stop();
            recording.dump(file);
        }
        List<String> types = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().startsWith(PREFIX))
                .filter(e -> List.of("127.0.0.1:41003", "127.0.0.1:5435").contains(e.getString("peer")))
                .map(e -> e.getEventType().getName().substring(PREFIX.length()))
                .sorted().toList();
        // the client's flight with the bad Finished goes out twice, and the server answers the repeat
        assertEquals(List.of("ConnectionFailed", "ConnectionFailed", "FlightRetransmitted", "FlightRetransmitted",
                "HandshakeStarted", "HandshakeStarted"), types);
        assertEquals(2, p.server().counters().recordDiscards().get(Discard.BAD_MAC), "discarded, counted, not recorded");
    }

    private static RecordedEvent only(List<RecordedEvent> events, String peer) {
        List<RecordedEvent> at = events.stream().filter(e -> peer.equals(e.getString("peer"))).toList();
        assertEquals(1, at.size(), () -> "events for " + peer + ": " + events);
        return at.get(0);
    }
}
