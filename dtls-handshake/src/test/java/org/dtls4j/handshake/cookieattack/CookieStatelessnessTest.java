package org.dtls4j.handshake.cookieattack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import org.dtls4j.crypto.JcaProviders;
import org.dtls4j.handshake.cookie.CookieExchange;
import org.junit.jupiter.api.Test;

/**
 * RFC 6347 §4.2.1: "The DTLS server SHOULD generate cookies in such a way that they can be
 * verified without retaining any per-client state on the server." Shown on 100,000 distinct
 * source addresses: what the exchange keeps reachable does not change, and the memory one check
 * allocates (and leaves to the garbage collector) is the same for the first peers as for the last.
 */
class CookieStatelessnessTest {
    private static final System.Logger LOG = System.getLogger(CookieStatelessnessTest.class.getName());
    private static final int PEERS = 100_000;
    private static final int SAMPLE = 2_000;

    /** The n-th distinct source: 127.x.y.z with a port from n, never the same pair twice. */
    private static InetSocketAddress source(int n) {
        return Wire.peer(new byte[] {127, (byte) (n >>> 16), (byte) (n >>> 8), (byte) n}, 1024 + n % 60_000);
    }

    @Test
    void nothingIsRetainedPerPeer() {
        CookieExchange exchange = new CookieExchange(new SecureRandom(), Duration.ofSeconds(30), JcaProviders.defaults());
        byte[] hello = Wire.datagram(Wire.hello(1));
        // the first check makes the secret: measure after it
        assertInstanceOf(CookieExchange.Verify.class, exchange.check(hello, 0, hello.length, source(0), 0));
        ObjectGraph.Size before = ObjectGraph.of(exchange);
        long beforeHeap = Memory.usedHeapAfterGc();

        for (int n = 1; n <= PEERS; n++) {
            byte[] d = n % 3 == 0 ? Wire.datagram(Wire.hello(n)) : hello;
            assertInstanceOf(CookieExchange.Verify.class, exchange.check(d, 0, d.length, source(n), n));
        }

        long afterHeap = Memory.usedHeapAfterGc();
        ObjectGraph.Size after = ObjectGraph.of(exchange);
        LOG.log(System.Logger.Level.INFO, "cookie exchange after " + PEERS + " distinct peers: reachable " + before
                + " -> " + after + "; used heap after GC " + beforeHeap + " -> " + afterHeap + " bytes");
        assertEquals(before, after, "the exchange keeps something per peer");
        assertEquals(PEERS + 1, exchange.counters().verifies());
        // 100,000 peers at even one 16-byte object each would be 1.6 MB; the exchange is a few hundred bytes
        assertTrue(afterHeap - beforeHeap < 1_000_000, "used heap grew by " + (afterHeap - beforeHeap) + " bytes");
    }

    @Test
    void allocationPerCheckIsTheSameForTheFirstAndTheLastPeers() {
        CookieExchange exchange = new CookieExchange(new SecureRandom(), Duration.ofSeconds(30), JcaProviders.defaults());
        byte[] hello = Wire.datagram(Wire.hello(2));
        warmUp(exchange, hello);
        long first = bytesPerCheck(exchange, hello, 0);
        bytesPerCheck(exchange, hello, SAMPLE);
        for (int n = 2 * SAMPLE; n < PEERS - SAMPLE; n++) {
            exchange.check(hello, 0, hello.length, source(n), 0);
        }
        long last = bytesPerCheck(exchange, hello, PEERS - SAMPLE);
        LOG.log(System.Logger.Level.INFO, "cookie check allocation: " + first + " bytes per check over peers 0.."
                + SAMPLE + ", " + last + " bytes per check over the last " + SAMPLE + " of " + PEERS);
        // the HMAC, the decoded hello and the answer: garbage of about the same size every time (the
        // JIT may still remove some of it between the two samples, so only growth is an error)
        assertTrue(last - first <= Math.max(64, first / 10), first + " then " + last + " bytes per check");
        assertTrue(first < 16_384, first + " bytes per check");
    }

    private static void warmUp(CookieExchange exchange, byte[] hello) {
        for (int i = 0; i < 20_000; i++) {
            exchange.check(hello, 0, hello.length, source(PEERS + i), 0);
        }
    }

    /** Mean bytes allocated by this thread per check, over {@link #SAMPLE} distinct peers from {@code start}. */
    private static long bytesPerCheck(CookieExchange exchange, byte[] hello, int start) {
        long before = Memory.allocatedByThisThread();
        for (int n = start; n < start + SAMPLE; n++) {
            exchange.check(hello, 0, hello.length, source(n), 0);
        }
        return (Memory.allocatedByThisThread() - before) / SAMPLE;
    }
}
