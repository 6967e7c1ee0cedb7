package org.dtls4j.crypto.aead;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;
import org.dtls4j.crypto.JcaProviders;

/**
 * AES-CCM, the general construction of RFC 3610 §2 (NIST SP 800-38C), built on the JCA AES block
 * function because JCA has no CCM mode.
 *
 * <p>Parameters: a nonce of {@code N} = 7..13 bytes, which leaves {@code L = 15 - N} bytes for the
 * message length, and a tag of {@code M} = 4, 6, ..., 16 bytes. TLS uses N = 12 (L = 3) with
 * M = 16 or 8 (RFC 6655 §3); the other shapes are here so that the construction can be checked
 * against the full range of published vectors.
 *
 * <pre>
 *   Flags   = 64*Adata + 8*((M-2)/2) + (L-1)                       RFC 3610 §2.2
 *   B_0     = Flags || Nonce || l(m)            (l(m) in L bytes, big-endian)
 *   l(a)    = 2 bytes if 0 &lt; l(a) &lt; 2^16-2^8, else 0xFF 0xFE || 4 bytes
 *   X_1     = E(K, B_0);  X_i+1 = E(K, X_i XOR B_i)                  CBC-MAC over
 *             B_0 || l(a) || a || zero pad || m || zero pad
 *   T       = first M bytes of X_n+1
 *   A_i     = (L-1) || Nonce || i               (i in L bytes)      RFC 3610 §2.3
 *   S_i     = E(K, A_i)
 *   output  = (m XOR S_1 || S_2 || ...) || (T XOR first M bytes of S_0)
 * </pre>
 *
 * <p>Costs and promises: one AES/ECB cipher is initialised once with the key; the counter-mode
 * keystream is produced sixteen blocks per JCA call, the CBC-MAC one block per call (it is
 * sequential by nature). Apart from the scratch arrays allocated here once, {@code seal} and
 * {@code open} allocate nothing. Because the tag covers the plaintext, {@code open} decrypts
 * twice: first into private scratch to compute the tag, and only after the tag verifies into
 * {@code out}, so a forged message writes nothing to the caller's array. Not thread-safe.
 */
public final class AesCcm {

    private static final int BLOCK = 16;
    private static final int CHUNK_BLOCKS = 16;
    private static final int CHUNK = CHUNK_BLOCKS * BLOCK;

    private final Cipher aes;
    private final int nonceLength;
    private final int tagLength;
    private final int lengthFieldSize;
    private final long maxMessageLength;

    private final byte[] mac = new byte[BLOCK];
    private final byte[] macOut = new byte[BLOCK];
    private int macPos;
    private final byte[] s0 = new byte[BLOCK];
    private final byte[] counters = new byte[CHUNK];
    private final byte[] keystream = new byte[CHUNK];
    private final byte[] plain = new byte[CHUNK];
    private final byte[] aadLength = new byte[6];

    /**
     * @param key         16, 24 or 32 bytes (AES-128, -192, -256)
     * @param nonceLength 7 to 13
     * @param tagLength   4, 6, 8, 10, 12, 14 or 16
     * @throws IllegalArgumentException for any other shape
     */
    public AesCcm(byte[] key, int nonceLength, int tagLength, JcaProviders providers) {
        Objects.requireNonNull(key, "key");
        if (key.length != 16 && key.length != 24 && key.length != 32) {
            throw new IllegalArgumentException("AES key must be 16, 24 or 32 bytes, got " + key.length);
        }
        // RFC 3610 §2: "Valid values [of L] are between 2 and 8" and N = 15 - L.
        if (nonceLength < 7 || nonceLength > 13) {
            throw new IllegalArgumentException("CCM nonce must be 7..13 bytes, got " + nonceLength);
        }
        // RFC 3610 §2: "Valid values [of M] are 4, 6, 8, 10, 12, 14, and 16 octets."
        if (tagLength < 4 || tagLength > 16 || tagLength % 2 != 0) {
            throw new IllegalArgumentException("CCM tag must be 4, 6, ..., 16 bytes, got " + tagLength);
        }
        this.nonceLength = nonceLength;
        this.tagLength = tagLength;
        this.lengthFieldSize = 15 - nonceLength;
        this.maxMessageLength = lengthFieldSize >= 8 ? Long.MAX_VALUE : (1L << (8 * lengthFieldSize)) - 1;
        this.aes = providers.cipher("AES/ECB/NoPadding");
        try {
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("AES refused the key", e);
        }
    }

