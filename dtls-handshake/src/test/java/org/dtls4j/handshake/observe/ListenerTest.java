package org.dtls4j.handshake.observe;

import static org.dtls4j.handshake.observe.Peers.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.ConnectionIdGenerator;
import org.dtls4j.handshake.DeterministicRandom;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.handshake.DtlsListener;
import org.dtls4j.handshake.DtlsTimeoutException;
import org.dtls4j.handshake.Negotiated;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.observe.Recorder.Completed;
import org.dtls4j.handshake.observe.Recorder.Discarded;
import org.dtls4j.handshake.observe.Recorder.Failed;
import org.dtls4j.handshake.observe.Recorder.Moved;
import org.dtls4j.handshake.observe.Recorder.Retransmitted;
import org.dtls4j.handshake.observe.Recorder.Started;
import org.dtls4j.handshake.sim.SimulatedLink.Direction;
import org.dtls4j.record.Discard;
import org.junit.jupiter.api.Test;

/** {@link DtlsListener}: each event once, where it happens, naming the peer; a listener that throws changes nothing. */
class ListenerTest {

    @Test
    void aHandshakeIsStartedThenCompletedWithTheSuiteAndTheSimulatedDuration() {
        Recorder heardByClient = new Recorder();
        Recorder heardByServer = new Recorder();
        Peers p = Peers.of(Peers.clientConfig().listener(heardByClient).build(),
                Peers.serverConfig().listener(heardByServer).build(), 40001, 4433).handshake();

        assertEquals(EngineState.CONNECTED, p.client().state());
        assertEquals(List.of(Started.class, Completed.class), kinds(heardByClient));
        assertEquals(new Started(p.serverAddress(), true), heardByClient.heard.get(0));
        Completed c = heardByClient.only(Completed.class);
        assertEquals(p.serverAddress(), c.peer());
        assertEquals(Peers.SUITE, c.negotiated().cipherSuite());
        assertEquals("DTLSv1.2", c.negotiated().protocol());
        assertFalse(c.negotiated().resumed());
        // the client's part: flight 1 out, the server's flight 2 back, 3 out, 4 back, 1 ms each way
        assertEquals(Duration.ofMillis(4), c.elapsed());
        assertEquals(new Started(p.clientAddress(), false), heardByServer.heard.get(0));
        assertEquals(p.clientAddress(), heardByServer.only(Completed.class).peer());
    }

    @Test
    void aLostFlightIsRetransmittedByTheTimerAndTheRepeatDrawsThePeersFlightAgain() {
        Recorder heardByClient = new Recorder();
        Recorder heardByServer = new Recorder();
        Peers p = Peers.of(Peers.clientConfig().listener(heardByClient).build(),
                Peers.serverConfig().listener(heardByServer).build(), 40002, 4434);
        // the server's flight 2 is lost once: the client's timer expires after 1 s
        p.link().dropRule((dir, index, data) -> dir == Direction.SERVER_TO_CLIENT && index == 0);
        p.handshake();

        assertEquals(EngineState.CONNECTED, p.client().state());
        assertEquals(new Retransmitted(p.serverAddress(), "client_hello", Duration.ofSeconds(2), false),
                heardByClient.only(Retransmitted.class), "RFC 6347 §4.2.4.1: the timer doubles");
        assertEquals(new Retransmitted(p.clientAddress(), "server_hello, server_hello_done", Duration.ofSeconds(1), true),
                heardByServer.only(Retransmitted.class));
        assertTrue(heardByClient.only(Completed.class).elapsed().compareTo(Duration.ofSeconds(1)) > 0);
        assertEquals(1, p.client().counters().retransmissions());
    }

    @Test
    void aWrongKeyFailsBothSidesAndOnlyTheServerSentAnAlert() {
        Recorder heardByClient = new Recorder();
        Recorder heardByServer = new Recorder();
        DtlsConfig wrongKey = DtlsConfig.builder().cipherSuites(Peers.SUITE)
                .psk(org.dtls4j.handshake.TestPeers.PSK_IDENTITY, Peers.WRONG_KEY).listener(heardByClient).build();
        Peers p = Peers.of(wrongKey, Peers.serverConfig().listener(heardByServer).build(), 40003, 4435).handshake();

        Failed server = heardByServer.only(Failed.class);
        assertEquals(p.clientAddress(), server.peer());
        assertEquals(Optional.of(AlertDescription.BAD_RECORD_MAC), server.alertSent());
        assertTrue(server.failure().getMessage().contains("pre-shared key"), server.failure()::getMessage);
        assertEquals(List.of(new Discarded(p.clientAddress(), Discard.BAD_MAC), new Discarded(p.clientAddress(), Discard.BAD_MAC)),
                heardByServer.all(Discarded.class), "the client's Finished, twice");

        Failed client = heardByClient.only(Failed.class);
        assertEquals(p.serverAddress(), client.peer());
        assertTrue(client.failure().isReceivedFromPeer());
        assertEquals(Optional.empty(), client.alertSent(), "the peer's alert is not answered");
        assertTrue(heardByClient.all(Completed.class).isEmpty());
    }

