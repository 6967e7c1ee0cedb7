package org.dtls4j.crypto.aead;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.util.Arrays;
import org.dtls4j.crypto.AeadCipher;
import org.dtls4j.crypto.BulkCipher;
import org.dtls4j.crypto.JcaProviders;

/**
 * AES-CCM and AES-CCM_8 record cipher for TLS (RFC 6655 §3, RFC 7251 §2): the general
 * {@link AesCcm} fixed to the TLS shape.
 *
 * <p>RFC 6655 §3: the nonce is 12 bytes (4-byte salt plus 8-byte explicit nonce), so L = 3;
 * AES_128_CCM and AES_256_CCM carry a 16-byte tag, the _8 variants an 8-byte tag.
 *
 * <p>Like the JDK's GCM and ChaCha20-Poly1305 ciphers, {@code seal} refuses the nonce of the
 * immediately preceding {@code seal}: under one key a repeated CCM nonce repeats the keystream.
 * RFC 3610 §2 requires every nonce to be unique within the scope of a key; the record layer
 * guarantees this with its epoch and sequence number, and the check catches a broken caller.
 */
public final class CcmCipher implements AeadCipher {

    private static final int NONCE_BYTES = 12;

    private final BulkCipher algorithm;
    private final AesCcm ccm;
    private final byte[] lastSealNonce = new byte[NONCE_BYTES];
    private boolean sealed;

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
        if (sealed && Arrays.equals(nonce, lastSealNonce)) {
            throw new InvalidAlgorithmParameterException("refusing to seal twice in a row with the same nonce");
        }
        int n = ccm.seal(nonce, aad, in, inOff, inLen, out, outOff);
        System.arraycopy(nonce, 0, lastSealNonce, 0, NONCE_BYTES);
        sealed = true;
        return n;
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
