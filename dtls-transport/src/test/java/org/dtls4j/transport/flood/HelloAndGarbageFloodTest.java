package org.dtls4j.transport.flood;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.dtls4j.transport.DtlsClient;
import org.dtls4j.transport.DtlsConnection;
import org.dtls4j.transport.DtlsServer;
import org.dtls4j.transport.ServerCounters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A flood of cookie-less ClientHellos and of garbage datagrams against one {@link DtlsServer} on
 * loopback, from many source ports, while a legitimate client connects. RFC 6347 §4.2.1: the
 * stateless exchange means a stranger costs "one HMAC and one small answer" and leaves nothing:
 * no peer, no engine, and no heap beyond a stated budget once the flood is over.
 */
@Timeout(90)
class HelloAndGarbageFloodTest {
    private static final System.Logger LOG = System.getLogger(HelloAndGarbageFloodTest.class.getName());
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int SOURCES = 32;
    /** Datagrams in flight towards the server at most, so its socket buffer never overflows. */
    private static final int WINDOW = 24;
    /** Heap the server may keep after the flood (the legitimate connection included). */
    private static final long HEAP_BUDGET = 4L * 1024 * 1024;

    @Test
    void strangersLeaveNothingBehindAndALegitimateClientStillConnects() throws Exception {
        int n = Flood.count();
        try (DtlsServer server = DtlsServer.bind(new InetSocketAddress("127.0.0.1", 0), Peers.ecdsaServer().build())) {
            warmUp(server);
            long heapBefore = Heap.usedAfterGc();
            ServerCounters start = server.counters();

            CountDownLatch half = new CountDownLatch(1);
            CountDownLatch legitimateDone = new CountDownLatch(1);
            AtomicReference<Throwable> floodFailure = new AtomicReference<>();
            AtomicLong hellos = new AtomicLong();
            AtomicLong garbage = new AtomicLong();
            AtomicLong bytesIn = new AtomicLong();
            AtomicLong bytesOut = new AtomicLong();
            Thread flood = new Thread(() -> {
                try {
                    flood(server, n, half, legitimateDone, hellos, garbage, bytesIn, bytesOut);
                } catch (Throwable t) {
                    floodFailure.set(t);
                    half.countDown();
                }
            }, "flood");
            long t0 = System.nanoTime();
            flood.start();

            assertTrue(half.await(60, TimeUnit.SECONDS));
            long inAtConnect = server.counters().datagramsIn();
            byte[] text = "during the flood".getBytes(StandardCharsets.UTF_8);
            try (DtlsConnection client = DtlsClient.connect(server.localAddress(), Peers.ecdsaClient(), WAIT)) {
                long floodDuringConnect = server.counters().datagramsIn() - inAtConnect;
                DtlsConnection accepted = server.accept(WAIT);
                assertNotNull(accepted, "the legitimate client was not accepted");
                client.send(text);
                assertArrayEquals(text, accepted.receive(WAIT));
                legitimateDone.countDown();
                flood.join(60_000);
                assertNull(floodFailure.get(), () -> "flood: " + floodFailure.get());
                long seconds = Math.max(1, (System.nanoTime() - t0) / 1_000_000);

                ServerCounters c = server.counters();
                long heapAfter = Heap.usedAfterGc();
                LOG.log(System.Logger.Level.INFO, String.format("%d hellos + %d garbage datagrams in %d ms (%d datagrams "
                        + "reached the server while the legitimate client connected); answered %d bytes for %d "
                        + "(ratio %.3f); used heap after GC %s -> %s (%+d bytes); %s", hellos.get(), garbage.get(),
                        seconds, floodDuringConnect, bytesOut.get(), bytesIn.get(),
                        (double) bytesOut.get() / bytesIn.get(), Heap.mb(heapBefore), Heap.mb(heapAfter),
                        heapAfter - heapBefore, c));
                assertTrue(floodDuringConnect > WINDOW, "the flood was not running while the client connected: "
                        + floodDuringConnect + " datagrams");
                assertEquals(1, c.handshakesStarted() - start.handshakesStarted(), c::toString);
                assertEquals(1, server.peerCount(), "state for a stranger");
                assertEquals(garbage.get(), c.cookieDrops() + c.oversizedDropped() - start.cookieDrops()
                        - start.oversizedDropped(), c::toString);
                assertTrue(c.cookieVerifies() - start.cookieVerifies() >= hellos.get(), c::toString);
                assertTrue(bytesOut.get() <= bytesIn.get(), bytesOut.get() + " bytes answered " + bytesIn.get());
                assertTrue(heapAfter - heapBefore < HEAP_BUDGET,
                        "heap grew by " + (heapAfter - heapBefore) + " bytes, budget " + HEAP_BUDGET);
            }
        }
    }

