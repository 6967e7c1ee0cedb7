package org.dtls4j.transport.flood;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.transport.DtlsConnection;
import org.dtls4j.transport.DtlsServer;
import org.dtls4j.transport.ServerCounters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * RFC 6347 §4.2.8 under attack: ClientHellos with message_seq 0 from the address and port of a
 * peer the server already holds. "If a server receives a ClientHello with a valid cookie, it
 * SHOULD proceed with the handshake but MUST NOT destroy the existing association until the
 * client has demonstrated reachability either by completing a cookie exchange or by completing a
 * complete handshake". An off-path attacker can forge the source address but never sees the
 * HelloVerifyRequest, so whatever it sends must leave the association alone; the real client,
 * restarted, passes the cookie and gets a fresh handshake.
 *
 * <p>The spoofed datagrams are sent from the client's own socket, which is exactly what a forged
 * source address looks like to the server.
 */
@Timeout(60)
class NewAssociationAttackTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int SPOOFED = 1_000;

    /**
     * Spoofed hellos while the real handshake runs: each is answered with a HelloVerifyRequest (to
     * the real client, who ignores it) and the handshake goes on. The forged hellos keep the record
     * sequence numbers a fresh client uses; the next test forges a high one.
     */
    @Test
    void spoofedHellosDuringTheHandshakeDoNotDisturbIt() throws Exception {
        Random random = new Random(42);
        try (DtlsServer server = DtlsServer.bind(LOOPBACK, Peers.ecdsaServer().build());
             EngineClient client = new EngineClient(server.localAddress())) {
            client.start(Peers.ecdsaClient());
            assertTrue(client.stallAfterCookie(WAIT));
            Udp.await(() -> server.counters().handshakesStarted() == 1, WAIT, () -> server.counters().toString());

            byte[] template = Hellos.cookieless(Peers.ecdsaClient());
            for (int i = 0; i < 100; i++) {
                byte[] fresh = Hellos.withNewRandom(template, random);
                client.sendRaw(switch (i % 4) {
                    case 0 -> fresh;
                    case 1 -> withGuessedCookie(fresh, random);
                    case 2 -> Hellos.withUnknownSession(fresh, random);
                    default -> firstFragment(fresh);
                });
            }
            Udp.await(() -> server.counters().datagramsIn() >= 2 + 100, WAIT, () -> server.counters().toString());

            // the client reads the stray HelloVerifyRequests too, and its handshake goes on
            assertEquals(EngineState.CONNECTED, client.handshake(WAIT), () -> "client: " + client.engine().failure()
                    + " " + client.engine().counters() + "; server " + server.counters());
            DtlsConnection c = server.accept(WAIT);
            assertNotNull(c);
            roundTrip(client, c, "after the spoofing");
            ServerCounters counters = server.counters();
            assertEquals(1, counters.handshakesStarted(), counters::toString);
            assertEquals(75, counters.knownPeerHelloVerifies(), counters::toString);
            assertEquals(0, counters.associationsReplaced(), counters::toString);
            assertEquals(0, counters.handshakesFailed(), counters::toString);
        }
    }

    /**
     * One spoofed cookie-less hello with record sequence number 2^47 during the handshake. The
     * server answers it, as RFC 6347 §4.2.1 requires, with a HelloVerifyRequest carrying the same
     * number. The real client's record layer used to move its epoch-0 replay window there before
     * its handshake layer ignored the late HelloVerifyRequest, and from then on dropped the server's
     * genuine epoch-0 records (ChangeCipherSpec, retransmissions) as replays; epoch 0 now has no
     * replay window. The engine-level test is {@code EpochZeroReplayWindowTest} in dtls-handshake.
     */
    @Test
    void aSpoofedHelloWithAHighSequenceNumberDoesNotStallTheHandshake() throws Exception {
        try (DtlsServer server = DtlsServer.bind(LOOPBACK, Peers.ecdsaServer().build());
             EngineClient client = new EngineClient(server.localAddress())) {
            client.start(Peers.ecdsaClient());
            assertTrue(client.stallAfterCookie(WAIT));
            Udp.await(() -> server.counters().handshakesStarted() == 1, WAIT, () -> server.counters().toString());
            byte[] spoofed = Hellos.withNewRandom(Hellos.cookieless(Peers.ecdsaClient()), new Random(1));
            spoofed[5] = (byte) 0x80; // record sequence number 2^47
            client.sendRaw(spoofed);
            Udp.await(() -> server.counters().knownPeerHelloVerifies() == 1, WAIT, () -> server.counters().toString());
            assertEquals(EngineState.CONNECTED, client.handshake(WAIT), () -> "client: " + client.engine().failure()
                    + " " + client.engine().counters());
        }
    }

    @Test
    void aThousandSpoofedHellosLeaveTheAssociationAlone() throws Exception {
        Random random = new Random(4_2_8);
        try (DtlsServer server = DtlsServer.bind(LOOPBACK, Peers.ecdsaServer().build());
             EngineClient client = new EngineClient(server.localAddress())) {
            client.start(Peers.ecdsaClient());
            assertEquals(EngineState.CONNECTED, client.handshake(WAIT));
            DtlsConnection connection = server.accept(WAIT);
            assertNotNull(connection);
            roundTrip(client, connection, "before");

            byte[] template = Hellos.cookieless(Peers.ecdsaClient());
            long bytesSent = 0;
            long bytesAnswered = 0;
            try (Udp sentinel = new Udp()) {
                for (int batch = 0; batch < SPOOFED / 100; batch++) {
                    for (int i = 0; i < 100; i++) {
                        byte[] d = spoof(template, batch * 100 + i, random);
                        client.sendRaw(d);
                        bytesSent += d.length;
                    }
                    // the server reads in order on one thread: once a stranger's hello is answered,
                    // everything sent before it has been handled and its answers are in our socket
                    sentinel.send(template, server.localAddress());
                    assertNotNull(sentinel.receive(WAIT), "the server stopped answering");
                    for (byte[] d : client.udp().drainAll()) {
                        assertTrue(Hellos.isOnlyHelloVerifyRequest(d),
                                "a spoofed hello got something else than a HelloVerifyRequest: " + d.length + " bytes");
                        bytesAnswered += d.length;
                    }
                }
            }
            ServerCounters after = server.counters();
            assertTrue(bytesAnswered <= bytesSent, bytesAnswered + " bytes answered " + bytesSent);
            assertEquals(0, after.associationsReplaced(), after::toString);
            assertEquals(1, after.handshakesStarted(), after::toString);
            assertTrue(after.knownPeerHelloVerifies() > 0, after::toString);
            assertTrue(connection.isOpen());
            assertEquals(1, server.peerCount());
            roundTrip(client, connection, "after " + SPOOFED + " spoofed hellos");
        }
    }

    @Test
    void aRestartedClientKeepsTheOldAssociationUntilItReturnsTheCookie() throws Exception {
        try (DtlsServer server = DtlsServer.bind(LOOPBACK, Peers.pskServer().build());
             EngineClient client = new EngineClient(server.localAddress())) {
            client.start(Peers.pskClient());
            assertEquals(EngineState.CONNECTED, client.handshake(WAIT));
            DtlsConnection first = server.accept(WAIT);
            assertNotNull(first);
            roundTrip(client, first, "first");

            // the client restarts on the same port; its first hello gets a HelloVerifyRequest...
            client.start(Peers.pskClient());
            byte[] verify = client.awaitHandshakeMessage(Hellos.HELLO_VERIFY_REQUEST, WAIT);
            assertNotNull(verify);
            // ...and until it answers, the old association stands (RFC 6347 §4.2.8)
            assertTrue(first.isOpen());
            assertEquals(0, server.counters().associationsReplaced());
            assertEquals(1, server.peerCount());

            client.deliver(verify);
            assertEquals(EngineState.CONNECTED, client.handshake(WAIT), () -> "client: " + client.engine().failure());
            DtlsConnection second = server.accept(WAIT);
            assertNotNull(second, "the fresh handshake did not complete");
            assertNotSame(first, second);
            // the old association ends on its connection worker, a moment after the table replaced it
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (first.isOpen() && System.nanoTime() - deadline < 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
            assertFalse(first.isOpen());
            assertEquals(1, server.counters().associationsReplaced());
            roundTrip(client, second, "second");
        }
    }

    /**
     * A hello with a new random as an attacker forges it: without a cookie (it never sees the
     * HelloVerifyRequest), with a guessed cookie, asking to resume an unknown session, fragmented,
     * or mutated.
     */
    private static byte[] spoof(byte[] template, int i, Random random) {
        byte[] fresh = Hellos.withNewRandom(template, random);
        return switch (i % 5) {
            case 0 -> fresh;
            case 1 -> withGuessedCookie(fresh, random);
            case 2 -> Hellos.withUnknownSession(fresh, random);
            case 3 -> Hellos.mutate(fresh, random);
            default -> firstFragment(fresh);
        };
    }

    /** The hello with a 32-byte cookie of random bytes in place of its empty one. */
    private static byte[] withGuessedCookie(byte[] hello, Random random) {
        // record 13 + handshake 12 + version 2 + random 32, session_id<0..32>, then cookie<0..255>
        int at = 59 + 1 + (hello[59] & 0xFF);
        byte[] cookie = new byte[32];
        random.nextBytes(cookie);
        byte[] d = new byte[hello.length + 32];
        System.arraycopy(hello, 0, d, 0, at);
        d[at] = 32;
        System.arraycopy(cookie, 0, d, at + 1, 32);
        System.arraycopy(hello, at + 1, d, at + 33, hello.length - at - 1);
        bump(d, 11, 2, 32);
        bump(d, 14, 3, 32);
        bump(d, 22, 3, 32);
        return d;
    }

    /** The first 40 bytes of the hello's body as fragment 0 of a longer message. */
    private static byte[] firstFragment(byte[] hello) {
        byte[] d = Arrays.copyOf(hello, 25 + 40);
        d[11] = 0;
        d[12] = 12 + 40;
        d[22] = 0;
        d[23] = 0;
        d[24] = 40;
        return d;
    }

    private static void bump(byte[] d, int at, int width, int delta) {
        long v = 0;
        for (int i = 0; i < width; i++) {
            v = v << 8 | (d[at + i] & 0xFF);
        }
        v += delta;
        for (int i = width - 1; i >= 0; i--) {
            d[at + i] = (byte) v;
            v >>>= 8;
        }
    }

    /**
     * One datagram each way. The server handles datagrams in order on one thread, so when the answer
     * is here, everything it sent before has reached the client's engine too.
     */
    static void roundTrip(EngineClient client, DtlsConnection server, String text) throws IOException, InterruptedException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        client.send(b);
        assertArrayEquals(b, server.receive(WAIT));
        server.send((text + " back").getBytes(StandardCharsets.UTF_8));
        assertArrayEquals((text + " back").getBytes(StandardCharsets.UTF_8), client.receiveApplicationData(WAIT));
    }
}
