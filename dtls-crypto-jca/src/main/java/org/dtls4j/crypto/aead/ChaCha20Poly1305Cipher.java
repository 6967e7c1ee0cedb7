package org.dtls4j.crypto.aead;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.dtls4j.crypto.AeadCipher;
import org.dtls4j.crypto.BulkCipher;
import org.dtls4j.crypto.JcaProviders;

/**
 * ChaCha20-Poly1305 record cipher (RFC 7905 §2, AEAD construction of RFC 8439 §2.8) on JCA
 * {@code "ChaCha20-Poly1305"}.
 *
 * <p>The JDK's ChaCha20-Poly1305 cipher refuses to be initialised with the same key and nonce as
 * its previous initialisation, in either direction. For sealing that refusal is a welcome guard
 * against nonce reuse and is passed on. For opening it would be a trap: a forged record carrying
 * the sequence number (hence the nonce) of a legitimate record that has not arrived yet fails its
 * tag, and the legitimate record would then be refused at {@code init}. The record layer's replay
 * window only rejects records that <em>opened</em>, so this case is real. {@code open} therefore
 * remembers the nonce of its last initialisation and, when the next nonce is the same, takes a
 * fresh {@link Cipher} instance; that allocation happens only on this attack path.
 *
 * <p>JCA verifies the Poly1305 tag before it releases plaintext, so nothing reaches {@code out}
 * when authentication fails.
 *
 * <p>JDK 17's implementation copies ciphertext that does not start at index 0 of its array
 * through a growing internal buffer: about 3.3 KB of garbage for a 1,200-byte record, where the
 * same call from index 0 allocates none of it (JDK 25 treats both alike). A record's ciphertext
 * always starts after the 13-byte header, so {@code open} first copies it to index 0 of a scratch
 * array that grows to the largest record seen; the copy costs far less than the garbage.
 */
public final class ChaCha20Poly1305Cipher implements AeadCipher {

    private static final String TRANSFORMATION = "ChaCha20-Poly1305";
    /** RFC 8439 §2.8: the tag is 16 bytes; RFC 7905 §2: the nonce is 12 bytes. */
    private static final int TAG_BYTES = 16;
    private static final int NONCE_BYTES = 12;

    private final JcaProviders providers;
    private final SecretKeySpec key;
    private final byte[] lastOpenNonce = new byte[NONCE_BYTES];
    private final Cipher sealer;
    private Cipher opener;
    private boolean opened;
    /** Ciphertext moved to index 0 for the JDK; see the class comment. */
    private byte[] scratch = new byte[0];

    public ChaCha20Poly1305Cipher(byte[] key, JcaProviders providers) {
        Keys.checkLength(BulkCipher.CHACHA20_POLY1305, key);
        this.providers = providers;
        this.key = new SecretKeySpec(key, "ChaCha20");
        this.sealer = providers.cipher(TRANSFORMATION);
        this.opener = providers.cipher(TRANSFORMATION);
    }

    @Override
    public BulkCipher algorithm() {
        return BulkCipher.CHACHA20_POLY1305;
    }

    @Override
    public int seal(byte[] nonce, byte[] aad, byte[] in, int inOff, int inLen, byte[] out, int outOff)
            throws GeneralSecurityException {
        AeadArgs.checkNonce(nonce, NONCE_BYTES);
        AeadArgs.checkRanges(aad, in, inOff, inLen, out, outOff);
        sealer.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(nonce));
        sealer.updateAAD(aad);
        return sealer.doFinal(in, inOff, inLen, out, outOff);
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
        if (opened && Arrays.equals(nonce, lastOpenNonce)) {
            // Same key and nonce as the previous init: the JDK would refuse; start a fresh cipher.
            opener = providers.cipher(TRANSFORMATION);
        }
        opener.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(nonce));
        System.arraycopy(nonce, 0, lastOpenNonce, 0, NONCE_BYTES);
        opened = true;
        opener.updateAAD(aad);
        if (inOff == 0) {
            return opener.doFinal(in, 0, inLen, out, outOff);
        }
        if (scratch.length < inLen) {
            scratch = new byte[inLen];
        }
        System.arraycopy(in, inOff, scratch, 0, inLen);
        return opener.doFinal(scratch, 0, inLen, out, outOff);
    }

    @Override
    public String toString() {
        return "ChaCha20Poly1305Cipher";
    }
}
