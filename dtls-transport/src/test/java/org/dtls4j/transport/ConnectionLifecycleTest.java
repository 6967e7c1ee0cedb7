package org.dtls4j.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.dtls4j.transport.ConnectionClosedException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ConnectionLifecycleTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void receiveWithTimeoutReturnsNullWhenNothingCame() throws Exception {
        try (DtlsServer server = DtlsServer.bind(LOOPBACK, Configs.pskServer());
             DtlsConnection client = DtlsClient.connect(server.localAddress(), Configs.pskClient(), WAIT)) {
            assertNull(client.receive(Duration.ofMillis(50)));
            assertNull(client.receive(Duration.ZERO));
            assertTrue(client.isOpen());
        }
    }

    @Test
    void dataSentBeforeCloseIsDeliveredThenTheEndIsReported() throws Exception {
        try (DtlsServer server = DtlsServer.bind(LOOPBACK, Configs.pskServer())) {
            DtlsConnection client = DtlsClient.connect(server.localAddress(), Configs.pskClient(), WAIT);
            DtlsConnection accepted = server.accept(WAIT);
            assertNotNull(accepted);
            for (int i = 0; i < 3; i++) {
                client.send(ByteBuffer.wrap(new byte[] {(byte) i}));
            }
            client.close();
            client.close(); // idempotent
            assertFalse(client.isOpen());
            ConnectionClosedException local = assertThrows(ConnectionClosedException.class, () -> client.send(new byte[1]));
            assertEquals(Reason.CLOSED_LOCALLY, local.reason());
            assertEquals(Reason.CLOSED_LOCALLY, assertThrows(ConnectionClosedException.class, client::receive).reason());

            for (int i = 0; i < 3; i++) {
                assertArrayEquals(new byte[] {(byte) i}, accepted.receive(WAIT));
            }
            ConnectionClosedException e = assertThrows(ConnectionClosedException.class, () -> accepted.receive(WAIT));
            assertEquals(Reason.CLOSED_BY_PEER, e.reason());
            assertNull(e.failure());
            Await.until(() -> server.peerCount() == 0, WAIT, () -> "closed peer still held");
        }
    }

    @Test
    void serverSideCloseIsSeenByTheClientAndForgottenByTheServer() throws Exception {
        try (DtlsServer server = DtlsServer.bind(LOOPBACK, Configs.pskServer());
             DtlsConnection client = DtlsClient.connect(server.localAddress(), Configs.pskClient(), WAIT)) {
            DtlsConnection accepted = server.accept(WAIT);
            assertNotNull(accepted);
            accepted.close();
            assertEquals(Reason.CLOSED_BY_PEER, assertThrows(ConnectionClosedException.class, () -> client.receive(WAIT)).reason());
            Await.until(() -> server.peerCount() == 0, WAIT, () -> "closed peer still held");
        }
    }

    @Test
    void closingTheServerClosesEveryConnectionAndAccept() throws Exception {
        DtlsServer server = DtlsServer.bind(LOOPBACK, Configs.pskServer());
        try (DtlsConnection a = DtlsClient.connect(server.localAddress(), Configs.pskClient(), WAIT);
             DtlsConnection b = DtlsClient.connect(server.localAddress(), Configs.pskClient(), WAIT)) {
            DtlsConnection acceptedA = server.accept(WAIT);
            assertNotNull(acceptedA);
            server.close();
            server.close();
            assertFalse(server.isOpen());
            assertNull(server.accept(), "accept() after close");
            assertFalse(acceptedA.isOpen());
            assertEquals(Reason.TRANSPORT_CLOSED,
                    assertThrows(ConnectionClosedException.class, () -> acceptedA.receive(WAIT)).reason());
            assertEquals(Reason.CLOSED_BY_PEER, assertThrows(ConnectionClosedException.class, () -> a.receive(WAIT)).reason());
            assertEquals(Reason.CLOSED_BY_PEER, assertThrows(ConnectionClosedException.class, () -> b.receive(WAIT)).reason());
        }
    }

    @Test
    void pollNeverBlocksAndHandlerTakesOverQueuedConnections() throws Exception {
        try (DtlsServer server = DtlsServer.bind(LOOPBACK, Configs.pskServer())) {
            assertNull(server.poll());
            DtlsConnection first = DtlsClient.connect(server.localAddress(), Configs.pskClient(), WAIT);
            DtlsConnection second = DtlsClient.connect(server.localAddress(), Configs.pskClient(), WAIT);
            Await.until(() -> server.counters().handshakesCompleted() == 2, WAIT, () -> server.counters().toString());
            BlockingQueue<DtlsConnection> handed = new ArrayBlockingQueue<>(4);
            server.onConnection(handed::add); // both queued connections move to the handler
            DtlsConnection h1 = handed.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            DtlsConnection h2 = handed.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(h1);
            assertNotNull(h2);
            // two handshake workers may hand over two connections in either order
            assertEquals(Set.of(first.localAddress(), second.localAddress()), Set.of(h1.peer(), h2.peer()));
            assertNull(server.poll());
            try (DtlsConnection third = DtlsClient.connect(server.localAddress(), Configs.pskClient(), WAIT)) {
                DtlsConnection h3 = handed.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertNotNull(h3);
                assertEquals(third.localAddress(), h3.peer());
            }
            first.close();
            second.close();
        }
    }

    @Test
    void countersAndAccessorsDescribeTheConnection() throws Exception {
        try (DtlsServer server = DtlsServer.bind(LOOPBACK, Configs.pskServer());
             DtlsConnection client = DtlsClient.connect(server.localAddress(), Configs.pskClient(), WAIT)) {
            DtlsConnection accepted = server.accept(WAIT);
            byte[] msg = "count me".getBytes(StandardCharsets.UTF_8);
            client.send(msg);
            assertArrayEquals(msg, accepted.receive(WAIT));
            ConnectionCounters c = client.counters();
            assertEquals(1, c.applicationSent(), c::toString);
            assertTrue(c.datagramsOut() >= 4, c::toString); // two hellos, flight 5, the datagram
            ConnectionCounters s = accepted.counters();
            assertEquals(1, s.applicationReceived(), s::toString);
            assertEquals(0, s.receiveQueueDrops(), s::toString);
            assertEquals(server.localAddress(), client.peer());
            assertEquals(server.localAddress(), accepted.localAddress());
            assertSame(accepted.negotiated().session(), accepted.session());
            assertTrue(client.maxApplicationDataSize() > 1000 && client.maxApplicationDataSize() < 1400);
        }
    }
}
