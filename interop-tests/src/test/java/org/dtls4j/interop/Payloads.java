package org.dtls4j.interop;

import java.util.Random;

/**
 * Application payloads every peer can carry: one line of printable ASCII ending in {@code '\n'}.
 *
 * <p>Why lines: {@code s_server} and {@code s_client} read what they send from stdin and print
 * what they receive to stdout. Why a leading digit: {@code s_server} (when not quiet) treats
 * lines starting with {@code Q}, {@code q}, {@code P} or {@code S}, and the one-letter lines
 * {@code r}, {@code R}, {@code k}, {@code K}, {@code c}, as commands rather than data.
 */
public final class Payloads {

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private Payloads() {
    }

    /** A {@code size}-byte line (at least 2 bytes) from {@code random}: a digit, letters and digits, {@code '\n'}. */
    public static byte[] line(int size, Random random) {
        if (size < 2) {
            throw new IllegalArgumentException("a payload line needs at least 2 bytes: " + size);
        }
        byte[] b = new byte[size];
        b[0] = (byte) ('0' + random.nextInt(10));
        for (int i = 1; i < size - 1; i++) {
            b[i] = (byte) ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        b[size - 1] = '\n';
        return b;
    }
}
