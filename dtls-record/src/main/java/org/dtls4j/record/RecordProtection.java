package org.dtls4j.record;

import java.security.GeneralSecurityException;

import org.dtls4j.crypto.AeadCipher;
import org.dtls4j.crypto.AeadCiphers;
import org.dtls4j.crypto.BulkCipher;
import org.dtls4j.crypto.CbcCipher;
import org.dtls4j.crypto.JcaProviders;

/**
 * Protection of one epoch's records in one direction: AEAD with the nonce and additional data of
 * RFC 5246 §6.2.3.3, or a CBC block cipher with its MAC (§6.2.3.2, RFC 7366), with DTLS's epoch
 * and sequence number in place of TLS's implicit counter.
 *
 * <pre>
 *   struct {
 *       opaque nonce_explicit[SecurityParameters.record_iv_length];
 *       aead-ciphered struct {
 *           opaque content[TLSCompressed.length];
 *       };
 *   } GenericAEADCipher;                                          RFC 5246 §6.2.3.3
 *
 *   seq_num         = epoch (2 bytes) || sequence_number (6 bytes)  RFC 6347 §4.1.2.1
 *   additional_data = seq_num || type || version || length         13 bytes; length of the plaintext
 *
 *   AES-GCM, AES-CCM  nonce = salt (4, from the key block) || nonce_explicit (8, in the record)
 *                     and we send nonce_explicit = seq_num          RFC 5288 §3, RFC 6655 §3
 *   ChaCha20-Poly1305 nonce = IV (12, from the key block) XOR (0^32 || seq_num)
 *                     nothing explicit in the record                RFC 7905 §2
 * </pre>
 *
 * <p>The fragment on the wire is {@code nonce_explicit || ciphertext || tag}; {@link #expansion()}
 * is the sum of the first and last lengths. A receiver takes the explicit nonce from the record as
 * sent: RFC 5288 §3 says only that "The nonce_explicit MAY be the 64-bit sequence number", so a peer
 * may choose other distinct values.
 *
 * <p><b>CBC suites</b> ({@link #of(CbcCipher)}). The MAC covers the same 13 bytes RFC 5246
 * §6.2.3.1 puts before the fragment ({@code seq_num + type + version + length}, identical to the
 * AEAD additional data), and the {@link CbcCipher} fills in their length: the content length with
 * MAC-then-encrypt, the length of {@code IV || ciphertext} with encrypt-then-MAC (RFC 7366 §3).
 * The fragment is {@code IV || ENC(...) [|| MAC]}; its length depends on the padding, so
 * {@link #protectedLength(int)} says what a plaintext becomes and {@link #expansion()} is the most
 * it can add. A record that fails the MAC or the padding fails like an AEAD record whose tag does
 * not verify.
 *
 * <p>Records with a connection ID (RFC 9146) go through {@link #protectWithCid} and
 * {@link #unprotectWithCid}: same nonce, different additional data (for CBC, the MAC input of
 * RFC 9146 §5.1 and §5.2, which begins with the same bytes), and the plaintext is a
 * {@link DTLSInnerPlaintext}.
 *
 * <p>Each instance keeps its own nonce and additional-data scratch arrays, so protecting and
 * unprotecting allocate nothing of ours (JCA may allocate inside). Not thread-safe: one instance
 * per epoch and direction, used by one thread at a time.
 */
public final class RecordProtection {
    private static final int SEQ_NUM_LENGTH = 8;
    private static final int AAD_LENGTH = 13;
    /** RFC 5246 §6.2.3.2: padding_length is a uint8, so a peer's padding and its length byte take up to 256 bytes. */
    private static final int MAX_CBC_PADDING = 256;

    /** The AEAD, or null for a CBC suite. */
    private final AeadCipher cipher;
    /** The CBC cipher with its MAC, or null for an AEAD suite. */
    private final CbcCipher cbc;
    private final BulkCipher algorithm;
    private final byte[] fixedIv;
    private final byte[] nonce;
    private final byte[] aad = new byte[AAD_LENGTH];
    /** Additional data of records with a CID (RFC 9146 §5.3), sized for the CID on first use. */
    private byte[] cidAad = new byte[0];

    private RecordProtection(CbcCipher cbc) {
        this.cipher = null;
        this.cbc = cbc;
        this.algorithm = cbc.algorithm();
        this.fixedIv = new byte[0];
        this.nonce = new byte[0];
    }

