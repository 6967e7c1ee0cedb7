package org.dtls4j.codec;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * Field checks shared by the codecs of wire structures (RFC 5246 §4 presentation language): the
 * handshake messages and the hello extensions alike.
 *
 * <p>Field rules live in one place, the constructors, which throw {@link IllegalArgumentException}.
 * A decoder builds its value through {@link #decoded}, so a rule broken by the peer's bytes becomes
 * a {@link DecodeException} instead of being written a second time.
 *
 * <p>Why here: the helpers know nothing of TLS, only of byte strings, vectors of codes and the
 * bridge to {@link DecodeException}, so they sit beside {@link ByteReader} and {@link ByteWriter}.
 * Both codec packages of the handshake use them, and those two are layered (the messages embed
 * extensions, never the reverse): a shared copy in either one would make the extensions reach up
 * to the messages, or the messages borrow a helper from the extensions.
 */
public final class Checks {
    private Checks() {
    }

    /**
     * Builds a value from decoded fields; a field rule the constructor enforces becomes a
     * {@link DecodeException} naming {@code what}.
     */
    public static <T> T decoded(String what, Supplier<T> construct) throws DecodeException {
        try {
            return construct.get();
        } catch (IllegalArgumentException e) {
            throw new DecodeException(what + ": " + e.getMessage());
        }
    }

    /** Fails with {@code message} unless {@code condition} holds. */
    public static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * Fails with {@code message + value}; the message is built only on failure, because these
     * checks run on every structure decoded and most of them pass.
     */
    public static void require(boolean condition, String message, long value) {
        if (!condition) {
            throw new IllegalArgumentException(message + value);
        }
    }

    /** A copy of {@code b}, checked to be at most {@code max} bytes long (a vector's ceiling). */
    public static byte[] copy(byte[] b, int max, String what) {
        if (b.length > max) {
            throw new IllegalArgumentException(what + " longer than " + max + " bytes: " + b.length);
        }
        return b.clone();
    }

    /** An immutable copy of a list of unsigned integers, each checked against {@code max}. */
    public static List<Integer> codes(List<Integer> values, int max, String what) {
        List<Integer> copy = List.copyOf(values);
        for (int v : copy) {
            if (v < 0 || v > max) {
                throw new IllegalArgumentException(what + " out of range: " + v);
            }
        }
        return copy;
    }

    /** An immutable deep copy of a list of byte strings. */
    public static List<byte[]> copyAll(List<byte[]> values) {
        return values.stream().map(byte[]::clone).toList();
    }

    /** Whether two lists of byte strings hold equal contents in the same order. */
    public static boolean equalAll(List<byte[]> a, List<byte[]> b) {
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

    /** A hash code of a list of byte strings by content, consistent with {@link #equalAll}. */
    public static int hashAll(List<byte[]> values) {
        int h = 1;
        for (byte[] v : values) {
            h = 31 * h + Arrays.hashCode(v);
        }
        return h;
    }

    /** Lower-case hex of {@code b}, for {@code toString()} of public values (randoms, cookies, keys). */
    public static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** A 16-bit code point such as a cipher suite or a version, as {@code 0x%04x}. */
    public static String hex16(int v) {
        return String.format("0x%04x", v);
    }
}
