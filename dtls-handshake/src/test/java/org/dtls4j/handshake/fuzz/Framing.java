package org.dtls4j.handshake.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How one fuzz input carries several datagrams: each is a two-byte big-endian length and that many
 * bytes; a length that runs past the end takes what is left. Every byte string splits into some
 * sequence of datagrams, so the fuzzer can never produce an input the target must reject.
 */
final class Framing {
    /** Datagrams taken from one input at most, so one input cannot make a target loop long. */
    static final int MAX_DATAGRAMS = 64;

    private Framing() {
    }

    static List<byte[]> split(byte[] input) {
        List<byte[]> out = new ArrayList<>();
        int at = 0;
        while (at + 2 <= input.length && out.size() < MAX_DATAGRAMS) {
            int length = (input[at] & 0xFF) << 8 | (input[at + 1] & 0xFF);
            int end = Math.min(input.length, at + 2 + length);
            out.add(Arrays.copyOfRange(input, at + 2, end));
            at = end;
        }
        return out;
    }

    static byte[] join(List<byte[]> datagrams) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] d : datagrams) {
            out.write(d.length >>> 8);
            out.write(d.length);
            out.write(d, 0, d.length);
        }
        return out.toByteArray();
    }
}