    @Test
    void aTimeoutReportsNoAlert() {
        Recorder heardByClient = new Recorder();
        Peers p = Peers.of(Peers.clientConfig().listener(heardByClient).handshakeTimeout(Duration.ofSeconds(5)).build(),
                Peers.serverConfig().build(), 40004, 4436);
        p.link().dropRule((dir, index, data) -> dir == Direction.CLIENT_TO_SERVER);
        p.handshake();

        Failed f = heardByClient.only(Failed.class);
        DtlsException e = f.failure();
        assertInstanceOf(DtlsTimeoutException.class, e);
        assertEquals(Optional.empty(), f.alertSent());
        assertFalse(e.hasAlert());
        assertEquals(Optional.empty(), e.wireAlert());
        assertTrue(e.getMessage().endsWith("[no alert]"), e::getMessage);
        // 1 s, 2 s: two retransmissions before the 5 s deadline (the next would be at 7 s)
        assertEquals(List.of(Duration.ofSeconds(2), Duration.ofSeconds(4)),
                heardByClient.all(Retransmitted.class).stream().map(Retransmitted::timeout).toList());
        assertEquals(5 * SECOND, p.link().now());
    }

    @Test
    void aPeerThatMovesUnderItsConnectionIdIsHeardOnce() {
        Recorder heardByServer = new Recorder();
        Peers p = Peers.of(Peers.clientConfig().connectionIdLength(0).build(), Peers.serverConfig().listener(heardByServer)
                .connectionIds(ConnectionIdGenerator.random(4, new DeterministicRandom(11))).build(), 40005, 4437)
                .handshake();
        InetSocketAddress roamed = new InetSocketAddress("127.0.0.2", 40005);

        p.client().send("from the new network".getBytes());
        ByteBuffer d = p.client().pollDatagram();
        p.server().receive(d, roamed, p.link().now() + 1);

        assertEquals(roamed, p.server().peerAddress());
        assertEquals(new Moved(p.clientAddress(), roamed), heardByServer.only(Moved.class));
    }

    @Test
    void aListenerThatThrowsChangesNothing() {
        DtlsListener throwing = new DtlsListener() {
            @Override
            public void handshakeStarted(SocketAddress peer, boolean client) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void handshakeCompleted(SocketAddress peer, Negotiated n, Duration elapsed) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void retransmitted(SocketAddress peer, String flight, Duration timeout, boolean peerRetransmitted) {
                throw new IllegalStateException("listener bug");
            }
        };
        Peers p = Peers.of(Peers.clientConfig().listener(throwing).build(),
                Peers.serverConfig().listener(throwing).build(), 40006, 4438);
        p.link().dropRule((dir, index, data) -> dir == Direction.SERVER_TO_CLIENT && index == 0);
        List<String> warnings;
        try (LogCapture log = new LogCapture()) {
            p.handshake();
            warnings = log.records().stream().filter(r -> r.getLevel() == Level.WARNING).map(LogRecord::getMessage).toList();
        }

        assertEquals(EngineState.CONNECTED, p.client().state(), () -> String.valueOf(p.client().failure()));
        assertEquals(EngineState.CONNECTED, p.server().state(), () -> String.valueOf(p.server().failure()));
        // started, retransmitted, completed on the client; started, retransmitted (the repeat), completed on the server
        assertEquals(6, warnings.size(), warnings::toString);
        assertTrue(warnings.stream().allMatch(w -> w.startsWith("[127.0.0.1:4438] [client] the DtlsListener threw")
                || w.startsWith("[127.0.0.1:40006] [server] the DtlsListener threw")), warnings::toString);
    }

    private static List<Class<?>> kinds(Recorder r) {
        return r.heard.stream().<Class<?>>map(Object::getClass).toList();
    }
}
