package org.dtls4j.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.handshake.DtlsTimeoutException;
import org.dtls4j.transport.ConnectionClosedException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ClientLoopTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** The loop gave everything back: no socket, no selector key, no armed timer. */
    private static void awaitEmpty(ClientLoop loop) {
        Await.until(() -> loop.connections() == 0 && loop.selectorKeys() == 0 && loop.armedTimers() == 0, WAIT,
                () -> loop.connections() + " sockets, " + loop.selectorKeys() + " selector keys, "
                        + loop.armedTimers() + " armed timers");
    }

    /** The port is free again, so the operating system's socket is closed, not only forgotten. */
    private static void assertPortFree(InetSocketAddress local) throws IOException {
        try (DatagramChannel c = DatagramChannel.open()) {
            c.bind(local);
        }
    }

    private static Throwable failureOf(CompletableFuture<DtlsConnection> f) throws InterruptedException {
        try {
            f.get(WAIT.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no outcome", e);
        }
        throw new AssertionError("the handshake succeeded");
    }

    @Test
    void aClosedConnectionGivesItsSocketBack() throws Exception {
        try (DtlsServer server = DtlsServer.bind(LOOPBACK, Configs.pskServer());
             ClientLoop loop = ClientLoop.open()) {
            DtlsConnection c = DtlsClient.connect(server.localAddress(), Configs.pskClient(), loop);
            assertEquals(1, loop.connections());
            Await.until(() -> loop.selectorKeys() == 1, WAIT, () -> loop.selectorKeys() + " keys");
            DtlsConnection accepted = server.accept(WAIT);
            c.send("one".getBytes(StandardCharsets.UTF_8));
            assertArrayEquals("one".getBytes(StandardCharsets.UTF_8), accepted.receive(WAIT));

            c.close();
            awaitEmpty(loop);
            assertPortFree(c.localAddress());
            assertEquals(Reason.CLOSED_BY_PEER, assertThrows(ConnectionClosedException.class,
                    () -> accepted.receive(WAIT)).reason());
        }
    }

    @Test
    void aConnectionTheServerClosesGivesItsSocketBack() throws Exception {
        try (DtlsServer server = DtlsServer.bind(LOOPBACK, Configs.pskServer());
             ClientLoop loop = ClientLoop.open()) {
            DtlsConnection c = DtlsClient.connect(server.localAddress(), Configs.pskClient(), loop);
            server.accept(WAIT).close();
            assertEquals(Reason.CLOSED_BY_PEER, assertThrows(ConnectionClosedException.class,
                    () -> c.receive(WAIT)).reason());
            awaitEmpty(loop);
        }
    }

    @Test
    void aFailedHandshakeGivesItsSocketBack() throws Exception {
        try (DtlsServer server = DtlsServer.bind(LOOPBACK, Configs.pskServer());
             ClientLoop loop = ClientLoop.open()) {
            DtlsConfig stranger = DtlsConfig.builder().psk("stranger".getBytes(StandardCharsets.UTF_8), Configs.KEY).build();
            Throwable e = failureOf(DtlsClient.connectAsync(server.localAddress(), stranger, loop));
            DtlsException d = assertInstanceOf(DtlsException.class, e);
            assertEquals(AlertDescription.UNKNOWN_PSK_IDENTITY, d.alert(), d::getMessage);
            awaitEmpty(loop);
        }
    }

    @Test
    void aHandshakeNobodyAnswersTimesOutAndGivesItsSocketBack() throws Exception {
        try (DatagramChannel silent = DatagramChannel.open().bind(LOOPBACK);
             ClientLoop loop = ClientLoop.open()) {
            InetSocketAddress nobody = (InetSocketAddress) silent.getLocalAddress();
            Throwable e = failureOf(DtlsClient.connectAsync(nobody, Configs.pskClient(Duration.ofMillis(1500)), loop));
            assertInstanceOf(DtlsTimeoutException.class, e);
            assertTrue(e.getMessage().contains("nobody answered at " + nobody), e.getMessage());
            awaitEmpty(loop);
        }
    }

    @Test
    void cancellingTheFutureAbandonsTheHandshake() throws Exception {
        try (DatagramChannel silent = DatagramChannel.open().bind(LOOPBACK);
             ClientLoop loop = ClientLoop.open()) {
            CompletableFuture<DtlsConnection> f =
                    DtlsClient.connectAsync((InetSocketAddress) silent.getLocalAddress(), Configs.pskClient(), loop);
            Await.until(() -> loop.selectorKeys() == 1, WAIT, () -> loop.selectorKeys() + " keys");
            assertTrue(f.cancel(false));
            awaitEmpty(loop);
        }
    }

    @Test
    void closingAnOwnLoopEndsItsConnectionsWithTransportClosed() throws Exception {
        try (DtlsServer server = DtlsServer.bind(LOOPBACK, Configs.pskServer());
             DatagramChannel silent = DatagramChannel.open().bind(LOOPBACK)) {
            ClientLoop loop = ClientLoop.open(2);
            DtlsConnection a = DtlsClient.connect(server.localAddress(), Configs.pskClient(), loop);
            DtlsConnection b = DtlsClient.connect(server.localAddress(), Configs.pskClient(), loop);
            DtlsConnection acceptedA = server.accept(WAIT);
            assertNotNull(acceptedA);
            CompletableFuture<DtlsConnection> handshaking =
                    DtlsClient.connectAsync((InetSocketAddress) silent.getLocalAddress(), Configs.pskClient(), loop);
            Await.until(() -> loop.selectorKeys() == 3, WAIT, () -> loop.selectorKeys() + " keys");

            loop.close();
            loop.close();
            assertFalse(loop.isOpen());
            assertEquals(0, loop.connections());
            for (DtlsConnection c : new DtlsConnection[] {a, b}) {
                assertFalse(c.isOpen());
                assertEquals(Reason.TRANSPORT_CLOSED, assertThrows(ConnectionClosedException.class,
                        () -> c.receive(WAIT)).reason());
                assertEquals(Reason.TRANSPORT_CLOSED, assertThrows(ConnectionClosedException.class,
                        () -> c.send(new byte[1])).reason());
                assertPortFree(c.localAddress());
            }
            assertInstanceOf(DtlsException.class, failureOf(handshaking));
            // the servers hear of it: close_notify went out before the sockets closed
            assertEquals(Reason.CLOSED_BY_PEER, assertThrows(ConnectionClosedException.class,
                    () -> acceptedA.receive(WAIT)).reason());

            IOException refused = assertThrows(IOException.class,
                    () -> DtlsClient.connect(server.localAddress(), Configs.pskClient(), loop));
            assertTrue(refused.getMessage().contains("closed"), refused.getMessage());
            assertInstanceOf(IOException.class,
                    failureOf(DtlsClient.connectAsync(server.localAddress(), Configs.pskClient(), loop)));
        }
    }

    @Test
    void theSharedLoopServesPlainConnectAndIgnoresClose() throws Exception {
        try (DtlsServer server = DtlsServer.bind(LOOPBACK, Configs.pskServer())) {
            ClientLoop shared = ClientLoop.shared();
            assertSame(shared, ClientLoop.shared());
            assertTrue(shared.threadCount() >= 1 && shared.threadCount() <= 2, shared::toString);
            shared.close(); // ignored: the rest of the process may use it
            assertTrue(shared.isOpen());
            try (DtlsConnection c = DtlsClient.connect(server.localAddress(), Configs.pskClient(), WAIT)) {
                DtlsConnection accepted = server.accept(WAIT);
                byte[] msg = "shared".getBytes(StandardCharsets.UTF_8);
                c.send(msg);
                assertArrayEquals(msg, accepted.receive(WAIT));
                assertTrue(Thread.getAllStackTraces().keySet().stream()
                                .noneMatch(t -> t.getName().equals("dtls4j-client-" + c.localAddress().getPort())),
                        "a thread of its own for the connection");
            }
            DtlsConnection async = DtlsClient.connectAsync(server.localAddress(), Configs.pskClient(), shared)
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertTrue(async.isOpen());
            async.close();
        }
    }
}
