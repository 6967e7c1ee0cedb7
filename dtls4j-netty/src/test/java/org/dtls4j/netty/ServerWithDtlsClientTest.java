package org.dtls4j.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dtls4j.crypto.KeyExchangeAlgorithm;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.netty.DtlsServerCounters.Stat;
import org.dtls4j.transport.DtlsClient;
import org.dtls4j.transport.DtlsConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Netty server with dtls4j's socket client, {@code DtlsClient}, on the other side. */
@Timeout(60)
class ServerWithDtlsClientTest {
    private static final Duration WAIT = Await.WAIT;

    @Test
    void pskEcho() throws Exception {
        try (ServerFixture server = new ServerFixture(Configs.pskServer())) {
            try (DtlsConnection c = DtlsClient.connect(server.address(), Configs.pskClient(), WAIT)) {
                DtlsEvent.HandshakeCompleted done = server.nextEvent(DtlsEvent.HandshakeCompleted.class);
                assertEquals(c.localAddress(), done.peer());
                assertEquals("client1", done.negotiated().pskIdentity().orElseThrow());
                c.send("ping".getBytes(StandardCharsets.UTF_8));
                assertArrayEquals("ping".getBytes(StandardCharsets.UTF_8), c.receive(WAIT));

                DtlsServerCounters n = server.counters();
                assertEquals(1, n.get(Stat.HELLO_VERIFY_REQUESTS), n::toString);
                assertEquals(1, n.get(Stat.HANDSHAKES_STARTED), n::toString);
                assertEquals(1, n.get(Stat.HANDSHAKES_COMPLETED), n::toString);
                assertEquals(1, n.peers());
                assertEquals(0, n.handshaking());
            }
            DtlsEvent.Closed closed = server.nextEvent(DtlsEvent.Closed.class);
            assertEquals(CloseReason.CLOSED_BY_PEER, closed.reason());
            Await.until(() -> server.counters().peers() == 0, WAIT, () -> server.counters().toString());
        }
    }

    @Test
    void ecdsaCertificateEchoOfTheLargestDatagram() throws Exception {
        try (ServerFixture server = new ServerFixture(Configs.ecdsaServer())) {
            try (DtlsConnection c = DtlsClient.connect(server.address(), Configs.ecdsaClient(), WAIT)) {
                assertEquals(KeyExchangeAlgorithm.ECDHE_ECDSA, c.negotiated().cipherSuite().keyExchange());
                byte[] big = new byte[c.maxApplicationDataSize()];
                big[0] = 42;
                big[big.length - 1] = 7;
                c.send(big);
                assertArrayEquals(big, c.receive(WAIT));
            }
        }
    }

    @Test
    void manyClientsAtOnce() throws Exception {
        int clients = 20;
        DtlsServerLimits limits = DtlsServerLimits.defaults().withHandshakeRate(0, Duration.ofMinutes(1));
        try (ServerFixture server = new ServerFixture(Configs.pskServer(), limits)) {
            List<java.util.concurrent.CompletableFuture<DtlsConnection>> all = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                all.add(DtlsClient.connectAsync(server.address(), Configs.pskClient(),
                        org.dtls4j.transport.ClientLoop.shared()));
            }
            for (int i = 0; i < clients; i++) {
                try (DtlsConnection c = all.get(i).get(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    byte[] b = ("client " + i).getBytes(StandardCharsets.UTF_8);
                    c.send(b);
                    assertArrayEquals(b, c.receive(WAIT));
                }
            }
            assertEquals(clients, server.counters().get(Stat.HANDSHAKES_COMPLETED));
            Await.until(() -> server.counters().peers() == 0, WAIT, () -> server.counters().toString());
        }
    }

    @Test
    void anUnknownIdentityIsAHandshakeFailedEvent() throws Exception {
        DtlsConfig mallory = DtlsConfig.builder().psk("mallory".getBytes(StandardCharsets.UTF_8), Configs.KEY).build();
        try (ServerFixture server = new ServerFixture(Configs.pskServer())) {
            DtlsException e = org.junit.jupiter.api.Assertions.assertThrows(DtlsException.class,
                    () -> DtlsClient.connect(server.address(), mallory, WAIT));
            assertEquals(AlertDescription.UNKNOWN_PSK_IDENTITY, e.alert());
            DtlsEvent.HandshakeFailed failed = server.nextEvent(DtlsEvent.HandshakeFailed.class);
            assertEquals(AlertDescription.UNKNOWN_PSK_IDENTITY, failed.cause().alert());
            assertTrue(failed.cause().getMessage().contains("mallory"), failed.cause().getMessage());
            assertEquals(1, server.counters().get(Stat.HANDSHAKES_FAILED));
            assertEquals(0, server.counters().peers());
            assertEquals(0, server.counters().handshaking());
        }
    }

    @Test
    void idlePeersAreClosedAndForgotten() throws Exception {
        DtlsServerLimits limits = DtlsServerLimits.defaults().withIdleTimeout(Duration.ofMillis(300));
        try (ServerFixture server = new ServerFixture(Configs.pskServer(), limits)) {
            try (DtlsConnection c = DtlsClient.connect(server.address(), Configs.pskClient(), WAIT)) {
                server.nextEvent(DtlsEvent.HandshakeCompleted.class);
                DtlsEvent.Closed closed = server.nextEvent(DtlsEvent.Closed.class);
                assertEquals(CloseReason.IDLE_TIMEOUT, closed.reason());
                assertNull(closed.cause());
                assertEquals(1, server.counters().get(Stat.IDLE_EVICTIONS));
                assertEquals(0, server.counters().peers());
                // the client heard close_notify
                Await.until(() -> !c.isOpen(), WAIT, () -> "the client is still open");
            }
        }
    }

    @Test
    void theLimitsRefuseAndCount() throws Exception {
        DtlsServerLimits onePeer = DtlsServerLimits.defaults().withMaxPeers(1);
        DtlsConfig quickClient = Configs.pskClientBuilder().handshakeTimeout(Duration.ofMillis(800)).build();
        try (ServerFixture server = new ServerFixture(Configs.pskServer(), onePeer)) {
            try (DtlsConnection first = DtlsClient.connect(server.address(), Configs.pskClient(), WAIT)) {
                Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                        () -> DtlsClient.connect(server.address(), quickClient, WAIT));
                assertInstanceOf(org.dtls4j.handshake.DtlsTimeoutException.class, e);
                assertTrue(server.counters().get(Stat.REFUSED_MAX_PEERS) >= 1, server.counters()::toString);
                assertEquals(1, server.counters().peers());
            }
        }
        DtlsServerLimits oneHandshakePerMinute = DtlsServerLimits.defaults().withHandshakeRate(1, Duration.ofMinutes(1));
        try (ServerFixture server = new ServerFixture(Configs.pskServer(), oneHandshakePerMinute)) {
            DtlsClient.connect(server.address(), Configs.pskClient(), WAIT).close();
            org.junit.jupiter.api.Assertions.assertThrows(org.dtls4j.handshake.DtlsTimeoutException.class,
                    () -> DtlsClient.connect(server.address(), quickClient, WAIT));
            assertTrue(server.counters().get(Stat.REFUSED_RATE) >= 1, server.counters()::toString);
        }
    }
}
