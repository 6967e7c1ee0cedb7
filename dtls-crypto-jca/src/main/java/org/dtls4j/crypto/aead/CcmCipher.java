package org.dtls4j.crypto.aead;

import java.security.GeneralSecurityException;
import org.dtls4j.crypto.AeadCipher;
import org.dtls4j.crypto.BulkCipher;
import org.dtls4j.crypto.JcaProviders;

/**
 * AES-CCM and AES-CCM_8 record cipher for TLS (RFC 6655 §3, RFC 7251 §2): the general
 * {@link AesCcm} fixed to the TLS shape.
 *
 * <p>RFC 6655 §3: the nonce is 12 bytes (4-byte salt plus 8-byte explicit nonce), so L = 3;
 * AES_128_CCM and AES_256_CCM carry a 16-byte tag, the _8 variants an 8-byte tag.
 */
public final class CcmCipher implements AeadCipher {

    private static final int NONCE_BYTES = 12;

    private final BulkCipher algorithm;
    private final AesCcm ccm;

    public CcmCipher(BulkCipher algorithm, byte[] key, JcaProviders providers) {
        switch (algorithm) {
            case AES_128_CCM: case AES_128_CCM_8: case AES_256_CCM: case AES_256_CCM_8:
                break;
            default:
                throw new IllegalArgumentException("not an AES-CCM cipher: " + algorithm);
        }
        Keys.checkLength(algorithm, key);
        this.algorithm = algorithm;
        this.ccm = new AesCcm(key, NONCE_BYTES, algorithm.tagLength(), providers);
    }

    @Override
    public BulkCipher algorithm() {
        return algorithm;
    }

    @Override
    public int seal(byte[] nonce, byte[] aad, byte[] in, int inOff, int inLen, byte[] out, int outOff)
            throws GeneralSecurityException {
        return ccm.seal(nonce, aad, in, inOff, inLen, out, outOff);
    }

    @Override
    public int open(byte[] nonce, byte[] aad, byte[] in, int inOff, int inLen, byte[] out, int outOff)
            throws GeneralSecurityException {
        return ccm.open(nonce, aad, in, inOff, inLen, out, outOff);
    }

    @Override
    public String toString() {
        return "CcmCipher[" + algorithm.displayName() + "]";
    }
}
