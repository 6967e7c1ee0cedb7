package org.dtls4j.record;

import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.DecodeException;

/**
 * The 13-byte DTLS record header, RFC 6347 §4.1:
 *
 * <pre>
 *   struct {
 *        ContentType type;                  // 1 byte
 *        ProtocolVersion version;           // 2 bytes
 *        uint16 epoch;                      // New field
 *        uint48 sequence_number;            // New field
 *        uint16 length;
 *        opaque fragment[DTLSPlaintext.length];
 *   } DTLSPlaintext;
 *
 *    0        1        2        3        4        5        6        7
 *   +--------+--------+--------+--------+--------+--------+--------+--------+
 *   |  type  |     version     |      epoch      |  sequence_number ...
 *   +--------+--------+--------+--------+--------+--------+--------+--------+
 *      ... sequence_number (6 bytes in all)      |     length      |
 *   +--------+--------+--------+--------+--------+--------+--------+
 *    8        9        10       11       12
 * </pre>
 *
 * <p>{@code length} counts the fragment that follows, which is the plaintext in epoch 0 and the
 * protected record (explicit nonce, ciphertext, tag) once keys are in use.
 *
 * <p>{@link #decode(ByteReader)} is the reference codec. The record layer's receive loop reads the
 * same fields in place with the package-private {@code *At} helpers so that it allocates nothing
 * per record; a property test checks that both readings agree on arbitrary bytes.
 *
 * @param type           the content type; never null (an unknown code does not decode)
 * @param version        the record version, 0..0xFFFF (see {@link ProtocolVersion})
 * @param epoch          0..0xFFFF
 * @param sequenceNumber 0..2^48-1
 * @param length         length of the fragment that follows, 0..0xFFFF
 */
public record RecordHeader(ContentType type, int version, int epoch, long sequenceNumber, int length) {
    /** Bytes in a DTLS record header. */
    public static final int LENGTH = 13;

    /** RFC 5246 §6.2.1: "The length MUST NOT exceed 2^14." (plaintext fragment) */
    public static final int MAX_PLAINTEXT_LENGTH = 1 << 14;

    /** RFC 5246 §6.2.3: "The length MUST NOT exceed 2^14 + 2048." (protected fragment) */
    public static final int MAX_CIPHERTEXT_LENGTH = (1 << 14) + 2048;

    /**
     * The longest record a peer may send: the {@value #LENGTH}-byte header and a protected fragment
     * of {@link #MAX_CIPHERTEXT_LENGTH}, 13 + 2^14 + 2048 bytes (RFC 6347 §4.1, RFC 5246 §6.2.3).
     */
    public static final int MAX_RECORD_LENGTH = LENGTH + MAX_CIPHERTEXT_LENGTH;

    /** The largest epoch; RFC 6347 §4.1: implementations "MUST NOT allow the epoch to wrap". */
    public static final int MAX_EPOCH = 0xFFFF;

    /** The largest 48-bit sequence number, 2^48-1. */
    public static final long MAX_SEQUENCE_NUMBER = (1L << 48) - 1;

    public RecordHeader {
        if (type == null) {
            throw new IllegalArgumentException("content type is null");
        }
        checkU16(version, "version");
        checkU16(epoch, "epoch");
        checkU16(length, "length");
        if (sequenceNumber < 0 || sequenceNumber > MAX_SEQUENCE_NUMBER) {
            throw new IllegalArgumentException("sequence number out of 48-bit range: " + sequenceNumber);
        }
    }

    /** Writes the 13 header bytes at {@code out[off]}. */
    public void encode(byte[] out, int off) {
        encode(out, off, type, version, epoch, sequenceNumber, length);
    }

    /** Appends the 13 header bytes. */
    public void encode(ByteWriter w) {
        w.u8(type.code()).u16(version).u16(epoch).u48(sequenceNumber).u16(length);
    }

    /**
     * Reads a header: exactly 13 bytes, leaving the reader at the fragment. The fragment itself is
     * not read, so this does not check that {@code length} bytes follow.
     *
     * @throws DecodeException if fewer than 13 bytes remain or the content type is unknown
     */
    public static RecordHeader decode(ByteReader r) throws DecodeException {
        int typeCode = r.u8();
        int version = r.u16();
        int epoch = r.u16();
        long seq = r.u48();
        int length = r.u16();
        ContentType type = ContentType.fromCode(typeCode);
        if (type == null) {
            throw new DecodeException("unknown record content type " + typeCode);
        }
        return new RecordHeader(type, version, epoch, seq, length);
    }

    /**
     * Writes a header without building a {@code RecordHeader}: the write path's allocation-free form.
     * Arguments are trusted to be in range (the record layer checks them).
     */
    static void encode(byte[] out, int off, ContentType type, int version, int epoch, long seq, int length) {
        out[off] = (byte) type.code();
        out[off + 1] = (byte) (version >>> 8);
        out[off + 2] = (byte) version;
        out[off + 3] = (byte) (epoch >>> 8);
        out[off + 4] = (byte) epoch;
        for (int i = 0; i < 6; i++) {
            out[off + 5 + i] = (byte) (seq >>> (8 * (5 - i)));
        }
        out[off + 11] = (byte) (length >>> 8);
        out[off + 12] = (byte) length;
    }

    // In-place readers for the receive loop. The caller guarantees LENGTH bytes at off.

    static int typeCodeAt(byte[] b, int off) {
        return b[off] & 0xFF;
    }

    static int versionAt(byte[] b, int off) {
        return u16(b, off + 1);
    }

    static int epochAt(byte[] b, int off) {
        return u16(b, off + 3);
    }

    static long sequenceNumberAt(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 6; i++) {
            v = (v << 8) | (b[off + 5 + i] & 0xFF);
        }
        return v;
    }

    static int lengthAt(byte[] b, int off) {
        return u16(b, off + 11);
    }

    private static int u16(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }

    private static void checkU16(int v, String what) {
        if (v < 0 || v > 0xFFFF) {
            throw new IllegalArgumentException(what + " out of 16-bit range: " + v);
        }
    }
}