    public int nonceLength() {
        return nonceLength;
    }

    public int tagLength() {
        return tagLength;
    }

    /**
     * Encrypts and authenticates {@code in[inOff, inOff+inLen)}; writes ciphertext then tag to {@code out}.
     *
     * @return {@code inLen + tagLength()}
     */
    public int seal(byte[] nonce, byte[] aad, byte[] in, int inOff, int inLen, byte[] out, int outOff)
            throws GeneralSecurityException {
        AeadArgs.checkNonce(nonce, nonceLength);
        AeadArgs.checkRanges(aad, in, inOff, inLen, out, outOff);
        checkMessageLength(inLen);
        checkOutput(out, outOff, inLen + tagLength);

        macStart(nonce, aad.length, inLen);
        macAbsorb(aad, 0, aad.length);
        macPad();
        macAbsorb(in, inOff, inLen);
        macPad();

        counterBlock0(nonce);
        ctr(nonce, in, inOff, inLen, out, outOff);
        for (int i = 0; i < tagLength; i++) {
            out[outOff + inLen + i] = (byte) (mac[i] ^ s0[i]);
        }
        return inLen + tagLength;
    }

    /**
     * Verifies and decrypts ciphertext-with-tag {@code in[inOff, inOff+inLen)} into {@code out}.
     * Nothing is written to {@code out} unless the tag verifies.
     *
     * @return the plaintext length, {@code inLen - tagLength()}
     * @throws AEADBadTagException when the tag does not verify or the input is shorter than a tag
     */
    public int open(byte[] nonce, byte[] aad, byte[] in, int inOff, int inLen, byte[] out, int outOff)
            throws GeneralSecurityException {
        AeadArgs.checkNonce(nonce, nonceLength);
        AeadArgs.checkRanges(aad, in, inOff, inLen, out, outOff);
        if (inLen < tagLength) {
            throw new AEADBadTagException("ciphertext of " + inLen + " bytes is shorter than the "
                    + tagLength + "-byte tag");
        }
        int textLen = inLen - tagLength;
        checkMessageLength(textLen);
        checkOutput(out, outOff, textLen);

        macStart(nonce, aad.length, textLen);
        macAbsorb(aad, 0, aad.length);
        macPad();
        // Pass 1: recover the plaintext chunk by chunk into scratch, only to feed the CBC-MAC.
        for (int done = 0; done < textLen; done += CHUNK) {
            int n = Math.min(CHUNK, textLen - done);
            keystream(nonce, 1 + done / BLOCK, n);
            for (int i = 0; i < n; i++) {
                plain[i] = (byte) (in[inOff + done + i] ^ keystream[i]);
            }
            macAbsorb(plain, 0, n);
        }
        macPad();
        Arrays.fill(plain, (byte) 0);

        counterBlock0(nonce);
        // RFC 3610 §2.5: "If the T value is not correct, the receiver MUST NOT reveal any
        // information except for the fact that T is incorrect." Compare in constant time.
        int tagOff = inOff + textLen;
        int diff = 0;
        for (int i = 0; i < tagLength; i++) {
            diff |= (mac[i] ^ s0[i]) ^ in[tagOff + i];
        }
        if (diff != 0) {
            throw new AEADBadTagException("AES-CCM authentication tag does not verify");
        }
        // Pass 2: the tag is good; now decrypt into the caller's array.
        ctr(nonce, in, inOff, textLen, out, outOff);
        return textLen;
    }

    /** The same answer JCA gives for a short output array: a ShortBufferException, before any write. */
    private static void checkOutput(byte[] out, int outOff, int needed) throws ShortBufferException {
        if (out.length - outOff < needed) {
            throw new ShortBufferException("output needs " + needed + " bytes, has " + (out.length - outOff));
        }
    }

    private void checkMessageLength(int len) throws GeneralSecurityException {
        // RFC 3610 §2: "0 <= l(m) < 2^(8L)".
        if (len > maxMessageLength) {
            throw new GeneralSecurityException("CCM with a " + nonceLength + "-byte nonce carries at most "
                    + maxMessageLength + " bytes, got " + len);
        }
    }