    /** Enough traffic before the baseline that classes are loaded and code is compiled. */
    private static void warmUp(DtlsServer server) throws IOException {
        try (Udp u = new Udp()) {
            byte[] hello = Hellos.cookieless(Peers.ecdsaClient());
            Random random = new Random(1);
            for (int i = 0; i < 2_000; i++) {
                u.send(i % 2 == 0 ? Hellos.withNewRandom(hello, random) : Hellos.garbage(random, 200), server.localAddress());
                if (i % WINDOW == WINDOW - 1) {
                    long expected = i + 1;
                    Udp.await(() -> server.counters().datagramsIn() >= expected, WAIT, () -> server.counters().toString());
                    u.drain();
                }
            }
            awaitHandled(server, hello);
        }
    }

    /** Sends a hello from a fresh port and waits for its answer: the server has handled everything sent before. */
    private static void awaitHandled(DtlsServer server, byte[] hello) throws IOException {
        try (Udp sentinel = new Udp()) {
            sentinel.send(hello, server.localAddress());
            assertNotNull(sentinel.receive(WAIT), "the server stopped answering");
        }
    }

    private static void flood(DtlsServer server, int n, CountDownLatch half, CountDownLatch legitimateDone,
                              AtomicLong hellos, AtomicLong garbage, AtomicLong bytesIn, AtomicLong bytesOut)
            throws IOException, InterruptedException {
        Random random = new Random(6347);
        byte[] template = Hellos.cookieless(Peers.ecdsaClient());
        List<Udp> sources = new ArrayList<>();
        try {
            for (int i = 0; i < SOURCES; i++) {
                sources.add(new Udp());
            }
            long inBase = server.counters().datagramsIn();
            long sent = 0;
            for (int i = 0; i < 2 * n; i++) {
                Udp source = sources.get(i % SOURCES);
                byte[] d;
                if (i % 2 == 0) {
                    d = Hellos.withNewRandom(template, random);
                    hellos.incrementAndGet();
                } else {
                    d = Hellos.garbage(random, 1_500);
                    garbage.incrementAndGet();
                }
                assertTrue(source.send(d, server.localAddress()));
                bytesIn.addAndGet(d.length);
                sent++;
                if (sent % WINDOW == 0) {
                    // paced: the server has read all but a window, so the kernel never drops one
                    long mustHaveRead = inBase + sent - WINDOW;
                    Udp.await(() -> server.counters().datagramsIn() >= mustHaveRead, WAIT,
                            () -> server.counters().toString());
                    for (Udp s : sources) {
                        s.drain();
                    }
                }
                if (i == n) {
                    half.countDown();
                }
                if (i == 2 * n - 2 * n / 10) {
                    // keep the last tenth back until the legitimate client is through
                    assertTrue(legitimateDone.await(60, TimeUnit.SECONDS));
                }
            }
            awaitHandled(server, template);
            for (Udp s : sources) {
                s.drain();
                bytesOut.addAndGet(s.bytesReceived());
            }
        } finally {
            for (Udp s : sources) {
                s.close();
            }
        }
    }
}
