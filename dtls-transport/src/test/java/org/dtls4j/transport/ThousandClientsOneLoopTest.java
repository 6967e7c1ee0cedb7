package org.dtls4j.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The point of {@link ClientLoop}: a thousand client connections, started from one thread, cost
 * the process the loop's threads and no more.
 */
@Timeout(120)
class ThousandClientsOneLoopTest {
    private static final System.Logger LOG = System.getLogger(ThousandClientsOneLoopTest.class.getName());
    private static final int CLIENTS = 1_000;
    /** Threads the process may gain beyond the loop's own: a JVM service thread or two, a server worker. */
    private static final int SLACK = 4;
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(45);
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void aThousandHandshakesFromOneThreadAddOnlyTheLoopsThreads() throws Exception {
        ServerOptions options = ServerOptions.defaults()
                .withHandshakeRate(HandshakeRate.OFF) // every client comes from 127.0.0.1
                .withMaxConcurrentHandshakes(2 * CLIENTS)
                .withWorkers(1);
        Map<InetSocketAddress, DtlsConnection> accepted = new ConcurrentHashMap<>();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (DtlsServer server = DtlsServer.bind(new InetSocketAddress("127.0.0.1", 0), Configs.pskServer(), options)) {
            server.onConnection(c -> accepted.put(c.peer(), c));
            int before = threads.getThreadCount();
            threads.resetPeakThreadCount();

            List<DtlsConnection> clients = new ArrayList<>();
            try (ClientLoop loop = ClientLoop.open(2)) {
                long start = System.nanoTime();
                List<CompletableFuture<DtlsConnection>> handshakes = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    handshakes.add(DtlsClient.connectAsync(server.localAddress(), Configs.pskClient(HANDSHAKE_TIMEOUT), loop));
                }
                long startedMillis = (System.nanoTime() - start) / 1_000_000;
                CompletableFuture.allOf(handshakes.toArray(CompletableFuture[]::new))
                        .get(HANDSHAKE_TIMEOUT.toSeconds() + 15, TimeUnit.SECONDS);
                long connectedMillis = (System.nanoTime() - start) / 1_000_000;
                for (CompletableFuture<DtlsConnection> h : handshakes) {
                    clients.add(h.join());
                }
                assertEquals(CLIENTS, loop.connections());
                Await.until(() -> accepted.size() == CLIENTS, WAIT, () -> accepted.size() + " accepted");

                for (int i = 0; i < CLIENTS; i++) {
                    exchangeOneDatagram(i, clients.get(i), accepted.get(clients.get(i).localAddress()));
                }

                long retransmissions = clients.stream().mapToLong(c -> c.counters().retransmissions()).sum();
                LOG.log(System.Logger.Level.INFO, () -> "client retransmissions " + retransmissions + "; server " + server.counters());
                int grown = threads.getPeakThreadCount() - before;
                LOG.log(System.Logger.Level.INFO, () -> CLIENTS + " connectAsync calls in " + startedMillis
                        + " ms, all connected after " + connectedMillis + " ms; live threads " + before
                        + " before, peak " + threads.getPeakThreadCount() + " (+" + grown + ") on a loop of "
                        + loop.threadCount());
                assertTrue(grown <= loop.threadCount() + SLACK, "the process gained " + grown + " threads for "
                        + CLIENTS + " connections on a loop of " + loop.threadCount());

                for (DtlsConnection c : clients) {
                    c.close();
                }
                Await.until(() -> loop.connections() == 0 && loop.selectorKeys() == 0 && loop.armedTimers() == 0, WAIT,
                        () -> "after closing every connection the loop holds " + loop.connections() + " sockets, "
                                + loop.selectorKeys() + " selector keys, " + loop.armedTimers() + " armed timers");
            }
        }
    }

    /** The client sends its number, the server returns it; the application retries a lost datagram, as UDP asks. */
    private static void exchangeOneDatagram(int id, DtlsConnection client, DtlsConnection serverSide) throws Exception {
        assertNotNull(serverSide, "no server connection for client " + id);
        byte[] msg = ByteBuffer.allocate(4).putInt(id).array();
        byte[] got = null;
        for (int attempt = 0; got == null && attempt < 3; attempt++) {
            client.send(msg);
            got = serverSide.receive(WAIT);
        }
        assertArrayEquals(msg, got, "server side of client " + id);
        byte[] back = null;
        for (int attempt = 0; back == null && attempt < 3; attempt++) {
            serverSide.send(got);
            back = client.receive(WAIT);
        }
        assertArrayEquals(msg, back, "client " + id);
    }
}
