package org.dtls4j.handshake.message;

import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.DecodeException;

/**
 * The ChangeCipherSpec message (RFC 5246 §7.1), sent in a record of content type
 * change_cipher_spec(20): from the next record on, the sender uses the new epoch's keys.
 * It is not a handshake message and has no handshake header.
 *
 * <pre>
 * struct {
 *     enum { change_cipher_spec(1), (255) } type;
 * } ChangeCipherSpec;
 * </pre>
 */
public record ChangeCipherSpec() {
    public static final ChangeCipherSpec INSTANCE = new ChangeCipherSpec();
    /** The only valid value of the type byte. */
    public static final int CHANGE_CIPHER_SPEC = 1;

    public void encode(ByteWriter w) {
        w.u8(CHANGE_CIPHER_SPEC);
    }

    /** The one-byte record fragment {@code 0x01}. */
    public byte[] encode() {
        return new byte[] {CHANGE_CIPHER_SPEC};
    }

    /** Decodes a whole change_cipher_spec record fragment, which must be exactly {@code 0x01}. */
    public static ChangeCipherSpec decode(byte[] fragment) throws DecodeException {
        return decode(fragment, 0, fragment.length);
    }

    /** Decodes the change_cipher_spec record fragment {@code buf[off..off+len)}: exactly {@code 0x01}. */
    public static ChangeCipherSpec decode(byte[] buf, int off, int len) throws DecodeException {
        if (len != 1 || buf[off] != CHANGE_CIPHER_SPEC) {
            throw new DecodeException("ChangeCipherSpec must be the single byte 0x01, got " + len + " bytes");
        }
        return INSTANCE;
    }
}
