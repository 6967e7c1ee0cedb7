package org.dtls4j.record;

/**
 * A scratch array that starts empty and grows, in steps of {@value #STEP} bytes so that a few
 * sizes cover all records, to the largest size asked for so far, never past a cap. An idle
 * connection whose records fit one path MTU so keeps about 1.5 KB instead of the 16 to 18 KB the
 * largest record would need. Not thread-safe.
 */
final class ScratchBuffer {
    static final int STEP = 512;

    private final int cap;
    private byte[] bytes = new byte[0];

    /** @param cap the largest size ever asked for: the largest record the caller's checks let through */
    ScratchBuffer(int cap) {
        this.cap = cap;
    }

    /** The array, at least {@code needed} bytes long ({@code needed} at most the cap). */
    byte[] atLeast(int needed) {
        if (bytes.length < needed) {
            int rounded = (needed + STEP - 1) / STEP * STEP;
            bytes = new byte[Math.min(rounded, cap)];
        }
        return bytes;
    }
}
