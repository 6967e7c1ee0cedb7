package org.dtls4j.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(90)
class ManyClientsTest {
    private static final int CLIENTS = 200;
    private static final Duration BOUND = Duration.ofSeconds(60);

    @Test
    void twoHundredClientsHandshakeAtOnceAndEcho() throws Exception {
        ServerOptions options = ServerOptions.defaults().withHandshakesPerMinutePerAddress(10 * CLIENTS);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try (DtlsServer server = DtlsServer.bind(new InetSocketAddress("127.0.0.1", 0), Configs.pskServer(), options)) {
            EchoServer echo = EchoServer.on(server);
            CountDownLatch go = new CountDownLatch(1);
            CountDownLatch allConnected = new CountDownLatch(CLIENTS);
            List<Callable<Integer>> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                int id = i;
                clients.add(() -> {
                    go.await();
                    try (DtlsConnection c = DtlsClient.connect(server.localAddress(), Configs.pskClient(), BOUND)) {
                        allConnected.countDown();
                        // every client holds its connection until all are up: 200 peers at once
                        assertTrue(allConnected.await(BOUND.toSeconds(), TimeUnit.SECONDS), "not all clients connected");
                        byte[] msg = ByteBuffer.allocate(8).putInt(id).putInt(~id).array();
                        c.send(msg);
                        byte[] back = c.receive(Duration.ofSeconds(5));
                        for (int attempt = 0; back == null && attempt < 5; attempt++) {
                            c.send(msg); // UDP may drop under load: the application retries
                            back = c.receive(Duration.ofSeconds(5));
                        }
                        assertArrayEquals(msg, back, "client " + id);
                        return id;
                    }
                });
            }
            List<Future<Integer>> results = new ArrayList<>();
            for (Callable<Integer> c : clients) {
                results.add(pool.submit(c));
            }
            long start = System.nanoTime();
            go.countDown();
            for (int i = 0; i < CLIENTS; i++) {
                long left = BOUND.toNanos() - (System.nanoTime() - start);
                assertEquals(i, results.get(i).get(Math.max(1, left), TimeUnit.NANOSECONDS));
            }
            ServerCounters c = server.counters();
            assertEquals(CLIENTS, c.handshakesCompleted(), c::toString);
            assertEquals(CLIENTS, c.handshakesStarted(), c::toString);
            assertEquals(0, c.handshakesFailed(), c::toString);
            // the echo thread counts after its send, so the last count may trail the last client a little
            Await.until(() -> echo.echoed() >= CLIENTS, Duration.ofSeconds(10), () -> "echoed " + echo.echoed());
            // Each client's close_notify goes once (RFC 5246 §7.2.1); one the kernel dropped at a
            // full socket buffer leaves its peer to the idle timeout, by rule. Every other peer goes.
            int port = server.localAddress().getPort();
            Await.until(() -> server.peerCount() <= Math.max(0, kernelDrops(port)), Duration.ofSeconds(10),
                    () -> "clients closed but the server still holds " + server.peerCount() + " peers ("
                            + kernelDrops(port) + " datagrams dropped by the kernel at its socket)");
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Datagrams the kernel dropped at the IPv4 socket bound to 127.0.0.1:{@code port} because its
     * receive buffer was full: the last column of its line in {@code /proc/net/udp}; 0 where that
     * file does not exist (not Linux).
     */
    private static long kernelDrops(int port) {
        String local = String.format(java.util.Locale.ROOT, "0100007F:%04X", port);
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/net/udp"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 12 && f[1].equals(local)) {
                    return Long.parseLong(f[f.length - 1]);
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
