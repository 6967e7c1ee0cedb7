package org.dtls4j.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * How many new handshakes one IP address may start: at most {@code count} per {@code per}, with
 * bursts up to {@code count} (a token bucket per address), or no limit at all
 * ({@link #OFF}). Written {@code 20/1m} on the command line, as dtlspipe's {@code -rate-limit}.
 *
 * @param count handshakes per window, at least 1; 0 only for {@link #OFF}
 * @param per   the window; {@link Duration#ZERO} only for {@link #OFF}
 */
public record HandshakeRate(int count, Duration per) {
    /** No per-address limit: a load test from one address, or a server behind a trusted relay. */
    public static final HandshakeRate OFF = new HandshakeRate(0, Duration.ZERO);

    public HandshakeRate {
        Objects.requireNonNull(per, "per");
        boolean off = count == 0 && per.isZero();
        if (!off && (count < 1 || per.isNegative() || per.isZero())) {
            throw new IllegalArgumentException("a handshake rate needs a count of at least 1 and a positive window, was "
                    + count + "/" + per);
        }
    }

    /** At most {@code n} per minute. */
    public static HandshakeRate perMinute(int n) {
        return new HandshakeRate(n, Duration.ofMinutes(1));
    }

    public boolean isOff() {
        return count == 0;
    }

    @Override
    public String toString() {
        return isOff() ? "off" : count + "/" + per;
    }
}
