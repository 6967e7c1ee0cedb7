package org.dtls4j.transport.flood;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.transport.DtlsClient;
import org.dtls4j.transport.DtlsConnection;
import org.dtls4j.transport.DtlsServer;
import org.dtls4j.transport.ServerCounters;
import org.dtls4j.transport.ServerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 1,000 clients that pass the cookie exchange (so each proved its address and the server built an
 * engine for it, RFC 6347 §4.2.1), send their verified ClientHello, and then go silent. What they
 * cost is bounded twice: in memory per stalled handshake, and in time by the handshake deadline
 * ({@code DtlsConfig.handshakeTimeout}), after which the server forgets them. A legitimate client
 * connects while they are held.
 */
@Timeout(90)
class StalledHandshakeFloodTest {
    private static final System.Logger LOG = System.getLogger(StalledHandshakeFloodTest.class.getName());
    private static final int STALLED = 1_000;
    /** Long enough that all of them are held at once (setting them up takes a few seconds), short for a test. */
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(20);
    /** Clients whose hellos are in flight at once. */
    private static final int BATCH = 16;
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Heap one stalled handshake may hold (engine, ECDHE key, flight kept for retransmission). */
    private static final long PER_HANDSHAKE_BUDGET = 64 * 1024;
    /** Heap the server may keep once every stalled handshake was evicted. */
    private static final long AFTER_EVICTION_BUDGET = 4L * 1024 * 1024;

    @Test
    void stalledHandshakesAreBoundedAndEvictedByTheirDeadline() throws Exception {
        ServerOptions options = ServerOptions.defaults()
                .withMaxConcurrentHandshakes(STALLED + 10)
                .withHandshakesPerMinutePerAddress(100 * STALLED); // every client is on 127.0.0.1
        try (DtlsServer server = DtlsServer.bind(new InetSocketAddress("127.0.0.1", 0),
                Peers.ecdsaServer().handshakeTimeout(HANDSHAKE_TIMEOUT).build(), options)) {
            warmUp();
            long heapBefore = Heap.usedAfterGc();
            List<DatagramSocket> silent = new ArrayList<>();
            try {
                long t0 = System.nanoTime();
                stall(server, STALLED, silent);
                long stalledAt = System.nanoTime();
                Udp.await(() -> server.counters().handshakesStarted() == STALLED, WAIT, () -> server.counters().toString());
                long heapHeld = Heap.usedAfterGc();
                int held = server.peerCount();
                // on a quiet machine all of them are held now; on a very loaded one the first may
                // already have met their deadline while the last were set up
                long expiredWhileSettingUp = server.counters().handshakeTimeouts();

                // a legitimate client gets through while they are held
                byte[] text = "past the stalled ones".getBytes(StandardCharsets.UTF_8);
                try (DtlsConnection client = DtlsClient.connect(server.localAddress(), Peers.ecdsaClient(), WAIT)) {
                    DtlsConnection accepted = server.accept(WAIT);
                    assertNotNull(accepted);
                    client.send(text);
                    assertArrayEquals(text, accepted.receive(WAIT));
                    assertTrue(server.counters().handshakeTimeouts() < STALLED,
                            "the stalled handshakes were gone before the legitimate client came");

                    Udp.await(() -> server.counters().handshakeTimeouts() == STALLED,
                            HANDSHAKE_TIMEOUT.plus(WAIT), () -> server.counters().toString());
                    long evictedAfter = (System.nanoTime() - stalledAt) / 1_000_000;
                    long heapAfter = Heap.usedAfterGc();
                    ServerCounters c = server.counters();
                    long perHandshake = (heapHeld - heapBefore) / Math.max(1, held);
                    LOG.log(System.Logger.Level.INFO, String.format("%d stalled handshakes set up in %d ms; %d peers held "
                            + "(%d already expired); "
                            + "used heap after GC %s -> %s held (%d bytes per stalled handshake) -> %s after eviction "
                            + "(%+d bytes); all evicted %d ms after the last one stalled (deadline %d ms); %s", STALLED,
                            (stalledAt - t0) / 1_000_000, held, expiredWhileSettingUp, Heap.mb(heapBefore),
                            Heap.mb(heapHeld), perHandshake, Heap.mb(heapAfter), heapAfter - heapBefore, evictedAfter, HANDSHAKE_TIMEOUT.toMillis(), c));
                    assertEquals(STALLED, held + expiredWhileSettingUp, "a stalled handshake left before its deadline");
                    assertTrue(held >= STALLED / 2, "only " + held + " held at once");
                    assertTrue(perHandshake < PER_HANDSHAKE_BUDGET, perHandshake + " bytes per stalled handshake");
                    assertEquals(1, server.peerCount(), "only the legitimate client is left");
                    assertEquals(0, c.handshakesInProgress(), c::toString);
                    assertEquals(STALLED, c.handshakesFailed(), c::toString);
                    assertTrue(heapAfter - heapBefore < AFTER_EVICTION_BUDGET, (heapAfter - heapBefore) + " bytes kept");
                    // the legitimate connection outlived them all
                    client.send(text);
                    assertArrayEquals(text, accepted.receive(WAIT));
                }
            } finally {
                for (DatagramSocket s : silent) {
                    s.close();
                }
            }
        }
    }