    /** X_1 = E(K, B_0), then the encoded l(a) if there is additional data (RFC 3610 §2.2). */
    private void macStart(byte[] nonce, int aadLen, int msgLen) throws GeneralSecurityException {
        int flags = (aadLen > 0 ? 0x40 : 0) | (((tagLength - 2) / 2) << 3) | (lengthFieldSize - 1);
        mac[0] = (byte) flags;
        System.arraycopy(nonce, 0, mac, 1, nonceLength);
        writeCounter(mac, 1 + nonceLength, msgLen);
        macPos = 0;
        macEncrypt();
        if (aadLen > 0) {
            if (aadLen < 0xFF00) {
                aadLength[0] = (byte) (aadLen >>> 8);
                aadLength[1] = (byte) aadLen;
                macAbsorb(aadLength, 0, 2);
            } else {
                aadLength[0] = (byte) 0xFF;
                aadLength[1] = (byte) 0xFE;
                aadLength[2] = (byte) (aadLen >>> 24);
                aadLength[3] = (byte) (aadLen >>> 16);
                aadLength[4] = (byte) (aadLen >>> 8);
                aadLength[5] = (byte) aadLen;
                macAbsorb(aadLength, 0, 6);
            }
        }
    }

    /** XORs bytes into the current CBC-MAC block, encrypting each block as it fills. */
    private void macAbsorb(byte[] src, int off, int len) throws GeneralSecurityException {
        for (int i = 0; i < len; i++) {
            mac[macPos++] ^= src[off + i];
            if (macPos == BLOCK) {
                macEncrypt();
                macPos = 0;
            }
        }
    }

    /** Ends a field: a partly filled block is zero padded, which XOR leaves as it is. */
    private void macPad() throws GeneralSecurityException {
        if (macPos > 0) {
            macEncrypt();
            macPos = 0;
        }
    }

    private void macEncrypt() throws GeneralSecurityException {
        aes.update(mac, 0, BLOCK, macOut, 0);
        System.arraycopy(macOut, 0, mac, 0, BLOCK);
    }

    /** S_0 = E(K, A_0), the block that masks the tag. */
    private void counterBlock0(byte[] nonce) throws GeneralSecurityException {
        keystream(nonce, 0, 1);
        System.arraycopy(keystream, 0, s0, 0, BLOCK);
    }

    /** Counter mode from A_1 on: {@code out = in XOR S_1 || S_2 || ...}. */
    private void ctr(byte[] nonce, byte[] in, int inOff, int len, byte[] out, int outOff)
            throws GeneralSecurityException {
        for (int done = 0; done < len; done += CHUNK) {
            int n = Math.min(CHUNK, len - done);
            keystream(nonce, 1 + done / BLOCK, n);
            for (int i = 0; i < n; i++) {
                out[outOff + done + i] = (byte) (in[inOff + done + i] ^ keystream[i]);
            }
        }
    }

    /** Fills {@code keystream} with S_first, S_first+1, ... covering {@code bytes} bytes. */
    private void keystream(byte[] nonce, int first, int bytes) throws GeneralSecurityException {
        int blocks = (bytes + BLOCK - 1) / BLOCK;
        for (int b = 0; b < blocks; b++) {
            int at = b * BLOCK;
            counters[at] = (byte) (lengthFieldSize - 1);
            System.arraycopy(nonce, 0, counters, at + 1, nonceLength);
            writeCounter(counters, at + 1 + nonceLength, first + b);
        }
        aes.update(counters, 0, blocks * BLOCK, keystream, 0);
    }

    /** Writes {@code value} big-endian into the L-byte field at {@code off}. */
    private void writeCounter(byte[] dst, int off, int value) {
        for (int i = 0; i < lengthFieldSize; i++) {
            int shift = 8 * (lengthFieldSize - 1 - i);
            dst[off + i] = shift >= 32 ? 0 : (byte) (value >>> shift);
        }
    }

    @Override
    public String toString() {
        return "AesCcm[nonce=" + nonceLength + ", tag=" + tagLength + "]";
    }
}
