package org.dtls4j.handshake.extension;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.function.Function;
import java.util.function.IntPredicate;
import org.dtls4j.codec.DecodeException;

/**
 * The four codec properties every wire type must have (style guide G14), as reusable checks:
 * round trip, strict prefixes fail, an appended byte fails, arbitrary bytes give a value or a
 * {@link DecodeException} and nothing else.
 */
public final class CodecChecks {
    private CodecChecks() {
    }

    /** A decoder under test. */
    @FunctionalInterface
    public interface Decoder<T> {
        T decode(byte[] bytes) throws DecodeException;
    }

    /** A decoder and its encoder. */
    public record Codec<T>(Decoder<T> decoder, Function<T, byte[]> encoder) {
    }

    /** (1) decode(encode(x)) equals x, and encoding is stable. */
    public static <T> void roundTrips(T value, Codec<T> codec) throws DecodeException {
        byte[] encoded = codec.encoder().apply(value);
        T decoded = codec.decoder().decode(encoded);
        assertEquals(value, decoded);
        assertEquals(value.hashCode(), decoded.hashCode());
        assertArrayEquals(encoded, codec.encoder().apply(decoded));
    }

    /** (2) every strict prefix of {@code encoded} fails, unless its length is {@code exempt}. */
    public static void strictPrefixesFail(byte[] encoded, Decoder<?> decoder, IntPredicate exempt) {
        for (int len = 0; len < encoded.length; len++) {
            if (exempt.test(len)) {
                continue;
            }
            byte[] prefix = Arrays.copyOf(encoded, len);
            int shown = len;
            assertThrows(DecodeException.class, () -> decoder.decode(prefix),
                    () -> "prefix of " + shown + " of " + encoded.length + " bytes decoded");
        }
    }

    public static void strictPrefixesFail(byte[] encoded, Decoder<?> decoder) {
        strictPrefixesFail(encoded, decoder, len -> false);
    }

    /** (3) one more byte after a valid encoding fails. */
    public static void appendedByteFails(byte[] encoded, Decoder<?> decoder, byte extra) {
        byte[] longer = Arrays.copyOf(encoded, encoded.length + 1);
        longer[encoded.length] = extra;
        assertThrows(DecodeException.class, () -> decoder.decode(longer));
    }

    /**
     * (4) arbitrary bytes decode to a value or throw DecodeException; any other exception fails
     * the test. A value that does decode must survive its own round trip.
     */
    public static <T> void valueOrDecodeException(byte[] bytes, Codec<T> codec) {
        T value;
        try {
            value = codec.decoder().decode(bytes);
        } catch (DecodeException expected) {
            return;
        }
        try {
            roundTrips(value, codec);
        } catch (DecodeException e) {
            throw new AssertionError("a decoded value failed its own round trip: " + value, e);
        }
    }

    /** {@code encoded} with the byte at {@code index} (taken modulo the length) replaced. */
    public static byte[] mutate(byte[] encoded, int index, byte value) {
        byte[] copy = encoded.clone();
        if (copy.length > 0) {
            copy[Math.floorMod(index, copy.length)] = value;
        }
        return copy;
    }
}
