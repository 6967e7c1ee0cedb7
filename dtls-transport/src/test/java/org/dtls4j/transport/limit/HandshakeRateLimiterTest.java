package org.dtls4j.transport.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class HandshakeRateLimiterTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void burstUpToTheRateThenRefusedUntilTokensAreEarned() throws Exception {
        HandshakeRateLimiter limiter = new HandshakeRateLimiter(60, 100); // one per second
        InetAddress a = InetAddress.getByName("192.0.2.1");
        long t = 12_345;
        for (int i = 0; i < 60; i++) {
            assertTrue(limiter.tryAcquire(a, t), "burst " + i);
        }
        assertFalse(limiter.tryAcquire(a, t));
        assertFalse(limiter.tryAcquire(a, t + SECOND - 1));
        assertTrue(limiter.tryAcquire(a, t + SECOND));
        assertFalse(limiter.tryAcquire(a, t + SECOND));
        // fractions of a token are kept: 1.5 s then 0.5 s more earn two tokens in all
        assertTrue(limiter.tryAcquire(a, t + SECOND + SECOND * 3 / 2));
        assertFalse(limiter.tryAcquire(a, t + SECOND + SECOND * 3 / 2));
        assertTrue(limiter.tryAcquire(a, t + 3 * SECOND));
    }

    @Test
    void addressesHaveTheirOwnBuckets() throws Exception {
        HandshakeRateLimiter limiter = new HandshakeRateLimiter(1, 100);
        InetAddress a = InetAddress.getByName("192.0.2.1");
        InetAddress b = InetAddress.getByName("192.0.2.2");
        assertTrue(limiter.tryAcquire(a, 0));
        assertFalse(limiter.tryAcquire(a, 0));
        assertTrue(limiter.tryAcquire(b, 0));
    }

    @Test
    void aLongPauseRefillsOnlyToTheBurst() throws Exception {
        HandshakeRateLimiter limiter = new HandshakeRateLimiter(3, 100);
        InetAddress a = InetAddress.getByName("192.0.2.1");
        for (int i = 0; i < 3; i++) {
            assertTrue(limiter.tryAcquire(a, 0));
        }
        long hourLater = 3600 * SECOND;
        for (int i = 0; i < 3; i++) {
            assertTrue(limiter.tryAcquire(a, hourLater));
        }
        assertFalse(limiter.tryAcquire(a, hourLater));
    }

    @Test
    void theTableIsBounded() throws Exception {
        HandshakeRateLimiter limiter = new HandshakeRateLimiter(1, 10);
        for (int i = 0; i < 1000; i++) {
            limiter.tryAcquire(InetAddress.getByAddress(new byte[] {10, 0, (byte) (i >> 8), (byte) i}), 0);
        }
        assertEquals(10, limiter.addresses());
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new HandshakeRateLimiter(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new HandshakeRateLimiter(10, 0));
    }
}
