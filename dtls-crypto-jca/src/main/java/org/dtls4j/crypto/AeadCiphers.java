package org.dtls4j.crypto;

import org.dtls4j.crypto.aead.CcmCipher;
import org.dtls4j.crypto.aead.ChaCha20Poly1305Cipher;
import org.dtls4j.crypto.aead.GcmCipher;

/**
 * Creates the {@link AeadCipher} for a suite's bulk cipher (RFC 5246 §6.2.3.3).
 *
 * <ul>
 *   <li>AES-GCM (RFC 5288): JCA {@code "AES/GCM/NoPadding"}.</li>
 *   <li>ChaCha20-Poly1305 (RFC 7905): JCA {@code "ChaCha20-Poly1305"}.</li>
 *   <li>AES-CCM and AES-CCM_8 (RFC 6655, RFC 7251): our own CCM over JCA {@code "AES/ECB/NoPadding"},
 *       since JCA has no CCM mode.</li>
 * </ul>
 */
public final class AeadCiphers {

    private AeadCiphers() {
    }

    /**
     * One direction's cipher with its write key fixed.
     *
     * @param key the client or server write key from the key block, {@code cipher.keyLength()} bytes
     * @throws IllegalArgumentException if the key has the wrong length
     * @throws IllegalStateException if the chosen provider lacks the algorithm
     */
    public static AeadCipher create(BulkCipher cipher, byte[] key, JcaProviders p) {
        switch (cipher) {
            case AES_128_GCM:
            case AES_256_GCM:
                return new GcmCipher(cipher, key, p);
            case CHACHA20_POLY1305:
                return new ChaCha20Poly1305Cipher(key, p);
            case AES_128_CCM:
            case AES_128_CCM_8:
            case AES_256_CCM:
            case AES_256_CCM_8:
                return new CcmCipher(cipher, key, p);
            default:
                throw new IllegalArgumentException("no AEAD implementation for " + cipher);
        }
    }
}
