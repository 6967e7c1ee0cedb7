package org.dtls4j.cli.pipe;

import java.math.BigInteger;
import java.util.random.RandomGenerator;

/** Uniform draws below a bound that may exceed a {@code long}: an IPv6 prefix holds up to 2^128 addresses. */
final class Uniform {
    private Uniform() {
    }

    /**
     * A number drawn uniformly from {@code [0, bound)}. A bound that fits in a {@code long} takes one
     * {@link RandomGenerator#nextLong(long)}; a larger one draws as many random bits as the bound
     * has and draws again when the result is too large (fewer than half the draws, on average).
     */
    static BigInteger below(BigInteger bound, RandomGenerator random) {
        if (bound.signum() <= 0) {
            throw new IllegalArgumentException("bound must be positive, was " + bound);
        }
        if (bound.bitLength() < Long.SIZE) {
            return BigInteger.valueOf(random.nextLong(bound.longValueExact()));
        }
        int bits = bound.bitLength();
        while (true) {
            BigInteger candidate = BigInteger.ZERO;
            for (int have = 0; have < bits; have += Long.SIZE) {
                int take = Math.min(Long.SIZE, bits - have);
                long chunk = random.nextLong() >>> (Long.SIZE - take);
                candidate = candidate.shiftLeft(take).or(new BigInteger(Long.toUnsignedString(chunk)));
            }
            if (candidate.compareTo(bound) < 0) {
                return candidate;
            }
        }
    }
}
