package org.dtls4j.record;

import java.security.SecureRandom;
import java.util.Random;

import org.dtls4j.crypto.BulkCipher;
import org.dtls4j.crypto.CbcCiphers;
import org.dtls4j.crypto.JcaProviders;
import org.dtls4j.crypto.MacAlgorithm;

/**
 * Deterministic key material for tests: the same seed gives the same key, IV and MAC key. For
 * AES-128-CBC the MAC is HMAC-SHA256 and the records encrypt-then-MAC unless a test asks for
 * {@link #macThenEncrypt()}.
 */
record KeyMaterial(BulkCipher cipher, byte[] key, byte[] fixedIv, byte[] macKey) {

    static KeyMaterial of(BulkCipher cipher, long seed) {
        Random random = new Random(seed);
        byte[] key = new byte[cipher.keyLength()];
        byte[] iv = new byte[cipher.fixedIvLength()];
        byte[] macKey = new byte[cipher.isAead() ? 0 : MacAlgorithm.HMAC_SHA256.keyLength()];
        random.nextBytes(key);
        random.nextBytes(iv);
        random.nextBytes(macKey);
        return new KeyMaterial(cipher, key, iv, macKey);
    }

    /** A fresh protection (own cipher object, own scratch) over this key material. */
    RecordProtection protection() {
        if (!cipher.isAead()) {
            return RecordProtection.of(CbcCiphers.encryptThenMac(cipher, key, MacAlgorithm.HMAC_SHA256, macKey,
                    new SecureRandom(), JcaProviders.defaults()));
        }
        return RecordProtection.create(cipher, key, fixedIv, JcaProviders.defaults());
    }

    /** AES-128-CBC with HMAC-SHA256, MAC-then-encrypt. */
    RecordProtection macThenEncrypt() {
        return RecordProtection.of(CbcCiphers.macThenEncrypt(cipher, key, MacAlgorithm.HMAC_SHA256, macKey,
                new SecureRandom(), JcaProviders.defaults()));
    }
}
