package org.dtls4j.transport.limit;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dtls4j.transport.HandshakeRate;

/**
 * A token bucket per source address: at most {@code rate.count()} new handshakes from one IP
 * address per {@code rate.per()}, with bursts up to the same number; {@link HandshakeRate#OFF}
 * admits everything and remembers nothing.
 *
 * <p>It is consulted only after the cookie exchange has proven that the address is real (RFC 6347
 * §4.2.1), so a spoofing attacker cannot fill the table with invented addresses. The table is
 * still bounded: beyond {@code maxAddresses} the address heard from least recently is forgotten,
 * which only ever hands it a fresh, full bucket.
 *
 * <p>Time is a value passed in ({@code nowNanos}); not thread-safe (the server's I/O thread owns it).
 */
public final class HandshakeRateLimiter {
    private final int burst;
    private final long nanosPerToken;
    private final Map<InetAddress, Bucket> buckets;

    private static final class Bucket {
        long tokens;
        long updatedAt;
    }

    /** At most {@code perMinute} per minute; see {@link #HandshakeRateLimiter(HandshakeRate, int)}. */
    public HandshakeRateLimiter(int perMinute, int maxAddresses) {
        this(HandshakeRate.perMinute(perMinute), maxAddresses);
    }

    /**
     * @param rate handshakes per window and burst size
     * @param maxAddresses how many addresses are remembered, at least 1
     */
    public HandshakeRateLimiter(HandshakeRate rate, int maxAddresses) {
        if (maxAddresses < 1) {
            throw new IllegalArgumentException("maxAddresses must be at least 1, was " + maxAddresses);
        }
        this.burst = rate.count();
        this.nanosPerToken = rate.isOff() ? 0 : Math.max(1, rate.per().toNanos() / rate.count());
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
        if (burst == 0) {
            return true;
        }
        Bucket b = buckets.get(address);
        if (b == null) {
            b = new Bucket();
            b.tokens = burst;
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
        if (earned >= burst - b.tokens) {
            b.tokens = burst;
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
