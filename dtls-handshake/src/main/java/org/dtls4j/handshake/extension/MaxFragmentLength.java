package org.dtls4j.handshake.extension;

import org.dtls4j.codec.DecodeException;

/**
 * The max_fragment_length extension (RFC 6066 §4): a client asks that records carry at most
 * 2^9, 2^10, 2^11 or 2^12 bytes of plaintext, in both directions.
 *
 * <pre>
 * enum {
 *     2^9(1), 2^10(2), 2^11(3), 2^12(4), (255)
 * } MaxFragmentLength;
 * </pre>
 *
 * The extension_data is that one byte. The server accepts by echoing the same value; RFC 6066 §4:
 * "If a server receives a maximum fragment length negotiation request for a value other than the
 * allowed values, it MUST abort the handshake with an "illegal_parameter" alert." So this codec
 * keeps any byte it reads ({@link #isDefined()} says whether it is one of the four), and the
 * negotiation decides on the alert; a length other than one byte is a decode_error.
 *
 * <p>RFC 8449 §5 deprecates this extension in favour of {@link RecordSizeLimit}, which names any
 * limit from 64 bytes up and lets each side state its own.
 *
 * @param code the enum value on the wire, 0..255; 1 to 4 are defined
 */
public record MaxFragmentLength(int code) {
    public static final ExtensionType TYPE = ExtensionType.MAX_FRAGMENT_LENGTH;

    public MaxFragmentLength {
        if (code < 0 || code > 0xFF) {
            throw new IllegalArgumentException("max_fragment_length is one byte, got " + code);
        }
    }

    /**
     * The value for a limit of {@code bytes}: 512, 1024, 2048 or 4096.
     *
     * @throws IllegalArgumentException for any other length
     */
    public static MaxFragmentLength ofLength(int bytes) {
        for (int code = 1; code <= 4; code++) {
            if (bytes == 1 << (8 + code)) {
                return new MaxFragmentLength(code);
            }
        }
        throw new IllegalArgumentException("max_fragment_length is 512, 1024, 2048 or 4096 bytes (RFC 6066 §4), not " + bytes);
    }

    /** Whether the value is one of RFC 6066 §4's four: 1 (2^9) to 4 (2^12). */
    public boolean isDefined() {
        return code >= 1 && code <= 4;
    }

    /**
     * The most plaintext bytes a record may carry: 2^(8 + code).
     *
     * @throws IllegalStateException when the value is not {@link #isDefined() defined}
     */
    public int length() {
        if (!isDefined()) {
            throw new IllegalStateException("max_fragment_length value " + code + " names no length");
        }
        return 1 << (8 + code);
    }

    public byte[] encode() {
        return new byte[] {(byte) code};
    }

    public static MaxFragmentLength decode(byte[] data) throws DecodeException {
        if (data.length != 1) {
            throw new DecodeException("max_fragment_length: one byte expected, got " + data.length);
        }
        return new MaxFragmentLength(data[0] & 0xFF);
    }

    public Extension toExtension() {
        return Extension.of(TYPE, encode());
    }

    @Override
    public String toString() {
        return isDefined() ? "max_fragment_length=" + length() : "max_fragment_length(" + code + ")";
    }
}
