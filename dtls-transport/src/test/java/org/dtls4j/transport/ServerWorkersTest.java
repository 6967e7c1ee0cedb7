package org.dtls4j.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.engine.EngineState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server's threads: who runs what, and that each peer's datagrams keep their order across workers. */
@Timeout(60)
class ServerWorkersTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void connectionsAreHandedOverByTheirHandshakeWorkerAndFailuresReportedOnTheReceiveThread() throws Exception {
        try (DtlsServer server = DtlsServer.bind(LOOPBACK, Configs.pskServer(), ServerOptions.defaults().withWorkers(2))) {
            AtomicReference<String> connectionThread = new AtomicReference<>();
            AtomicReference<String> failureThread = new AtomicReference<>();
            server.onConnection(c -> connectionThread.set(Thread.currentThread().getName()));
            server.onHandshakeFailure((peer, e) -> failureThread.set(Thread.currentThread().getName()));
            String prefix = "dtls4j-server-" + server.localAddress().getPort();
            try (DtlsConnection c = DtlsClient.connect(server.localAddress(), Configs.pskClient(), WAIT)) {
                Await.until(() -> connectionThread.get() != null, WAIT, () -> "no connection handed over");
                assertTrue(connectionThread.get().startsWith(prefix + "-handshake-"), connectionThread.get());
            }
            try (RawClient client = new RawClient(server.localAddress())) {
                DtlsConfig mallory = DtlsConfig.builder().psk("mallory".getBytes(StandardCharsets.UTF_8), Configs.KEY).build();
                assertEquals(EngineState.FAILED, client.start(mallory).handshake(WAIT));
            }
            Await.until(() -> failureThread.get() != null, WAIT, () -> "no failure reported: " + server.counters());
            assertEquals(prefix, failureThread.get());
        }
    }

    /**
     * Eight peers each send 400 numbered datagrams as fast as they can, while the server runs them
     * on two connection workers: each peer's datagrams must arrive in the order sent (loopback does
     * not reorder; only the server could). Some may be dropped when a queue is full: UDP allows
     * that, and it is counted.
     */
    @Test
    void eachPeersDatagramsKeepTheirOrder() throws Exception {
        int peers = 8;
        int datagrams = 400;
        try (DtlsServer server = DtlsServer.bind(LOOPBACK, Configs.pskServer(), ServerOptions.defaults().withWorkers(2))) {
            List<DtlsConnection> clients = new ArrayList<>();
            List<DtlsConnection> accepted = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(peers * 2);
            try {
                for (int i = 0; i < peers; i++) {
                    clients.add(DtlsClient.connect(server.localAddress(), Configs.pskClient(), WAIT));
                    DtlsConnection a = server.accept(WAIT);
                    assertNotNull(a);
                    accepted.add(a);
                }
                List<Future<Integer>> received = new ArrayList<>();
                for (DtlsConnection a : accepted) {
                    received.add(pool.submit(() -> readInOrder(a, datagrams)));
                }
                List<Future<?>> sent = new ArrayList<>();
                for (DtlsConnection c : clients) {
                    sent.add(pool.submit(() -> {
                        for (int n = 0; n < datagrams; n++) {
                            c.send(ByteBuffer.allocate(4).putInt(0, n));
                        }
                        c.send(ByteBuffer.allocate(4).putInt(0, -1));
                        return null;
                    }));
                }
                for (Future<?> f : sent) {
                    f.get();
                }
                int total = 0;
                for (Future<Integer> f : received) {
                    total += f.get();
                }
                ServerCounters counters = server.counters();
                assertTrue(total > 0, counters::toString);
                System.getLogger(ServerWorkersTest.class.getName()).log(System.Logger.Level.INFO,
                        total + " of " + peers * datagrams + " datagrams arrived in order; " + counters);
            } finally {
                pool.shutdownNow();
                clients.forEach(DtlsConnection::close);
            }
        }
    }

    /** Reads until the end marker (or a quiet second); fails on any datagram older than the one before. */
    private static int readInOrder(DtlsConnection c, int datagrams) throws Exception {
        int last = -1;
        int count = 0;
        byte[] d;
        while ((d = c.receive(Duration.ofSeconds(1))) != null) {
            int n = ByteBuffer.wrap(d).getInt();
            if (n == -1) {
                break;
            }
            assertTrue(n > last, "datagram " + n + " after " + last + " from " + c.peer());
            assertTrue(n < datagrams);
            last = n;
            count++;
        }
        return count;
    }
}
