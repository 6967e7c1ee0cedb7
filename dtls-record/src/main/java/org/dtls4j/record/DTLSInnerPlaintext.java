package org.dtls4j.record;

import java.util.Arrays;
import java.util.Objects;

import org.dtls4j.codec.DecodeException;

/**
 * What a record with a connection ID encrypts, RFC 9146 §4:
 *
 * <pre>
 *   struct {
 *       opaque content[length];
 *       ContentType real_type;
 *       uint8 zeros[length_of_padding];
 *   } DTLSInnerPlaintext;
 *
 *   +---------------- content ----------------+-----------+--- zeros ---+
 *   |  the payload, as a record would carry it | real_type | 00 00 .. 00 |
 *   +------------------------------------------+-----------+-------------+
 * </pre>
 *
 * <p>RFC 9146 §4: "An arbitrary-length run of zero-valued bytes may appear in the cleartext after
 * the type field. This provides an opportunity for senders to pad any DTLS record by a chosen
 * amount as long as the total stays within record size limits." Since no length is sent, the
 * receiver finds real_type by scanning back from the end over the zeros: the last non-zero byte is
 * real_type and everything before it is content. A plaintext of zeros only has no real_type and
 * is invalid (RFC 8446 §5.4, to which RFC 9146 §4 refers for the padding).
 *
 * <p>RFC 9146 §5 bounds the whole structure: length_of_DTLSInnerPlaintext "MUST NOT exceed
 * 2^14", so a record with a CID carries at most 2^14 - 1 bytes of content.
 *
 * <p>{@link #encode()} and {@link #decode(byte[], int, int)} are the reference codec. The record
 * layer works in place with the package-private {@code encode(byte[], ...)} and
 * {@code realTypeIndex}, which allocate nothing.
 *
 * @param content       the record's payload; copied in and out
 * @param realType      real_type, the content type of {@code content}
 * @param paddingLength length_of_padding, the zeros after real_type
 */
public record DTLSInnerPlaintext(byte[] content, ContentType realType, int paddingLength) {
    /** RFC 9146 §5: length_of_DTLSInnerPlaintext "MUST NOT exceed 2^14". */
    public static final int MAX_LENGTH = 1 << 14;

    public DTLSInnerPlaintext {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(realType, "realType");
        if (paddingLength < 0 || (long) content.length + 1 + paddingLength > MAX_LENGTH) {
            throw new IllegalArgumentException("DTLSInnerPlaintext of " + content.length + " bytes of content and "
                    + paddingLength + " of padding: the whole must be at most 2^14 bytes");
        }
        content = content.clone();
    }

    /** A copy of the content. */
    @Override
    public byte[] content() {
        return content.clone();
    }

    /** Bytes in the encoding: content, one byte of real_type, then the zeros. */
    public int length() {
        return content.length + 1 + paddingLength;
    }

    /** content || real_type || zeros. */
    public byte[] encode() {
        byte[] out = new byte[length()];
        encode(content, 0, content.length, realType, paddingLength, out, 0);
        return out;
    }

    /**
     * Reads {@code b[off, off+len)}, the whole of a decrypted DTLSInnerPlaintext.
     *
     * @throws DecodeException if it is longer than 2^14 bytes, holds no non-zero byte, or its
     *         real_type is not a content type we know
     */
    public static DTLSInnerPlaintext decode(byte[] b, int off, int len) throws DecodeException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len > MAX_LENGTH) {
            throw new DecodeException("DTLSInnerPlaintext of " + len + " bytes; at most 2^14 allowed");
        }
        int typeIndex = realTypeIndex(b, off, len);
        if (typeIndex < 0) {
            throw new DecodeException("DTLSInnerPlaintext of " + len + " zero bytes has no real_type");
        }
        ContentType type = ContentType.fromCode(b[off + typeIndex] & 0xFF);
        if (type == null) {
            throw new DecodeException("DTLSInnerPlaintext real_type " + (b[off + typeIndex] & 0xFF) + " is unknown");
        }
        return new DTLSInnerPlaintext(Arrays.copyOfRange(b, off, off + typeIndex), type, len - typeIndex - 1);
    }

    /**
     * Writes content {@code src[off, off+len)}, real_type and {@code padding} zeros at
     * {@code out[outOff]}: the allocation-free form of {@link #encode()}. Arguments are trusted
     * (the record layer checks them); the two ranges must not overlap.
     *
     * @return bytes written, {@code len + 1 + padding}
     */
    static int encode(byte[] src, int off, int len, ContentType realType, int padding, byte[] out, int outOff) {
        System.arraycopy(src, off, out, outOff, len);
        out[outOff + len] = (byte) realType.code();
        Arrays.fill(out, outOff + len + 1, outOff + len + 1 + padding, (byte) 0);
        return len + 1 + padding;
    }

    /**
     * Where real_type is in {@code b[off, off+len)}, relative to {@code off}: the index of the last
     * non-zero byte, which is also the length of the content; -1 if every byte is zero. Reads only
     * inside the range (RFC 8446 §5.4: "Implementations MUST limit their scanning to the cleartext
     * returned from the AEAD decryption").
     */
    static int realTypeIndex(byte[] b, int off, int len) {
        int i = len - 1;
        while (i >= 0 && b[off + i] == 0) {
            i--;
        }
        return i;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DTLSInnerPlaintext p && p.realType == realType && p.paddingLength == paddingLength
                && Arrays.equals(p.content, content);
    }

    @Override
    public int hashCode() {
        return (31 * Arrays.hashCode(content) + realType.hashCode()) * 31 + paddingLength;
    }

    @Override
    public String toString() {
        return "DTLSInnerPlaintext[" + realType + ", " + content.length + " bytes of content, "
                + paddingLength + " of padding]";
    }
}
