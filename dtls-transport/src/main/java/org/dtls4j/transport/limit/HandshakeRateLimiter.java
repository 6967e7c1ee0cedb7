package org.dtls4j.transport.limit;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per source address: at most {@code perMinute} new handshakes from one IP address
 * per minute, with bursts up to the same number.
 *
 * <p>It is consulted only after the cookie exchange has proven that the address is real (RFC 6347
 * §4.2.1), so a spoofing attacker cannot fill the table with invented addresses. The table is
 * still bounded: beyond {@code maxAddresses} the address heard from least recently is forgotten,
 * which only ever hands it a fresh, full bucket.
 *
 * <p>Time is a value passed in ({@code nowNanos}); not thread-safe (the server's I/O thread owns it).
 */
public final class HandshakeRateLimiter {
    private static final long MINUTE_NANOS = 60_000_000_000L;

    private final int perMinute;
    private final long nanosPerToken;
    private final Map<InetAddress, Bucket> buckets;

    private static final class Bucket {
        long tokens;
        long updatedAt;
    }

    /**
     * @param perMinute handshakes per minute and burst size, at least 1
     * @param maxAddresses how many addresses are remembered, at least 1
     */
    public HandshakeRateLimiter(int perMinute, int maxAddresses) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("handshakes per minute must be at least 1, was " + perMinute);
        }
        if (maxAddresses < 1) {
            throw new IllegalArgumentException("maxAddresses must be at least 1, was " + maxAddresses);
        }
        this.perMinute = perMinute;
        this.nanosPerToken = Math.max(1, MINUTE_NANOS / perMinute);
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<InetAddress, Bucket> eldest) {
                return size() > maxAddresses;
            }
        };
    }

    /** Takes one token for {@code address}; false when its bucket is empty. */
    public boolean tryAcquire(InetAddress address, long nowNanos) {
        Bucket b = buckets.get(address);
        if (b == null) {
            b = new Bucket();
            b.tokens = perMinute;
            b.updatedAt = nowNanos;
            buckets.put(address, b);
        } else {
            refill(b, nowNanos);
        }
        if (b.tokens == 0) {
            return false;
        }
        b.tokens--;
        return true;
    }

    private void refill(Bucket b, long nowNanos) {
        long elapsed = nowNanos - b.updatedAt;
        if (elapsed <= 0) {
            return;
        }
        long earned = elapsed / nanosPerToken;
        if (earned == 0) {
            return;
        }
        if (earned >= perMinute - b.tokens) {
            b.tokens = perMinute;
            b.updatedAt = nowNanos;
        } else {
            b.tokens += earned;
            b.updatedAt += earned * nanosPerToken; // keep the fraction of a token already earned
        }
    }

    /** How many addresses are remembered now. */
    public int addresses() {
        return buckets.size();
    }
}
