package org.dtls4j.credentials;

import java.math.BigInteger;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.DecodeException;

/**
 * A cursor over DER elements (ITU-T X.690), built on the bounds-checked {@link ByteReader}: just
 * enough to find the algorithm of a PKCS#8 key (RFC 5208 §5), the curve of a SEC1 key (RFC 5915
 * §3) and the public key bits of a SubjectPublicKeyInfo (RFC 5280 §4.1.2.7).
 *
 * <p>A constructed element ({@code SEQUENCE}, {@code [0]} ...) is entered with {@link #enter(int)},
 * which returns a child reader limited to that element's contents. Any malformed input ends in
 * {@link DecodeException}; no length field makes it allocate more than the bytes present.
 */
final class DerReader {
    private final ByteReader in;

    DerReader(byte[] der) {
        this(new ByteReader(der));
    }

    private DerReader(ByteReader in) {
        this.in = in;
    }

    boolean hasRemaining() {
        return in.hasRemaining();
    }

    /** The tag of the next element, without consuming it. */
    int peekTag() throws DecodeException {
        if (!in.hasRemaining()) {
            throw new DecodeException("DER: expected another element, found the end");
        }
        return in.array()[in.position()] & 0xFF;
    }

    /** The contents of the next element, which must carry {@code tag}. */
    byte[] read(int tag) throws DecodeException {
        return contents(tag).rest();
    }

    /** Enters the next element, which must carry {@code tag}: a reader over its contents. */
    DerReader enter(int tag) throws DecodeException {
        return new DerReader(contents(tag));
    }

    /** The next element whole (tag, length and contents), whatever its tag. */
    byte[] readElement() throws DecodeException {
        int start = in.position();
        int tag = in.u8();
        checkSingleByteTag(tag);
        in.skip(readLength());
        byte[] all = in.array();
        byte[] out = new byte[in.position() - start];
        System.arraycopy(all, start, out, 0, out.length);
        return out;
    }

    /** Skips the next element. */
    void skip() throws DecodeException {
        readElement();
    }

    BigInteger readInteger() throws DecodeException {
        byte[] content = read(Der.INTEGER);
        if (content.length == 0) {
            throw new DecodeException("DER: empty INTEGER");
        }
        return new BigInteger(content);
    }

    /** An {@code OBJECT IDENTIFIER} as dotted text, for example "1.2.840.10045.2.1". */
    String readOid() throws DecodeException {
        ByteReader r = contents(Der.OBJECT_IDENTIFIER);
        if (!r.hasRemaining()) {
            throw new DecodeException("DER: empty OBJECT IDENTIFIER");
        }
        StringBuilder text = new StringBuilder();
        boolean first = true;
        while (r.hasRemaining()) {
            long value = readBase128(r);
            if (first) {
                // X.690 §8.19.4: the first sub-identifier is 40 * arc1 + arc2, arc1 being 0, 1 or 2.
                int arc1 = value < 40 ? 0 : value < 80 ? 1 : 2;
                text.append(arc1).append('.').append(value - 40L * arc1);
                first = false;
            } else {
                text.append('.').append(value);
            }
        }
        return text.toString();
    }

    private static long readBase128(ByteReader r) throws DecodeException {
        long value = 0;
        for (int count = 0; count < 9; count++) {
            int b = r.u8();
            if (count == 0 && b == 0x80) {
                throw new DecodeException("DER: OBJECT IDENTIFIER sub-identifier with a leading zero group");
            }
            value = (value << 7) | (b & 0x7F);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new DecodeException("DER: OBJECT IDENTIFIER sub-identifier longer than 63 bits");
    }

    /** A {@code BIT STRING} of whole bytes: the unused-bits count must be zero. */
    byte[] readBitStringBytes() throws DecodeException {
        ByteReader r = contents(Der.BIT_STRING);
        if (r.u8() != 0) {
            throw new DecodeException("DER: BIT STRING with unused bits where whole bytes were expected");
        }
        return r.rest();
    }

    /** Fails unless every element has been read. */
    void expectEnd(String where) throws DecodeException {
        in.expectEmpty(where);
    }

    private ByteReader contents(int tag) throws DecodeException {
        int actual = in.u8();
        if (actual != tag) {
            throw new DecodeException(String.format("DER: expected tag 0x%02X, found 0x%02X", tag, actual));
        }
        return in.sub(readLength());
    }

    /**
     * The definite-form length (X.690 §8.1.3). The indefinite form (0x80) is BER only, and lengths
     * of more than four bytes could not describe anything we hold in memory.
     */
    private int readLength() throws DecodeException {
        int first = in.u8();
        if (first < 0x80) {
            return first;
        }
        int count = first & 0x7F;
        if (count == 0) {
            throw new DecodeException("DER: indefinite length is not allowed");
        }
        if (count > 4) {
            throw new DecodeException("DER: length of " + count + " bytes is too large");
        }
        long length = 0;
        for (int i = 0; i < count; i++) {
            length = (length << 8) | in.u8();
        }
        if (length > Integer.MAX_VALUE) {
            throw new DecodeException("DER: length " + length + " is too large");
        }
        return (int) length;
    }

    private static void checkSingleByteTag(int tag) throws DecodeException {
        if ((tag & 0x1F) == 0x1F) {
            throw new DecodeException("DER: multi-byte tags are not supported");
        }
    }
}
