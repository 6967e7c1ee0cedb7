package org.dtls4j.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.handshake.DtlsTimeoutException;
import org.dtls4j.transport.ConnectionClosedException;
import org.dtls4j.transport.DtlsConnection;
import org.dtls4j.transport.DtlsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Netty client with dtls4j's socket server, {@code DtlsServer}, on the other side. */
@Timeout(60)
class ClientWithDtlsServerTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

    @Test
    void ecdsaEchoAndCloseNotify() throws Exception {
        try (DtlsServer server = DtlsServer.bind(LOOPBACK, Configs.ecdsaServer())) {
            server.onConnection(c -> c.onReceive((connection, data) -> connection.send(data)));
            try (ClientFixture client = new ClientFixture(server.localAddress(), Configs.ecdsaClient()).handshake()) {
                DtlsEvent.HandshakeCompleted done = (DtlsEvent.HandshakeCompleted) Await.next(client.events, "event");
                assertEquals(server.localAddress(), done.peer());
                assertNotNull(client.handler.session());
                byte[] big = new byte[1000];
                big[999] = 9;
                client.send(big);
                assertArrayEquals(big, client.receive());
                client.send("ping".getBytes(StandardCharsets.UTF_8));
                assertArrayEquals("ping".getBytes(StandardCharsets.UTF_8), client.receive());
                assertEquals(1, server.peerCount());
            }
            // closing the channel sent close_notify: the server forgets the peer
            Await.until(() -> server.peerCount() == 0, Await.WAIT, () -> server.counters().toString());
        }
    }

    @Test
    void thePeersCloseNotifyClosesTheChannel() throws Exception {
        try (DtlsServer server = DtlsServer.bind(LOOPBACK, Configs.pskServer())) {
            try (ClientFixture client = new ClientFixture(server.localAddress(), Configs.pskClient()).handshake()) {
                DtlsConnection accepted = server.accept(Await.WAIT);
                accepted.close();
                assertTrue(client.channel.closeFuture().await(Await.WAIT.toMillis()), "channel still open");
                client.events.poll(); // HandshakeCompleted
                DtlsEvent.Closed closed = (DtlsEvent.Closed) Await.next(client.events, "Closed");
                assertEquals(CloseReason.CLOSED_BY_PEER, closed.reason());
                assertThrows(ConnectionClosedException.class, () -> accepted.receive(Duration.ZERO));
            }
        }
    }

    @Test
    void aWriteBeforeTheHandshakeFailsAndReleasesItsBuffer() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(LOOPBACK)) {
            DtlsConfig config = Configs.pskClientBuilder().handshakeTimeout(Duration.ofSeconds(5)).build();
            try (ClientFixture client = new ClientFixture((InetSocketAddress) silent.getLocalSocketAddress(), config)) {
                io.netty.buffer.ByteBuf data = Unpooled.directBuffer(4).writeInt(1);
                io.netty.channel.ChannelFuture f = client.channel.writeAndFlush(data).await();
                assertFalse(f.isSuccess());
                assertInstanceOf(IllegalStateException.class, f.cause());
                assertEquals(0, data.refCnt());
            }
        }
    }

    @Test
    void anUnknownIdentityFailsTheFuture() throws Exception {
        DtlsConfig mallory = DtlsConfig.builder().psk("mallory".getBytes(StandardCharsets.UTF_8), Configs.KEY).build();
        try (DtlsServer server = DtlsServer.bind(LOOPBACK, Configs.pskServer());
             ClientFixture client = new ClientFixture(server.localAddress(), mallory)) {
            assertTrue(client.handler.handshakeFuture().await(Await.WAIT.toMillis()));
            DtlsException e = assertInstanceOf(DtlsException.class, client.handler.handshakeFuture().cause());
            assertEquals(AlertDescription.UNKNOWN_PSK_IDENTITY, e.alert());
            assertTrue(e.isReceivedFromPeer());
            DtlsEvent.HandshakeFailed failed = (DtlsEvent.HandshakeFailed) Await.next(client.events, "HandshakeFailed");
            assertEquals(e, failed.cause());
            assertTrue(client.channel.closeFuture().await(Await.WAIT.toMillis()));
        }
    }

    @Test
    void noServerIsATimeoutAtTheConfiguredDeadline() throws Exception {
        DatagramSocket silent = new DatagramSocket(LOOPBACK);
        InetSocketAddress nobody = (InetSocketAddress) silent.getLocalSocketAddress();
        silent.close(); // ICMP port unreachable from here on: it must not end the handshake early
        DtlsConfig config = Configs.pskClientBuilder().handshakeTimeout(Duration.ofMillis(1500)).build();
        long start = System.nanoTime();
        try (ClientFixture client = new ClientFixture(nobody, config)) {
            assertTrue(client.handler.handshakeFuture().await(Await.WAIT.toMillis()));
            assertInstanceOf(DtlsTimeoutException.class, client.handler.handshakeFuture().cause());
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(tookMillis >= 1400, "gave up after " + tookMillis + " ms");
        }
    }
}
