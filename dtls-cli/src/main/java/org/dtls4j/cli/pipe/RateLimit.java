package org.dtls4j.cli.pipe;

import java.time.Duration;
import java.util.Objects;

/**
 * At most {@code count} new sessions per {@code per}, counted for each source address on the
 * tunnel's server side ({@code --rate-limit 20/1m}).
 *
 * @param count how many
 * @param per   in how long a window
 */
public record RateLimit(int count, Duration per) {

    public RateLimit {
        Objects.requireNonNull(per, "per");
        if (count < 1 || per.isNegative() || per.isZero()) {
            throw new IllegalArgumentException("rate limit needs count >= 1 and a positive window");
        }
    }

    /** The same rate in new sessions per minute, rounded up, at least 1. */
    public int perMinute() {
        double perMinute = count * (60_000_000_000.0 / per.toNanos());
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.ceil(perMinute)));
    }

    @Override
    public String toString() {
        return count + "/" + per;
    }
}
