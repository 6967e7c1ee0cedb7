package org.dtls4j.record;

import java.util.Random;

import org.dtls4j.crypto.BulkCipher;
import org.dtls4j.crypto.JcaProviders;

/** Deterministic key material for tests: the same seed gives the same key and IV. */
record KeyMaterial(BulkCipher cipher, byte[] key, byte[] fixedIv) {

    static KeyMaterial of(BulkCipher cipher, long seed) {
        Random random = new Random(seed);
        byte[] key = new byte[cipher.keyLength()];
        byte[] iv = new byte[cipher.fixedIvLength()];
        random.nextBytes(key);
        random.nextBytes(iv);
        return new KeyMaterial(cipher, key, iv);
    }

    /** A fresh protection (own cipher object, own scratch) over this key material. */
    RecordProtection protection() {
        return RecordProtection.create(cipher, key, fixedIv, JcaProviders.defaults());
    }
}
