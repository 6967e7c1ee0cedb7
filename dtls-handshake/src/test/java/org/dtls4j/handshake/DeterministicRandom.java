package org.dtls4j.handshake;

import java.security.SecureRandom;
import java.util.Random;

/** A SecureRandom that repeats from a seed, so simulated handshakes are repeatable. */
public final class DeterministicRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final Random random;

    public DeterministicRandom(long seed) {
        super(new byte[0]);
        this.random = new Random(seed);
    }

    @Override
    public void nextBytes(byte[] bytes) {
        random.nextBytes(bytes);
    }

    @Override
    public int nextInt() {
        return random.nextInt();
    }

    @Override
    public long nextLong() {
        return random.nextLong();
    }

    @Override
    public byte[] generateSeed(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    @Override
    public void setSeed(long seed) {
        // the constructor's seed governs; SecureRandom's constructor calls this before random exists
    }
}
