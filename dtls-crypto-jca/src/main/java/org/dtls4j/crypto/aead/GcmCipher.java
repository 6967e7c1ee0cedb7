package org.dtls4j.crypto.aead;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.dtls4j.crypto.AeadCipher;
import org.dtls4j.crypto.BulkCipher;
import org.dtls4j.crypto.JcaProviders;

/**
 * AES-128-GCM and AES-256-GCM record cipher (RFC 5288 §3, RFC 5116 §5.1-5.2) on JCA
 * {@code "AES/GCM/NoPadding"}.
 *
 * <p>One {@link Cipher} is kept for the life of this object and re-initialised per record with a
 * fresh {@link GCMParameterSpec}. Two JDK behaviours shape the code:
 * <ul>
 *   <li>The JDK refuses to re-initialise a GCM cipher for encryption with the key and IV of its
 *       previous encryption. That is a guard against nonce reuse, which for GCM reveals the
 *       authentication key; the record layer never seals two records under one nonce, so the
 *       refusal is passed on unchanged.</li>
 *   <li>GCM decryption buffers all ciphertext until {@code doFinal} and releases plaintext only
 *       after the tag verifies, so {@code open} is a single {@code doFinal} call and writes nothing
 *       to {@code out} on a bad tag.</li>
 * </ul>
 */
public final class GcmCipher implements AeadCipher {

    /** RFC 5288 §3: "The AES-GCM ... ciphersuites ... use a 16-octet authentication tag". */
    private static final int TAG_BITS = 128;
    private static final int TAG_BYTES = TAG_BITS / 8;
    private static final int NONCE_BYTES = 12;

    private final BulkCipher algorithm;
    private final SecretKeySpec key;
    private final Cipher cipher;

    public GcmCipher(BulkCipher algorithm, byte[] key, JcaProviders providers) {
        if (algorithm != BulkCipher.AES_128_GCM && algorithm != BulkCipher.AES_256_GCM) {
            throw new IllegalArgumentException("not an AES-GCM cipher: " + algorithm);
        }
        Keys.checkLength(algorithm, key);
        this.algorithm = algorithm;
        this.key = new SecretKeySpec(key, "AES");
        this.cipher = providers.cipher("AES/GCM/NoPadding");
    }

    @Override
    public BulkCipher algorithm() {
        return algorithm;
    }

    @Override
    public int seal(byte[] nonce, byte[] aad, byte[] in, int inOff, int inLen, byte[] out, int outOff)
            throws GeneralSecurityException {
        AeadArgs.checkNonce(nonce, NONCE_BYTES);
        AeadArgs.checkRanges(aad, in, inOff, inLen, out, outOff);
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(aad);
        return cipher.doFinal(in, inOff, inLen, out, outOff);
    }

    @Override
    public int open(byte[] nonce, byte[] aad, byte[] in, int inOff, int inLen, byte[] out, int outOff)
            throws GeneralSecurityException {
        AeadArgs.checkNonce(nonce, NONCE_BYTES);
        AeadArgs.checkRanges(aad, in, inOff, inLen, out, outOff);
        if (inLen < TAG_BYTES) {
            throw new AEADBadTagException("ciphertext of " + inLen + " bytes is shorter than the "
                    + TAG_BYTES + "-byte tag");
        }
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(aad);
        return cipher.doFinal(in, inOff, inLen, out, outOff);
    }

    @Override
    public String toString() {
        return "GcmCipher[" + algorithm.displayName() + "]";
    }
}