    /** Loads and compiles the code paths on a throwaway server, so the baseline heap is a steady one. */
    private static void warmUp() throws IOException {
        List<DatagramSocket> sockets = new ArrayList<>();
        try (DtlsServer server = DtlsServer.bind(new InetSocketAddress("127.0.0.1", 0), Peers.ecdsaServer().build())) {
            stall(server, 50, sockets);
        } finally {
            for (DatagramSocket s : sockets) {
                s.close();
            }
        }
    }

    /**
     * {@code n} clients, one socket each: cookie-less hello, HelloVerifyRequest, hello with the
     * cookie, the first datagram of the server's answer, then silence. They go in batches (all
     * hellos of a batch, then all answers), so the server's CPU, not the round trips, sets the pace
     * (waiting for the answer keeps the batch within what the handshake workers take on, rather
     * than a storm they shed), and a batch always fits the server's socket buffer. The sockets stay open (so no later socket reuses a port) and are never read again;
     * the client engines are dropped, so the heap holds only the server's side.
     */
    private static void stall(DtlsServer server, int n, List<DatagramSocket> keep) throws IOException {
        byte[] buffer = new byte[2048];
        DtlsConfig config = Peers.ecdsaClient();
        for (int first = 0; first < n; first += BATCH) {
            List<DatagramSocket> sockets = new ArrayList<>();
            List<DtlsEngine> engines = new ArrayList<>();
            for (int i = first; i < Math.min(n, first + BATCH); i++) {
                DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
                keep.add(s);
                sockets.add(s);
                s.connect(server.localAddress());
                s.setSoTimeout((int) WAIT.toMillis());
                DtlsEngine engine = DtlsEngine.client(config, new SecureRandom());
                engine.start(System.nanoTime());
                engines.add(engine);
                byte[] hello = Hellos.bytes(engine.pollDatagram());
                s.send(new DatagramPacket(hello, hello.length));
            }
            for (int i = 0; i < sockets.size(); i++) {
                DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                try {
                    sockets.get(i).receive(p);
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("no HelloVerifyRequest for stalled client " + (first + i) + ": "
                            + server.counters(), e);
                }
                byte[] verify = Arrays.copyOf(buffer, p.getLength());
                assertTrue(Hellos.isOnlyHelloVerifyRequest(verify));
                engines.get(i).receive(verify, System.nanoTime());
                byte[] verified = Hellos.bytes(engines.get(i).pollDatagram());
                sockets.get(i).send(new DatagramPacket(verified, verified.length));
            }
            for (int i = 0; i < sockets.size(); i++) {
                DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                try {
                    sockets.get(i).receive(p); // the first datagram of the server's flight: its engine runs
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("no ServerHello for stalled client " + (first + i) + ": "
                            + server.counters(), e);
                }
            }
        }
    }
}
