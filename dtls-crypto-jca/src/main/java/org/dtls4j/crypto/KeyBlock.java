package org.dtls4j.crypto;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * The MAC keys, write keys and implicit IVs cut from the key block (RFC 5246 §6.3).
 *
 * <pre>
 *   key_block = PRF(SecurityParameters.master_secret, "key expansion",
 *                   SecurityParameters.server_random + SecurityParameters.client_random);
 *
 *   client_write_MAC_key[mac_key_length]   (empty for AEAD suites)
 *   server_write_MAC_key[mac_key_length]   (empty for AEAD suites)
 *   client_write_key[enc_key_length]
 *   server_write_key[enc_key_length]
 *   client_write_IV[fixed_iv_length]       (empty for CBC suites in TLS 1.2)
 *   server_write_IV[fixed_iv_length]       (empty for CBC suites in TLS 1.2)
 * </pre>
 *
 * <p>The arrays are copied in and out, so a caller can neither change this object nor be changed by
 * it; {@link #destroy()} zeroes the held copies. {@link #toString()} never shows key material, and
 * {@link #equals(Object)} compares contents in constant time.
 */
public record KeyBlock(byte[] clientWriteMacKey, byte[] serverWriteMacKey, byte[] clientWriteKey,
                       byte[] serverWriteKey, byte[] clientWriteIv, byte[] serverWriteIv) {

    public KeyBlock {
        clientWriteMacKey = Objects.requireNonNull(clientWriteMacKey, "clientWriteMacKey").clone();
        serverWriteMacKey = Objects.requireNonNull(serverWriteMacKey, "serverWriteMacKey").clone();
        clientWriteKey = Objects.requireNonNull(clientWriteKey, "clientWriteKey").clone();
        serverWriteKey = Objects.requireNonNull(serverWriteKey, "serverWriteKey").clone();
        clientWriteIv = Objects.requireNonNull(clientWriteIv, "clientWriteIv").clone();
        serverWriteIv = Objects.requireNonNull(serverWriteIv, "serverWriteIv").clone();
    }

    /** The key block of an AEAD suite: no MAC keys. */
    public KeyBlock(byte[] clientWriteKey, byte[] serverWriteKey, byte[] clientWriteIv, byte[] serverWriteIv) {
        this(new byte[0], new byte[0], clientWriteKey, serverWriteKey, clientWriteIv, serverWriteIv);
    }

    /** client_write_MAC_key (a copy); empty for an AEAD suite. */
    @Override
    public byte[] clientWriteMacKey() {
        return clientWriteMacKey.clone();
    }

    /** server_write_MAC_key (a copy); empty for an AEAD suite. */
    @Override
    public byte[] serverWriteMacKey() {
        return serverWriteMacKey.clone();
    }

    /** client_write_key (a copy). */
    @Override
    public byte[] clientWriteKey() {
        return clientWriteKey.clone();
    }

    /** server_write_key (a copy). */
    @Override
    public byte[] serverWriteKey() {
        return serverWriteKey.clone();
    }

    /** client_write_IV: the implicit nonce part (a copy). */
    @Override
    public byte[] clientWriteIv() {
        return clientWriteIv.clone();
    }

    /** server_write_IV: the implicit nonce part (a copy). */
    @Override
    public byte[] serverWriteIv() {
        return serverWriteIv.clone();
    }

    /** Overwrites the held key material with zeros. */
    public void destroy() {
        Arrays.fill(clientWriteMacKey, (byte) 0);
        Arrays.fill(serverWriteMacKey, (byte) 0);
        Arrays.fill(clientWriteKey, (byte) 0);
        Arrays.fill(serverWriteKey, (byte) 0);
        Arrays.fill(clientWriteIv, (byte) 0);
        Arrays.fill(serverWriteIv, (byte) 0);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof KeyBlock)) {
            return false;
        }
        KeyBlock k = (KeyBlock) o;
        // Evaluate all six so the time taken does not say which part differed.
        boolean same = MessageDigest.isEqual(clientWriteMacKey, k.clientWriteMacKey);
        same &= MessageDigest.isEqual(serverWriteMacKey, k.serverWriteMacKey);
        same &= MessageDigest.isEqual(clientWriteKey, k.clientWriteKey);
        same &= MessageDigest.isEqual(serverWriteKey, k.serverWriteKey);
        same &= MessageDigest.isEqual(clientWriteIv, k.clientWriteIv);
        same &= MessageDigest.isEqual(serverWriteIv, k.serverWriteIv);
        return same;
    }

    /** Depends on the lengths only, so a hash table never learns anything about the keys. */
    @Override
    public int hashCode() {
        return Objects.hash(clientWriteMacKey.length, clientWriteKey.length, clientWriteIv.length);
    }

    @Override
    public String toString() {
        return "KeyBlock[redacted]";
    }
}
