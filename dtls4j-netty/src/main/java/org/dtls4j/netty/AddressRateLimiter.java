package org.dtls4j.netty;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per source IP address: at most {@code count} new handshakes per {@code window}, in
 * bursts of up to {@code count}. It is asked only after the cookie exchange proved the address
 * (RFC 6347 §4.2.1), so spoofed addresses never enter it; beyond {@code maxAddresses} the address
 * heard from least recently is forgotten, which only ever hands it a fresh bucket.
 *
 * <p>The handlers of one group share it from several event loops: every call takes its lock, which
 * costs little next to the handshake it admits.
 */
final class AddressRateLimiter {
    private final int burst;
    private final long nanosPerToken;
    private final Map<InetAddress, long[]> buckets; // {tokens, updatedAt}

    AddressRateLimiter(int count, long windowNanos, int maxAddresses) {
        this.burst = count;
        this.nanosPerToken = count == 0 ? 0 : Math.max(1, windowNanos / count);
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<InetAddress, long[]> eldest) {
                return size() > maxAddresses;
            }
        };
    }

    /** Takes one token for {@code address}; false when its bucket is empty. */
    synchronized boolean tryAcquire(InetAddress address, long nowNanos) {
        if (burst == 0) {
            return true;
        }
        long[] b = buckets.computeIfAbsent(address, a -> new long[] {burst, nowNanos});
        long earned = Math.max(0, nowNanos - b[1]) / nanosPerToken;
        if (earned > 0) {
            b[0] = Math.min(burst, b[0] + earned);
            b[1] = b[0] == burst ? nowNanos : b[1] + earned * nanosPerToken;
        }
        if (b[0] == 0) {
            return false;
        }
        b[0]--;
        return true;
    }

    /** How many addresses are remembered now. */
    synchronized int addresses() {
        return buckets.size();
    }
}
