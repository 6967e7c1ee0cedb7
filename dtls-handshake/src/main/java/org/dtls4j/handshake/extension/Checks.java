package org.dtls4j.handshake.extension;

import java.util.function.Supplier;
import org.dtls4j.codec.DecodeException;

/**
 * Field rules live in one place, the constructors, which throw {@link IllegalArgumentException}.
 * A decoder builds its value through {@link #decoded}, so a rule broken by the peer's bytes
 * becomes a {@link DecodeException} instead of a second copy of the rule.
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

    /** An immutable copy of a list of unsigned integers, each checked against {@code max}. */
    static java.util.List<Integer> codes(java.util.List<Integer> values, int max, String what) {
        java.util.List<Integer> copy = java.util.List.copyOf(values);
        for (int v : copy) {
            if (v < 0 || v > max) {
                throw new IllegalArgumentException(what + " out of range: " + v);
            }
        }
        return copy;
    }
}
