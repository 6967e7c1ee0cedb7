package org.dtls4j.crypto;

import java.security.SecureRandom;
import org.dtls4j.crypto.cbc.EncryptThenMacCipher;
import org.dtls4j.crypto.cbc.MacThenEncryptCipher;

/**
 * Creates the {@link CbcCipher} of a CBC suite: JCA {@code "AES/CBC/NoPadding"} and
 * {@code "HmacSHA1"} / {@code "HmacSHA256"}, in either order (RFC 5246 §6.2.3.2, RFC 7366).
 */
public final class CbcCiphers {

    private CbcCiphers() {
    }

    /**
     * Encrypt-then-MAC records (RFC 7366), for a connection whose hellos both carried the
     * encrypt_then_mac extension.
     *
     * @param key    client_write_key or server_write_key, 16 bytes
     * @param macKey the MAC key of the same direction, {@code mac.keyLength()} bytes
     * @param random where each record's IV comes from (RFC 5246 §6.2.3.2: it "MUST be unpredictable")
     * @throws IllegalArgumentException if a key has the wrong length or the cipher is not a block cipher
     * @throws IllegalStateException if the provider lacks an algorithm
     */
    public static CbcCipher encryptThenMac(BulkCipher cipher, byte[] key, MacAlgorithm mac, byte[] macKey,
                                           SecureRandom random, JcaProviders p) {
        return new EncryptThenMacCipher(cipher, key, mac, macKey, random, p);
    }

    /**
     * MAC-then-encrypt records (RFC 5246 §6.2.3.2), opened in constant time with respect to the
     * padding. Parameters as for {@link #encryptThenMac}.
     */
    public static CbcCipher macThenEncrypt(BulkCipher cipher, byte[] key, MacAlgorithm mac, byte[] macKey,
                                           SecureRandom random, JcaProviders p) {
        return new MacThenEncryptCipher(cipher, key, mac, macKey, random, p);
    }
}
