package org.dtls4j.crypto.cbc;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.dtls4j.crypto.BulkCipher;
import org.dtls4j.crypto.JcaProviders;

/**
 * AES-CBC with an explicit IV per record (RFC 5246 §6.2.3.2) on JCA {@code "AES/CBC/NoPadding"},
 * without a new {@code init} per record.
 *
 * <p>Both {@link Cipher} objects are initialised once, with an all-zero IV, and every
 * {@code doFinal} returns them to it. Sealing uses the construction RFC 4346 §6.2.3.2 describes as
 * its option (2) with a fixed mask of zero: a fresh random block R is encrypted in front of the
 * data, and the first ciphertext block, E(0 XOR R), goes on the wire as the record's IV. Each
 * following block is chained to it exactly as CBC with that IV would chain it, and the IV is as
 * unpredictable as R. Opening decrypts the wire IV as a block of its own and throws that block
 * away: it only serves as the chaining value of the first real block.
 */
final class CbcBlocks {
    static final int BLOCK = BulkCipher.AES_BLOCK_LENGTH;

    private final Cipher encryptor;
    private final Cipher decryptor;
    private final SecureRandom random;
    /** The random block R of the record being sealed. */
    private final byte[] prefix = new byte[BLOCK];
    /** Where the decryption of the wire IV goes. */
    private final byte[] discarded = new byte[BLOCK];

    CbcBlocks(BulkCipher cipher, byte[] key, SecureRandom random, JcaProviders providers) {
        if (cipher != BulkCipher.AES_128_CBC) {
            throw new IllegalArgumentException("not a CBC cipher: " + cipher);
        }
        Objects.requireNonNull(key, "key");
        if (key.length != cipher.keyLength()) {
            throw new IllegalArgumentException(cipher.displayName() + " needs a " + cipher.keyLength()
                    + "-byte key, got " + key.length + " bytes");
        }
        this.random = Objects.requireNonNull(random, "random");
        SecretKeySpec k = new SecretKeySpec(key, "AES");
        IvParameterSpec zero = new IvParameterSpec(new byte[BLOCK]);
        this.encryptor = providers.cipher("AES/CBC/NoPadding");
        this.decryptor = providers.cipher("AES/CBC/NoPadding");
        try {
            encryptor.init(Cipher.ENCRYPT_MODE, k, zero);
            decryptor.init(Cipher.DECRYPT_MODE, k, zero);
        } catch (InvalidKeyException | InvalidAlgorithmParameterException e) {
            throw new IllegalStateException("AES/CBC/NoPadding refused a " + key.length + "-byte key", e);
        }
    }

    /**
     * Writes {@code IV || ENC(in[inOff, inOff+inLen) || tail[0, tailLen))} at {@code out[outOff]};
     * {@code inLen + tailLen} must be a whole number of blocks.
     *
     * @return bytes written: {@code BLOCK + inLen + tailLen}
     */
    int encrypt(byte[] in, int inOff, int inLen, byte[] tail, int tailLen, byte[] out, int outOff)
            throws GeneralSecurityException {
        random.nextBytes(prefix);
        int n = encryptor.update(prefix, 0, BLOCK, out, outOff);
        n += encryptor.update(in, inOff, inLen, out, outOff + n);
        return n + encryptor.doFinal(tail, 0, tailLen, out, outOff + n);
    }

    /**
     * Decrypts {@code in[inOff, inOff+inLen)}, which is {@code IV || ciphertext} with
     * {@code inLen} a whole number of blocks, at least two.
     *
     * @return bytes of plaintext written at {@code out[outOff]}: {@code inLen - BLOCK}
     */
    int decrypt(byte[] in, int inOff, int inLen, byte[] out, int outOff) throws GeneralSecurityException {
        decryptor.update(in, inOff, BLOCK, discarded, 0);
        return decryptor.doFinal(in, inOff + BLOCK, inLen - BLOCK, out, outOff);
    }
}
