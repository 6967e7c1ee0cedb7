package org.dtls4j.handshake.message;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import org.dtls4j.codec.DecodeException;

/**
 * Shared helpers of the message codecs.
 *
 * <p>Field rules live in one place, the constructors, which throw {@link IllegalArgumentException}.
 * A decoder builds its value through {@link #decoded}, so a rule broken by the peer's bytes
 * becomes a {@link DecodeException} instead of being written a second time.
 */
final class Checks {
    private Checks() {
    }

    static <T> T decoded(String what, Supplier<T> construct) throws DecodeException {
        try {
            return construct.get();
        } catch (IllegalArgumentException e) {
            throw new DecodeException(what + ": " + e.getMessage());
        }
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * Fails with {@code message + value}; the message is built only on failure, because these
     * checks run on every message decoded and most of them pass.
     */
    static void require(boolean condition, String message, long value) {
        if (!condition) {
            throw new IllegalArgumentException(message + value);
        }
    }

    /** A copy of {@code b}, checked to be at most {@code max} bytes long. */
    static byte[] copy(byte[] b, int max, String what) {
        if (b.length > max) {
            throw new IllegalArgumentException(what + " longer than " + max + " bytes: " + b.length);
        }
        return b.clone();
    }

    /** An immutable copy of a list of unsigned integers, each at most {@code max}. */
    static List<Integer> codes(List<Integer> values, int max, String what) {
        List<Integer> copy = List.copyOf(values);
        for (int v : copy) {
            if (v < 0 || v > max) {
                throw new IllegalArgumentException(what + " out of range: " + v);
            }
        }
        return copy;
    }

    /** An immutable deep copy of a list of byte strings. */
    static List<byte[]> copyAll(List<byte[]> values) {
        return values.stream().map(byte[]::clone).toList();
    }

    static boolean equalAll(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    static int hashAll(List<byte[]> values) {
        int h = 1;
        for (byte[] v : values) {
            h = 31 * h + Arrays.hashCode(v);
        }
        return h;
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    static String hex16(int v) {
        return String.format("0x%04x", v);
    }
}
