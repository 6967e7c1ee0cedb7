package org.dtls4j.record;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The AEAD additional data of a record with a connection ID, RFC 9146 §5.3:
 *
 * <pre>
 *   additional_data = seq_num_placeholder +
 *                     tls12_cid +
 *                     cid_length +
 *                     tls12_cid +
 *                     DTLSCiphertext.version +
 *                     epoch +
 *                     sequence_number +
 *                     cid +
 *                     length_of_DTLSInnerPlaintext;
 *
 *   offset  0         8    9      10   11       13     15       21             21+cid_length
 *           +---------+----+------+----+--------+------+--------+-- .. --------+-------------+
 *           | ff x 8  | 25 | clen | 25 | version| epoch|  seq   | cid, clen B  | inner length|
 *           +---------+----+------+----+--------+------+--------+-- .. --------+-------------+
 * </pre>
 *
 * <p>RFC 9146 §5: "seq_num_placeholder: 8 bytes of 0xff", "cid_length: The length (in bytes) of
 * the negotiated CID (one-byte integer)", "length_of_DTLSInnerPlaintext: The length (in bytes) of
 * the serialized DTLSInnerPlaintext (two-byte integer)". The placeholder stands where RFC 5246
 * §6.2.3.3 puts seq_num; epoch and sequence_number follow later, in their wire order. RFC 9146 §5:
 * "The modified algorithm MUST NOT be applied to records that do not carry a CID". Those keep the
 * 13 bytes of RFC 5246 §6.2.3.3 (see {@link RecordProtection}).
 *
 * <p>All 23 + cid_length bytes are written into the caller's array, which must be exactly that
 * long (the AEAD takes the whole array as additional data).
 */
final class CidAdditionalData {
    /** Bytes besides the CID. */
    static final int LENGTH_WITHOUT_CID = 23;

    /** Eight bytes at once, big-endian, at any offset: the placeholder, and epoch || sequence_number. */
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private CidAdditionalData() {
    }

    /** The additional data's length for a CID of {@code cidLength} bytes. */
    static int length(int cidLength) {
        return LENGTH_WITHOUT_CID + cidLength;
    }

    /**
     * Fills {@code aad}, of {@link #length(int) length(cid.length)} bytes.
     *
     * @param version              DTLSCiphertext.version, as in the record header
     * @param innerPlaintextLength length_of_DTLSInnerPlaintext: content, real_type and zeros
     */
    static void write(byte[] aad, int version, int epoch, long seq, byte[] cid, int innerPlaintextLength) {
        LONG.set(aad, 0, -1L);                                   // seq_num_placeholder, 8 x 0xff
        aad[8] = (byte) ContentType.TLS12_CID;
        aad[9] = (byte) cid.length;
        aad[10] = (byte) ContentType.TLS12_CID;
        aad[11] = (byte) (version >>> 8);
        aad[12] = (byte) version;
        LONG.set(aad, 13, ((long) epoch << 48) | seq);           // epoch (2 bytes), sequence_number (6)
        System.arraycopy(cid, 0, aad, 21, cid.length);
        int at = 21 + cid.length;
        aad[at] = (byte) (innerPlaintextLength >>> 8);
        aad[at + 1] = (byte) innerPlaintextLength;
    }
}
