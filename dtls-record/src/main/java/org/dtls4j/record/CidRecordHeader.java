package org.dtls4j.record;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.DecodeException;

/**
 * The header of a record that carries a connection ID, RFC 9146 §4:
 *
 * <pre>
 *   struct {
 *       ContentType outer_type = tls12_cid;
 *       ProtocolVersion version;
 *       uint16 epoch;
 *       uint48 sequence_number;
 *       opaque cid[cid_length];               // New field
 *       uint16 length;
 *       opaque enc_content[DTLSCiphertext.length];
 *   } DTLSCiphertext;
 *
 *    0        1        2        3        4        5        6        7
 *   +--------+--------+--------+--------+--------+--------+--------+--------+
 *   |   25   |     version     |      epoch      |  sequence_number ...
 *   +--------+--------+--------+--------+--------+--------+--------+--------+
 *      ... sequence_number (6 bytes in all)      |  cid, cid_length bytes ...
 *   +--------+--------+--------+--------+--------+--------+--------+--- - -
 *    8        9        10       11
 *   - - ----+--------+--------+
 *    ... cid |     length      |
 *   - - ----+--------+--------+
 *            11+cid_length
 * </pre>
 *
 * <p>Up to the sequence number this is the RFC 6347 header with type tls12_cid(25); then comes
 * the CID, which carries no length of its own. RFC 9146 §4: "cid: The CID value, cid_length bytes
 * long, as agreed at the time the extension has been negotiated. Recall that each peer chooses
 * the CID value it will receive". So only the receiver, which asked for the CID in its
 * connection_id extension (RFC 9146 §3), knows where {@code length} is, and
 * {@link #decode(ByteReader, int)} takes cid_length as an argument. {@code length} counts
 * enc_content, the protected {@link DTLSInnerPlaintext} (explicit nonce, ciphertext, tag).
 *
 * <p>Headers without a CID are {@link RecordHeader}s. The record layer reads and writes this one in
 * place with the package-private static helpers, which allocate nothing.
 *
 * @param version        the record version, 0..0xFFFF (see {@link ProtocolVersion})
 * @param epoch          0..0xFFFF
 * @param sequenceNumber 0..2^48-1
 * @param cid            the connection ID, 1 to 255 bytes; copied in and out
 * @param length         length of enc_content, 0..0xFFFF
 */
public record CidRecordHeader(int version, int epoch, long sequenceNumber, byte[] cid, int length) {
    /** Header bytes besides the CID: type, version, epoch, sequence number and length. */
    public static final int LENGTH_WITHOUT_CID = RecordHeader.LENGTH;

    /**
     * The longest CID, from the extension's {@code opaque cid<0..2^8-1>} (RFC 9146 §3). The shortest
     * in a record is 1 byte: a zero-length CID means records without one (RFC 9146 §3).
     */
    public static final int MAX_CID_LENGTH = 0xFF;

    /** Where the CID starts in the header. */
    static final int CID_OFFSET = 11;

    /** Eight bytes at once, big-endian, at any offset. */
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    public CidRecordHeader {
        checkU16(version, "version");
        checkU16(epoch, "epoch");
        checkU16(length, "length");
        if (sequenceNumber < 0 || sequenceNumber > RecordHeader.MAX_SEQUENCE_NUMBER) {
            throw new IllegalArgumentException("sequence number out of 48-bit range: " + sequenceNumber);
        }
        checkCidLength(cid.length);
        cid = cid.clone();
    }

    /** A copy of the CID. */
    @Override
    public byte[] cid() {
        return cid.clone();
    }

    /** Bytes in this header: 13 plus cid_length. */
    public int headerLength() {
        return headerLength(cid.length);
    }

    /** Bytes in a header with a CID of {@code cidLength} bytes: 13 plus cid_length. */
    public static int headerLength(int cidLength) {
        return LENGTH_WITHOUT_CID + cidLength;
    }