    private RecordProtection(AeadCipher cipher, byte[] fixedIv) {
        this.cipher = cipher;
        this.cbc = null;
        this.algorithm = cipher.algorithm();
        this.fixedIv = fixedIv.clone();
        this.nonce = new byte[algorithm.nonceLength()];
        boolean shapeOk = algorithm.recordIvLength() == 0
                ? fixedIv.length == nonce.length
                : fixedIv.length + algorithm.recordIvLength() == nonce.length
                        && algorithm.recordIvLength() == SEQ_NUM_LENGTH;
        if (fixedIv.length != algorithm.fixedIvLength() || !shapeOk) {
            throw new IllegalArgumentException(algorithm.displayName() + " needs a "
                    + algorithm.fixedIvLength() + "-byte fixed IV, got " + fixedIv.length);
        }
    }

    /**
     * Protection for one epoch and direction, from that direction's slice of the key block
     * (RFC 5246 §6.3).
     *
     * @param cipher   the suite's bulk cipher
     * @param key      client_write_key or server_write_key, {@code cipher.keyLength()} bytes
     * @param fixedIv  client_write_IV or server_write_IV, {@code cipher.fixedIvLength()} bytes; copied
     * @param providers where the JCA engine objects come from
     * @throws IllegalArgumentException if a length is wrong, or {@code cipher} is not an AEAD (a CBC
     *         suite needs its MAC: {@link #of(CbcCipher)})
     */
    public static RecordProtection create(BulkCipher cipher, byte[] key, byte[] fixedIv, JcaProviders providers) {
        return new RecordProtection(AeadCiphers.create(cipher, key, providers), fixedIv);
    }

    /**
     * Protection over an AEAD cipher already keyed for this epoch and direction.
     *
     * @param cipher  the keyed cipher (client_write_key or server_write_key)
     * @param fixedIv the implicit IV from the key block (client_write_IV or server_write_IV), of
     *                {@code cipher.algorithm().fixedIvLength()} bytes; copied
     */
    public static RecordProtection of(AeadCipher cipher, byte[] fixedIv) {
        return new RecordProtection(cipher, fixedIv);
    }

    /**
     * Protection of a CBC suite (RFC 5246 §6.2.3.2) with the cipher already keyed for this epoch and
     * direction, encrypt-then-MAC or MAC-then-encrypt as the hellos agreed (RFC 7366).
     */
    public static RecordProtection of(CbcCipher cbc) {
        return new RecordProtection(java.util.Objects.requireNonNull(cbc, "cbc"));
    }

    /** The bulk cipher in use. */
    public BulkCipher algorithm() {
        return algorithm;
    }

    /**
     * The most a protected fragment adds to its plaintext: explicit nonce plus tag; for CBC, the
     * IV, the MAC and up to a block of padding.
     */
    public int expansion() {
        return cbc != null ? cbc.maxExpansion() : algorithm.expansion();
    }

    /** The length of the fragment {@link #protect} makes of {@code plaintextLength} bytes. */
    public int protectedLength(int plaintextLength) {
        return cbc != null ? cbc.sealedLength(plaintextLength) : plaintextLength + algorithm.expansion();
    }

    /**
     * The most plaintext a fragment of at most {@code fragmentLength} bytes can carry: the length
     * less the expansion for an AEAD; for CBC exact, with the fewest padding bytes that complete a
     * block ({@link CbcCipher#maxContentLength}). Negative when nothing fits.
     */
    public int maxPlaintextLength(int fragmentLength) {
        return cbc != null ? cbc.maxContentLength(fragmentLength) : fragmentLength - algorithm.expansion();
    }

    /** The shortest fragment that can be a protected record (shorter ones are {@link Discard#TOO_SHORT_FOR_CIPHER}). */
    public int minimumFragmentLength() {
        return cbc != null ? cbc.minimumSealedLength() : algorithm.expansion();
    }

    /**
     * Room {@link #unprotect} needs for the plaintext of a fragment of {@code fragmentLength}
     * bytes: exactly the plaintext for an AEAD; for CBC everything after the IV, which holds the
     * MAC and padding as well while they are checked.
     */
    public int plaintextCapacity(int fragmentLength) {
        return cbc != null ? fragmentLength - BulkCipher.AES_BLOCK_LENGTH : fragmentLength - algorithm.expansion();
    }

    /**
     * The fewest plaintext bytes a fragment of {@code fragmentLength} bytes can hold: exact for an
     * AEAD; for CBC, with the MAC and the longest padding a peer may send (256 bytes, RFC 5246
     * §6.2.3.2) taken off. Lets a record that is too long in any case be refused before decrypting.
     */
    public int minimumPlaintextLength(int fragmentLength) {
        int capacity = plaintextCapacity(fragmentLength);
        return cbc != null ? capacity - cbc.mac().length() - MAX_CBC_PADDING : capacity;
    }

