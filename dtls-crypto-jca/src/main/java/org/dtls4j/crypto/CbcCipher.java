package org.dtls4j.crypto;

import java.security.GeneralSecurityException;

/**
 * One direction's CBC record cipher with its HMAC, keys fixed: the GenericBlockCipher of RFC 5246
 * §6.2.3.2 with an explicit IV per record, MAC-then-encrypt or, when the hellos agreed on it,
 * encrypt-then-MAC (RFC 7366).
 *
 * <pre>
 *   MAC-then-encrypt (RFC 5246 §6.2.3.2):
 *     IV || ENC(content || MAC(macHeader || content) || padding || padding_length)
 *
 *   encrypt-then-MAC (RFC 7366 §3):
 *     IV || ENC(content || padding || padding_length) || MAC(macHeader || IV || ENC(...))
 *
 *   padding: padding_length + 1 bytes, each of value padding_length (0..255), so that the
 *   encrypted part is a whole number of 16-byte blocks; we send the fewest that do.
 * </pre>
 *
 * <p><b>The MAC header.</b> {@code seal} and {@code open} take the bytes the MAC covers before the
 * record's own data: RFC 5246 §6.2.3.1's {@code seq_num + type + version + length}, where DTLS's
 * seq_num is {@code epoch || sequence_number} (RFC 6347 §4.1.2.1), or the longer form of a record
 * with a connection ID (RFC 9146 §5.1, §5.2). Its last two bytes are the length field, and this
 * cipher writes them: with MAC-then-encrypt the content length (not known on opening until the
 * padding is found), with encrypt-then-MAC the length of {@code IV || ENC(...)}, the record's
 * length without the MAC (RFC 7366 §3 as corrected by erratum 4212).
 *
 * <p><b>Failures.</b> {@code open} throws the same {@link javax.crypto.BadPaddingException} for a
 * wrong MAC, wrong padding and a length that cannot be a record, and with MAC-then-encrypt takes
 * the same time for each padding byte pattern of a given record length (see
 * {@code org.dtls4j.crypto.cbc.MacThenEncryptCipher}: Lucky Thirteen). With encrypt-then-MAC the
 * MAC is checked before anything is decrypted. On failure {@code out} holds nothing usable.
 *
 * <p>Implementations reuse their JCA objects; not thread-safe: one instance per direction and epoch.
 */
public interface CbcCipher {

    /** The block cipher: {@link BulkCipher#AES_128_CBC}. */
    BulkCipher algorithm();

    /** The record MAC. */
    MacAlgorithm mac();

    /** Whether records are encrypt-then-MAC (RFC 7366) rather than MAC-then-encrypt. */
    boolean encryptThenMac();

    /** The length of a sealed fragment for {@code contentLength} bytes of content (IV included). */
    int sealedLength(int contentLength);

    /** The most {@code seal} adds to a content: IV, MAC and up to a block of padding. */
    int maxExpansion();

    /**
     * The most content whose sealed fragment takes at most {@code sealedLength} bytes, exactly:
     * the IV, the MAC and the fewest padding bytes that complete the last block (RFC 5246
     * §6.2.3.2), which is what {@code seal} sends. Negative when not even an empty content fits.
     * ({@code sealedLength - maxExpansion()} is up to a block less.)
     */
    int maxContentLength(int sealedLength);

    /** The shortest fragment that can be a record: IV, MAC and one padding byte in whole blocks. */
    int minimumSealedLength();

    /**
     * Seals {@code in[inOff, inOff+inLen)} into {@code out} at {@code outOff}; the ranges must not
     * overlap. Writes {@link #sealedLength(int) sealedLength(inLen)} bytes and the length field of
     * {@code macHeader}.
     *
     * @return bytes written
     */
    int seal(byte[] macHeader, byte[] in, int inOff, int inLen, byte[] out, int outOff)
            throws GeneralSecurityException;

    /**
     * Verifies and decrypts the fragment {@code in[inOff, inOff+inLen)} into {@code out} at
     * {@code outOff}, which needs room for {@code inLen - 16} bytes; the ranges must not overlap.
     *
     * @return the content length; the content is at {@code out[outOff...]}
     * @throws javax.crypto.BadPaddingException for every kind of bad record alike
     */
    int open(byte[] macHeader, byte[] in, int inOff, int inLen, byte[] out, int outOff)
            throws GeneralSecurityException;
}
