package org.dtls4j.crypto;

import java.security.GeneralSecurityException;

/**
 * One direction's AEAD record cipher with its key fixed (RFC 5116 interface, as RFC 5246 §6.2.3.3 uses it).
 *
 * <p>The caller builds the 12-byte nonce and the additional data; the cipher only seals and opens.
 * Implementations reuse their JCA objects across records and write into the caller's array, so a
 * record costs no allocation of ours beyond what JCA itself does. Not thread-safe: one instance per
 * direction and epoch.
 */
public interface AeadCipher {
    /** The algorithm this instance runs. */
    BulkCipher algorithm();

    /**
     * Encrypts {@code in[inOff, inOff+inLen)} and writes ciphertext followed by the tag to {@code out}
     * at {@code outOff}. The ranges must not overlap.
     *
     * @return bytes written: {@code inLen + tagLength}
     */
    int seal(byte[] nonce, byte[] aad, byte[] in, int inOff, int inLen, byte[] out, int outOff)
            throws GeneralSecurityException;

    /**
     * Verifies and decrypts ciphertext-with-tag {@code in[inOff, inOff+inLen)} into {@code out} at
     * {@code outOff}. The ranges must not overlap. Nothing is written when authentication fails.
     *
     * @return the plaintext length: {@code inLen - tagLength}
     * @throws javax.crypto.AEADBadTagException when the tag does not verify
     * @throws GeneralSecurityException when {@code inLen} is shorter than the tag, or JCA refuses
     */
    int open(byte[] nonce, byte[] aad, byte[] in, int inOff, int inLen, byte[] out, int outOff)
            throws GeneralSecurityException;
}
