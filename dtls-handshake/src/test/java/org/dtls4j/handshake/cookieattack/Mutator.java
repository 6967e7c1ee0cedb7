package org.dtls4j.handshake.cookieattack;

import java.util.Arrays;
import java.util.Random;

/**
 * Byte-level mutations of a datagram, the kind a fuzzer makes: flip a bit, overwrite a byte,
 * poke a length field, cut, extend, duplicate a slice, splice in another datagram. Repeatable
 * from the {@link Random} it is given.
 */
final class Mutator {
    /** The offsets of length fields in a one-record handshake datagram: record length, length, fragment_length. */
    private static final int[] LENGTH_FIELDS = {11, 14, 22};

    private Mutator() {
    }

    static byte[] mutate(byte[] original, byte[] other, int rounds, Random random) {
        byte[] d = original.clone();
        for (int i = 0; i < rounds; i++) {
            d = once(d, other, random);
        }
        return d;
    }

    private static byte[] once(byte[] d, byte[] other, Random random) {
        int op = random.nextInt(8);
        if (d.length == 0 && op <= 4) {
            op = 5;
        }
        switch (op) {
            case 0 -> d[random.nextInt(d.length)] ^= (byte) (1 << random.nextInt(8));
            case 1 -> d[random.nextInt(d.length)] = (byte) random.nextInt(256);
            case 2 -> {
                int at = LENGTH_FIELDS[random.nextInt(LENGTH_FIELDS.length)];
                if (at < d.length) {
                    d[at] = (byte) (random.nextBoolean() ? 0xFF : d[at] + random.nextInt(5) - 2);
                }
            }
            case 3 -> d = Arrays.copyOf(d, random.nextInt(d.length));
            case 4 -> {
                int from = random.nextInt(d.length);
                int len = Math.min(d.length - from, 1 + random.nextInt(64));
                d = Wire.concat(d, Arrays.copyOfRange(d, from, from + len));
            }
            case 5 -> {
                byte[] tail = new byte[1 + random.nextInt(256)];
                random.nextBytes(tail);
                d = Wire.concat(d, tail);
            }
            case 6 -> {
                int cut = random.nextInt(d.length + 1);
                int otherCut = random.nextInt(other.length + 1);
                d = Wire.concat(Arrays.copyOf(d, cut), Arrays.copyOfRange(other, otherCut, other.length));
            }
            default -> d = Wire.concat(d, other);
        }
        return d;
    }
}
