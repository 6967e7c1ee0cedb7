package org.dtls4j.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.dtls4j.transport.ConnectionClosedException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link DtlsServer#onReceive}: one handler for every connection, on the connection workers or on
 * an executor the application chose; a slow handler costs bounded memory and counted drops.
 */
@Timeout(60)
class ReceiveExecutorTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aServerWideHandlerServesEveryConnectionWithoutAccept() throws Exception {
        try (DtlsServer server = DtlsServer.bind(LOOPBACK, Configs.pskServer())) {
            server.onReceive((connection, data) -> connection.send(data));
            for (int i = 0; i < 3; i++) {
                try (DtlsConnection c = DtlsClient.connect(server.localAddress(), Configs.pskClient(), WAIT)) {
                    byte[] msg = {(byte) i, 42};
                    c.send(msg);
                    assertArrayEquals(msg, c.receive(WAIT));
                }
            }
            assertEquals(null, server.poll(), "a connection with a server-wide handler is not queued for accept()");
        }
    }

    @Test
    void aSlowHandlerOnItsExecutorDropsAndCountsInsteadOfGrowing() throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(4);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> got = new CopyOnWriteArrayList<>();
        AtomicReference<DtlsConnection> serverSide = new AtomicReference<>();
        AtomicReference<ConnectionClosedException> end = new AtomicReference<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        try (DtlsServer server = DtlsServer.bind(LOOPBACK, Configs.pskServer())) {
            server.onReceive(new DatagramHandler() {
                @Override
                public void onDatagram(DtlsConnection connection, ByteBuffer data) throws java.io.IOException {
                    if (running.incrementAndGet() > 1) {
                        overlaps.incrementAndGet();
                    }
                    try {
                        serverSide.set(connection);
                        release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS); // the slow consumer
                        got.add(data.getInt());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        running.decrementAndGet();
                    }
                }

                @Override
                public void onEnd(DtlsConnection connection, ConnectionClosedException why) {
                    end.set(why);
                }
            }, executor);
            int sent = 0;
            try (DtlsConnection client = DtlsClient.connect(server.localAddress(), Configs.pskClient(), WAIT)) {
                // Paced a little, so that the socket and the peer's queue keep up and the drops
                // happen where this test looks: behind the blocked handler.
                for (int i = 0; i < 2 * DtlsConnection.RECEIVE_QUEUE; i++) {
                    client.send(ByteBuffer.allocate(4).putInt(0, i));
                    sent++;
                    int delivered = i;
                    Await.until(() -> serverSide.get() != null && received(serverSide.get()) > delivered,
                            WAIT, () -> "datagram " + delivered + " not decrypted");
                }
                DtlsConnection s = serverSide.get();
                ConnectionCounters blocked = s.counters();
                // one datagram is in the handler, RECEIVE_QUEUE wait for it, the rest were dropped
                assertEquals(sent - 1 - DtlsConnection.RECEIVE_QUEUE, blocked.receiveQueueDrops(), blocked::toString);
                release.countDown();
                Await.until(() -> got.size() == 1 + DtlsConnection.RECEIVE_QUEUE, WAIT, () -> got.size() + " handled");
                for (int i = 1; i < got.size(); i++) {
                    assertTrue(got.get(i) > got.get(i - 1), "out of order: " + got);
                }
                assertEquals(0, overlaps.get(), "the handler ran twice at once for one connection");
            }
            Await.until(() -> end.get() != null, WAIT, () -> "no end told");
            assertEquals(Reason.CLOSED_BY_PEER, end.get().reason());
        } finally {
            executor.shutdownNow();
        }
    }

    private static long received(DtlsConnection c) {
        return c.counters().applicationReceived();
    }
}
