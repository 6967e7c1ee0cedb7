package org.dtls4j.transport.flood;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.transport.DtlsServer;
import org.dtls4j.transport.ServerCounters;

/**
 * RFC 6347 §4.2.1 on a real socket: "An attacker can use the server as an amplifier by sending
 * connection initiation messages with a forged source of the victim." A raw UDP client on
 * loopback, standing in for the victim's forged address, sends ClientHellos (fresh, resumption
 * attempts with an unknown session_id, mutated) and garbage to a certificate server, and counts
 * what comes back: never more bytes than it sent, and only HelloVerifyRequests, so no certificate
 * ever goes to an address that has not returned a cookie.
 */
class AmplificationOnLoopbackTest {
    private static final System.Logger LOG = System.getLogger(AmplificationOnLoopbackTest.class.getName());
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static DtlsServer server;
    private static Udp victim;
    private static DtlsConfig clientConfig;
    private static byte[] template;

    @BeforeContainer
    static void bind() throws IOException {
        // session cache on (the default), so resumption attempts meet a server that can resume
        server = DtlsServer.bind(new InetSocketAddress("127.0.0.1", 0), Peers.ecdsaServer().build());
        victim = new Udp();
        clientConfig = Peers.ecdsaClient();
        template = Hellos.cookieless(clientConfig);
    }

    @AfterContainer
    static void close() throws IOException {
        ServerCounters c = server.counters();
        LOG.log(System.Logger.Level.INFO, String.format("unverified address: %d datagrams / %d bytes sent, %d datagrams /"
                + " %d bytes answered (ratio %.3f); %d HelloVerifyRequests, %d drops, %d oversized, %d peers created",
                victim.datagramsSent(), victim.bytesSent(), victim.datagramsReceived(), victim.bytesReceived(),
                (double) victim.bytesReceived() / victim.bytesSent(), c.cookieVerifies(), c.cookieDrops(),
                c.oversizedDropped(), c.handshakesStarted()));
        victim.close();
        server.close();
    }

    enum Shape { FRESH_HELLO, UNKNOWN_SESSION, MUTATED_HELLO, MUTATED_RESUMPTION, GARBAGE }

    @Property(tries = 1000)
    void anUnverifiedAddressGetsNoMoreBytesThanItSent(@ForAll Shape shape, @ForAll @IntRange(max = 3) int extraMutations,
                                                      @ForAll long seed) throws IOException {
        Random random = new Random(seed);
        byte[] d = switch (shape) {
            case FRESH_HELLO -> Hellos.withNewRandom(template, random);
            case UNKNOWN_SESSION -> Hellos.withUnknownSession(Hellos.withNewRandom(template, random), random);
            case MUTATED_HELLO -> Hellos.mutate(Hellos.withNewRandom(template, random), random);
            case MUTATED_RESUMPTION -> Hellos.mutate(Hellos.withUnknownSession(template, random), random);
            case GARBAGE -> Hellos.garbage(random, 1_500);
        };
        boolean wellFormed = shape == Shape.FRESH_HELLO || shape == Shape.UNKNOWN_SESSION;
        for (int i = 0; i < extraMutations && d.length > 0 && !wellFormed; i++) {
            d = Hellos.mutate(d, random);
        }
        long sentBefore = victim.bytesSent();
        long receivedBefore = victim.bytesReceived();
        long datagramsBefore = victim.datagramsReceived();
        ServerCounters before = server.counters();
        assertTrue(victim.send(d, server.localAddress()));

        // every datagram the server reads ends in a verify, a drop or the oversize counter
        Udp.await(() -> accounted(server.counters()) == accounted(before) + 1, WAIT, () -> server.counters().toString());
        ServerCounters after = server.counters();
        long answers = after.cookieVerifies() - before.cookieVerifies();
        Udp.await(() -> server.counters().datagramsOut() + server.counters().sendFailures() == after.cookieVerifies(),
                WAIT, () -> server.counters().toString());
        for (long i = 0; i < answers; i++) {
            byte[] answer = victim.receive(WAIT);
            assertNotNull(answer, "the HelloVerifyRequest counted by the server did not arrive");
            assertTrue(Hellos.isOnlyHelloVerifyRequest(answer), "not a lone HelloVerifyRequest: " + answer.length + " bytes");
        }
        assertEquals(0, victim.drain(), "an answer the server did not count as a HelloVerifyRequest");

        long in = victim.bytesSent() - sentBefore;
        long out = victim.bytesReceived() - receivedBefore;
        assertTrue(out <= in, shape + ": " + out + " bytes answered " + in);
        assertTrue(victim.datagramsReceived() - datagramsBefore <= 1);
        assertEquals(0, server.peerCount(), "state for an unverified address");
        assertEquals(0, after.handshakesStarted());
        if (wellFormed) {
            assertEquals(1, answers, shape + " must be answered");
        }
    }

    private static long accounted(ServerCounters c) {
        return c.cookieVerifies() + c.cookieDrops() + c.oversizedDropped();
    }
}
