package org.dtls4j.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsTimeoutException;
import org.dtls4j.transport.ConnectionClosedException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every limit of {@link ServerOptions} refuses, counts, and leaves the peers it already has alone. */
@Timeout(60)
class LimitsTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration SHORT = Duration.ofMillis(1500);
    private static final int HELLO_VERIFY_REQUEST = 3;

    @Test
    void maxPeersRefusesTheNextPeer() throws Exception {
        ServerOptions options = ServerOptions.defaults().withMaxPeers(1);
        try (DtlsServer server = DtlsServer.bind(LOOPBACK, Configs.pskServer(), options);
             DtlsConnection first = DtlsClient.connect(server.localAddress(), Configs.pskClient(), WAIT)) {
            DtlsTimeoutException e = assertThrows(DtlsTimeoutException.class,
                    () -> DtlsClient.connect(server.localAddress(), Configs.pskClient(), SHORT));
            // the refused client heard the HelloVerifyRequest: somebody answered, the handshake did not finish
            assertTrue(e.getMessage().contains("did not complete"), e.getMessage());
            ServerCounters c = server.counters();
            assertTrue(c.refusedMaxPeers() >= 1, c::toString);
            assertEquals(1, server.peerCount());
            assertTrue(first.isOpen());
        }
    }

    @Test
    void maxConcurrentHandshakesRefusesWhileOneIsRunning() throws Exception {
        ServerOptions options = ServerOptions.defaults().withMaxConcurrentHandshakes(1);
        try (DtlsServer server = DtlsServer.bind(LOOPBACK, Configs.pskServer(), options);
             RawClient stalled = new RawClient(server.localAddress())) {
            startAndStall(stalled, server);
            assertThrows(DtlsTimeoutException.class,
                    () -> DtlsClient.connect(server.localAddress(), Configs.pskClient(), SHORT));
            ServerCounters c = server.counters();
            assertTrue(c.refusedMaxHandshakes() >= 1, c::toString);
            assertEquals(1, c.handshakesStarted(), c::toString);
        }
    }

    @Test
    void stalledHandshakeIsRemovedAtItsDeadline() throws Exception {
        DtlsConfig config = Configs.pskServer().toBuilder().handshakeTimeout(Duration.ofMillis(800)).build();
        try (DtlsServer server = DtlsServer.bind(LOOPBACK, config);
             RawClient stalled = new RawClient(server.localAddress())) {
            startAndStall(stalled, server);
            Await.until(() -> server.peerCount() == 0, WAIT, () -> "stalled handshake still held: " + server.counters());
            ServerCounters c = server.counters();
            assertEquals(1, c.handshakesFailed(), c::toString);
            assertEquals(1, c.handshakeTimeouts(), c::toString);
            assertEquals(0, c.handshakesInProgress(), c::toString);
        }
    }

    @Test
    void handshakeRatePerAddressIsLimited() throws Exception {
        ServerOptions options = ServerOptions.defaults().withHandshakesPerMinutePerAddress(2);
        try (DtlsServer server = DtlsServer.bind(LOOPBACK, Configs.pskServer(), options)) {
            DtlsClient.connect(server.localAddress(), Configs.pskClient(), WAIT).close();
            DtlsClient.connect(server.localAddress(), Configs.pskClient(), WAIT).close();
            assertThrows(DtlsTimeoutException.class,
                    () -> DtlsClient.connect(server.localAddress(), Configs.pskClient(), SHORT));
            ServerCounters c = server.counters();
            assertTrue(c.refusedRate() >= 1, c::toString);
            assertEquals(2, c.handshakesStarted(), c::toString);
        }
    }

    @Test
    void fullAcceptQueueClosesTheNewConnection() throws Exception {
        ServerOptions options = ServerOptions.defaults().withAcceptQueue(1);
        try (DtlsServer server = DtlsServer.bind(LOOPBACK, Configs.pskServer(), options);
             DtlsConnection queued = DtlsClient.connect(server.localAddress(), Configs.pskClient(), WAIT);
             DtlsConnection extra = DtlsClient.connect(server.localAddress(), Configs.pskClient(), WAIT)) {
            // nobody calls accept(): the first waits in the queue, the second finds it full
            ConnectionClosedException e = assertThrows(ConnectionClosedException.class, () -> extra.receive(WAIT));
            assertEquals(Reason.CLOSED_BY_PEER, e.reason());
            assertEquals(1, server.counters().refusedAcceptQueue());
            // the refused peer is forgotten by the receive thread just after its worker closed it
            Await.until(() -> server.peerCount() == 1, WAIT, () -> server.counters().toString());
            DtlsConnection waiting = server.poll();
            assertNotNull(waiting);
            assertEquals(queued.localAddress(), waiting.peer());
        }
    }

    /** Gets the server to create an engine for {@code client}, then never answers again. */
    private static void startAndStall(RawClient client, DtlsServer server) throws Exception {
        client.start(Configs.pskClient());
        byte[] hvr = client.awaitHandshakeMessage(HELLO_VERIFY_REQUEST, WAIT);
        assertNotNull(hvr, "no HelloVerifyRequest");
        client.deliver(hvr); // the client answers with the cookie, and the server creates an engine
        Await.until(() -> server.counters().handshakesInProgress() == 1, WAIT, () -> server.counters().toString());
    }
}
