package org.dtls4j.crypto.cbc;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.dtls4j.crypto.BulkCipher;
import org.dtls4j.crypto.CbcCipher;
import org.dtls4j.crypto.CbcCiphers;
import org.dtls4j.crypto.JcaProviders;
import org.dtls4j.crypto.MacAlgorithm;

/**
 * Keys, ciphers and hand-built records for the CBC tests. A hand-built record is a plaintext of
 * the test's choosing (any padding, any MAC bytes) encrypted with plain JCA AES-CBC under a random
 * IV, so a test can present every pattern a forger could.
 */
record CbcRecords(MacAlgorithm mac, boolean encryptThenMac, byte[] key, byte[] macKey) {
    static final int BLOCK = 16;

    static CbcRecords of(MacAlgorithm mac, boolean encryptThenMac, long seed) {
        Random r = new Random(seed);
        byte[] key = new byte[16];
        byte[] macKey = new byte[mac.keyLength()];
        r.nextBytes(key);
        r.nextBytes(macKey);
        return new CbcRecords(mac, encryptThenMac, key, macKey);
    }

    CbcCipher cipher(SecureRandom random, JcaProviders providers) {
        return encryptThenMac
                ? CbcCiphers.encryptThenMac(BulkCipher.AES_128_CBC, key, mac, macKey, random, providers)
                : CbcCiphers.macThenEncrypt(BulkCipher.AES_128_CBC, key, mac, macKey, random, providers);
    }

    CbcCipher cipher() {
        return cipher(new SecureRandom(), JcaProviders.defaults());
    }

    /** A 13-byte RFC 5246 §6.2.3.1 header: seq_num, type, version, and a length field to be filled in. */
    static byte[] header(long seq) {
        byte[] h = new byte[13];
        for (int i = 0; i < 8; i++) {
            h[i] = (byte) (seq >>> (56 - 8 * i));
        }
        h[8] = 23;
        h[9] = (byte) 0xFE;
        h[10] = (byte) 0xFD;
        return h;
    }

    static byte[] withLength(byte[] header, int length) {
        byte[] h = header.clone();
        h[h.length - 2] = (byte) (length >>> 8);
        h[h.length - 1] = (byte) length;
        return h;
    }

    /** IV || AES-CBC(plaintext) with a random IV; {@code plaintext} is whole blocks. */
    byte[] encrypt(byte[] plaintext, Random r) throws Exception {
        byte[] iv = new byte[BLOCK];
        r.nextBytes(iv);
        Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        return CbcVectorsTest.concat(iv, c.doFinal(plaintext));
    }

    /** The plaintext of {@code IV || ciphertext}, decrypted with plain JCA. */
    byte[] decrypt(byte[] fragment, int length) throws Exception {
        Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(fragment, 0, BLOCK));
        return c.doFinal(fragment, BLOCK, length - BLOCK);
    }

    byte[] hmac(byte[]... parts) throws Exception {
        return CbcVectorsTest.hmac(mac, macKey, parts);
    }

    /** content || padding || padding_length with {@code paddingLength} bytes of padding. */
    static byte[] padded(byte[] content, int paddingLength) {
        byte[] p = Arrays.copyOf(content, content.length + paddingLength + 1);
        Arrays.fill(p, content.length, p.length, (byte) paddingLength);
        return p;
    }

    /** A MAC-then-encrypt record of {@code content} with {@code paddingLength} padding bytes, well formed. */
    byte[] macThenEncrypt(byte[] header, byte[] content, int paddingLength, Random r) throws Exception {
        byte[] mac = hmac(withLength(header, content.length), content);
        return encrypt(padded(CbcVectorsTest.concat(content, mac), paddingLength), r);
    }

    /** An encrypt-then-MAC record of {@code content} with {@code paddingLength} padding bytes, well formed. */
    byte[] encryptThenMac(byte[] header, byte[] content, int paddingLength, Random r) throws Exception {
        byte[] encrypted = encrypt(padded(content, paddingLength), r);
        return CbcVectorsTest.concat(encrypted, hmac(withLength(header, encrypted.length), encrypted));
    }
}