    /** Writes the {@link #headerLength()} header bytes at {@code out[off]}. */
    public void encode(byte[] out, int off) {
        encode(out, off, version, epoch, sequenceNumber, cid, length);
    }

    /** Appends the {@link #headerLength()} header bytes. */
    public void encode(ByteWriter w) {
        w.u8(ContentType.TLS12_CID).u16(version).u16(epoch).u48(sequenceNumber).bytes(cid).u16(length);
    }

    /**
     * Reads a header whose CID is {@code cidLength} bytes long, leaving the reader at enc_content,
     * which is not read.
     *
     * @throws DecodeException if fewer than {@code 13 + cidLength} bytes remain or the type is not
     *         tls12_cid
     * @throws IllegalArgumentException if {@code cidLength} is not 1..255
     */
    public static CidRecordHeader decode(ByteReader r, int cidLength) throws DecodeException {
        checkCidLength(cidLength);
        int type = r.u8();
        int version = r.u16();
        int epoch = r.u16();
        long seq = r.u48();
        byte[] cid = r.bytes(cidLength);
        int length = r.u16();
        if (type != ContentType.TLS12_CID) {
            throw new DecodeException("record content type " + type + " is not tls12_cid(25)");
        }
        return new CidRecordHeader(version, epoch, seq, cid, length);
    }

    /**
     * Writes a header without building a {@code CidRecordHeader}: the write path's allocation-free
     * form. Arguments are trusted to be in range (the record layer checks them).
     */
    static void encode(byte[] out, int off, int version, int epoch, long seq, byte[] cid, int length) {
        out[off] = (byte) ContentType.TLS12_CID;
        out[off + 1] = (byte) (version >>> 8);
        out[off + 2] = (byte) version;
        LONG.set(out, off + 3, ((long) epoch << 48) | seq);     // epoch (2 bytes), sequence_number (6)
        System.arraycopy(cid, 0, out, off + CID_OFFSET, cid.length);
        int at = off + CID_OFFSET + cid.length;
        out[at] = (byte) (length >>> 8);
        out[at + 1] = (byte) length;
    }

    // In-place readers for the receive loop. Type, version, epoch and sequence number are where
    // RecordHeader's *At helpers read them. The caller guarantees headerLength(cidLength) bytes.

    /** The length field of a header whose CID is {@code cidLength} bytes long. */
    static int lengthAt(byte[] b, int off, int cidLength) {
        int at = off + CID_OFFSET + cidLength;
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    /**
     * Whether the header at {@code off} carries exactly {@code cid}. The CID is not secret; the loop
     * only avoids a library call that costs more than the few bytes of a CID.
     */
    static boolean cidEquals(byte[] b, int off, byte[] cid) {
        int at = off + CID_OFFSET;
        int diff = 0;
        for (int i = 0; i < cid.length; i++) {
            diff |= b[at + i] ^ cid[i];
        }
        return diff == 0;
    }

    private static void checkCidLength(int cidLength) {
        if (cidLength < 1 || cidLength > MAX_CID_LENGTH) {
            throw new IllegalArgumentException("a CID in a record is 1 to 255 bytes, not " + cidLength);
        }
    }

    private static void checkU16(int v, String what) {
        if (v < 0 || v > 0xFFFF) {
            throw new IllegalArgumentException(what + " out of 16-bit range: " + v);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CidRecordHeader h && h.version == version && h.epoch == epoch
                && h.sequenceNumber == sequenceNumber && h.length == length && Arrays.equals(h.cid, cid);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, epoch, sequenceNumber, length) * 31 + Arrays.hashCode(cid);
    }

    @Override
    public String toString() {
        return "CidRecordHeader[version=" + ProtocolVersion.name(version) + ", epoch=" + epoch + ", sequenceNumber="
                + sequenceNumber + ", cid=" + HexFormat.of().formatHex(cid) + ", length=" + length + "]";
    }
}