    /**
     * Seals {@code plaintext[off, off+len)} into {@code out[outOff...]} as
     * {@code nonce_explicit || ciphertext || tag}. The two ranges must not overlap.
     *
     * @return bytes written: {@link #protectedLength(int) protectedLength(len)}
     */
    public int protect(ContentType type, int version, int epoch, long seq,
                       byte[] plaintext, int off, int len, byte[] out, int outOff)
            throws GeneralSecurityException {
        if (len < 0 || len > RecordHeader.MAX_PLAINTEXT_LENGTH) {
            throw new IllegalArgumentException("plaintext of " + len + " bytes; at most 2^14 allowed");
        }
        additionalData(type, version, epoch, seq, len);
        return seal(aad, epoch, seq, plaintext, off, len, out, outOff);
    }

    /**
     * Verifies and opens the protected fragment {@code fragment[off, off+len)} of a record whose
     * header carried {@code type}, {@code version}, {@code epoch} and {@code seq}; writes the
     * plaintext to {@code out[outOff...]}. The two ranges must not overlap. On failure nothing is
     * written.
     *
     * @return the plaintext length; {@code len - expansion()} for an AEAD
     * @throws GeneralSecurityException if the fragment is shorter than
     *         {@link #minimumFragmentLength()} or does not authenticate
     *         ({@link javax.crypto.AEADBadTagException}; for CBC a bad MAC or padding,
     *         {@link javax.crypto.BadPaddingException})
     */
    public int unprotect(ContentType type, int version, int epoch, long seq,
                         byte[] fragment, int off, int len, byte[] out, int outOff)
            throws GeneralSecurityException {
        checkFragmentLength(len);
        // A CBC cipher writes the length field itself (see CbcCipher).
        additionalData(type, version, epoch, seq, plaintextCapacity(len));
        return open(aad, epoch, seq, fragment, off, len, out, outOff);
    }

    /**
     * Seals a serialized {@link DTLSInnerPlaintext} {@code innerPlaintext[off, off+len)} for a record
     * that carries the connection ID {@code cid}, into {@code out[outOff...]} as
     * {@code nonce_explicit || ciphertext || tag} (the enc_content of RFC 9146 §4). The nonce is made
     * as for any record (RFC 5288, RFC 6655 and RFC 7905 are unchanged); the additional data is
     * RFC 9146 §5.3's (see {@code CidAdditionalData}). The two ranges must not overlap.
     *
     * @param version DTLSCiphertext.version, as the record header will carry it
     * @param cid     the CID the record header will carry, 1 to 255 bytes
     * @param len     length_of_DTLSInnerPlaintext, 1 to 2^14 (RFC 9146 §5: "The length MUST NOT
     *                exceed 2^14")
     * @return bytes written: {@link #protectedLength(int) protectedLength(len)}
     */
    public int protectWithCid(int version, int epoch, long seq, byte[] cid,
                              byte[] innerPlaintext, int off, int len, byte[] out, int outOff)
            throws GeneralSecurityException {
        if (len < 1 || len > DTLSInnerPlaintext.MAX_LENGTH) {
            throw new IllegalArgumentException("DTLSInnerPlaintext of " + len + " bytes; 1 to 2^14 allowed");
        }
        byte[] additionalData = cidAdditionalData(cid);
        CidAdditionalData.write(additionalData, version, epoch, seq, cid, len);
        return seal(additionalData, epoch, seq, innerPlaintext, off, len, out, outOff);
    }

    /**
     * Verifies and opens the enc_content {@code fragment[off, off+len)} of a record with the
     * connection ID {@code cid} (RFC 9146 §4, §5.3) and writes the serialized
     * {@link DTLSInnerPlaintext} to {@code out[outOff...]}; finding real_type in it is the caller's
     * part. The two ranges must not overlap. On failure nothing is written.
     *
     * @return the length of the DTLSInnerPlaintext; {@code len - expansion()} for an AEAD
     * @throws GeneralSecurityException if the fragment is shorter than
     *         {@link #minimumFragmentLength()} or does not authenticate
     */
    public int unprotectWithCid(int version, int epoch, long seq, byte[] cid,
                                byte[] fragment, int off, int len, byte[] out, int outOff)
            throws GeneralSecurityException {
        checkFragmentLength(len);
        byte[] additionalData = cidAdditionalData(cid);
        CidAdditionalData.write(additionalData, version, epoch, seq, cid, plaintextCapacity(len));
        return open(additionalData, epoch, seq, fragment, off, len, out, outOff);
    }

