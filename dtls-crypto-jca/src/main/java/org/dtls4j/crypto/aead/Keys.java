package org.dtls4j.crypto.aead;

import java.util.Objects;
import org.dtls4j.crypto.BulkCipher;

/** Key length checks against the suite table (RFC 5246 §6.3 enc_key_length). */
final class Keys {

    private Keys() {
    }

    static void checkLength(BulkCipher algorithm, byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length != algorithm.keyLength()) {
            throw new IllegalArgumentException(algorithm.displayName() + " needs a "
                    + algorithm.keyLength() + "-byte key, got " + key.length + " bytes");
        }
    }
}
