package org.dtls4j.cli.pipe;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The longest a tunnel session may live before it is closed ({@code --time-limit 10m}), or a
 * range to pick from at random for each session ({@code --time-limit 5m-10m}) so that sessions
 * do not all end together.
 *
 * @param min the shortest lifetime
 * @param max the longest lifetime, {@code >= min}
 */
public record TimeLimit(Duration min, Duration max) {

    public TimeLimit {
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("time limit needs 0 < min <= max, got " + min + ".." + max);
        }
    }

    /** One session's lifetime: {@code min} when fixed, else uniform in {@code [min, max]}. */
    public Duration pick(RandomGenerator random) {
        long span = max.toNanos() - min.toNanos();
        return span == 0 ? min : min.plusNanos(random.nextLong(span + 1));
    }
}