    private int seal(byte[] additionalData, int epoch, long seq, byte[] plaintext, int off, int len,
                     byte[] out, int outOff) throws GeneralSecurityException {
        if (cbc != null) {
            return cbc.seal(additionalData, plaintext, off, len, out, outOff);
        }
        int explicitLength = algorithm.recordIvLength();
        if (explicitLength > 0) {
            // RFC 5288 §3: "The nonce_explicit MAY be the 64-bit sequence number." It is ours: each
            // epoch||sequence_number is used once, so every nonce is distinct.
            writeSeqNum(out, outOff, epoch, seq);
            explicitNonce(out, outOff);
        } else {
            xorNonce(epoch, seq);
        }
        return explicitLength + cipher.seal(nonce, additionalData, plaintext, off, len, out, outOff + explicitLength);
    }

    private int open(byte[] additionalData, int epoch, long seq, byte[] fragment, int off, int len,
                     byte[] out, int outOff) throws GeneralSecurityException {
        if (cbc != null) {
            return cbc.open(additionalData, fragment, off, len, out, outOff);
        }
        int explicitLength = algorithm.recordIvLength();
        if (explicitLength > 0) {
            explicitNonce(fragment, off);
        } else {
            xorNonce(epoch, seq);
        }
        return cipher.open(nonce, additionalData, fragment, off + explicitLength, len - explicitLength, out, outOff);
    }

    private void checkFragmentLength(int len) throws GeneralSecurityException {
        if (len < minimumFragmentLength()) {
            throw new GeneralSecurityException("fragment of " + len + " bytes is shorter than the "
                    + minimumFragmentLength() + " bytes a protected record takes at least");
        }
    }

    /**
     * The scratch array for RFC 9146 §5.3 additional data, exactly as long as {@code cid} needs. An
     * epoch's CID does not change, so it is made once per instance.
     */
    private byte[] cidAdditionalData(byte[] cid) {
        if (cid.length < 1 || cid.length > CidRecordHeader.MAX_CID_LENGTH) {
            throw new IllegalArgumentException("a CID in a record is 1 to 255 bytes, not " + cid.length);
        }
        int length = CidAdditionalData.length(cid.length);
        if (cidAad.length != length) {
            cidAad = new byte[length];
        }
        return cidAad;
    }

    /** Names the algorithms only; key material is never printed. */
    @Override
    public String toString() {
        return "RecordProtection[" + algorithm.displayName()
                + (cbc == null ? "" : ", " + cbc.mac() + (cbc.encryptThenMac() ? ", encrypt-then-MAC" : ", MAC-then-encrypt"))
                + "]";
    }

    /** GCM and CCM: nonce = fixed salt || the 8 explicit bytes at {@code src[off]}. */
    private void explicitNonce(byte[] src, int off) {
        System.arraycopy(fixedIv, 0, nonce, 0, fixedIv.length);
        System.arraycopy(src, off, nonce, fixedIv.length, SEQ_NUM_LENGTH);
    }

    /**
     * ChaCha20-Poly1305. RFC 7905 §2: "The 64-bit record sequence number is serialized as an
     * 8-byte, big-endian value and padded on the left with four 0x00 bytes. The padded sequence
     * number is XORed with the client_write_IV (when the client is sending) or server_write_IV
     * (when the server is sending)." In DTLS that 64-bit number is epoch || sequence_number.
     */
    private void xorNonce(int epoch, long seq) {
        int pad = nonce.length - SEQ_NUM_LENGTH;
        System.arraycopy(fixedIv, 0, nonce, 0, pad);
        writeSeqNum(nonce, pad, epoch, seq);
        for (int i = pad; i < nonce.length; i++) {
            nonce[i] ^= fixedIv[i];
        }
    }

    /**
     * RFC 5246 §6.2.3.3: "additional_data = seq_num + TLSCompressed.type + TLSCompressed.version +
     * TLSCompressed.length;" and RFC 6347 §4.1.2.1: "The sequence number used to compute the MAC
     * is the 64-bit value formed by concatenating the epoch and the sequence number in the order
     * they appear on the wire."
     */
    private void additionalData(ContentType type, int version, int epoch, long seq, int plaintextLength) {
        writeSeqNum(aad, 0, epoch, seq);
        aad[8] = (byte) type.code();
        aad[9] = (byte) (version >>> 8);
        aad[10] = (byte) version;
        aad[11] = (byte) (plaintextLength >>> 8);
        aad[12] = (byte) plaintextLength;
    }

    private static void writeSeqNum(byte[] dst, int off, int epoch, long seq) {
        dst[off] = (byte) (epoch >>> 8);
        dst[off + 1] = (byte) epoch;
        for (int i = 0; i < 6; i++) {
            dst[off + 2 + i] = (byte) (seq >>> (8 * (5 - i)));
        }
    }
}
