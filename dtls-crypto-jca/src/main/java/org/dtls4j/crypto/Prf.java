package org.dtls4j.crypto;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The TLS 1.2 pseudorandom function and the secrets derived with it (DTLS 1.2 uses them
 * unchanged, RFC 6347 §4.2.1 and §4.2.6).
 *
 * <pre>
 *   RFC 5246 §5:
 *   P_hash(secret, seed) = HMAC_hash(secret, A(1) + seed) +
 *                          HMAC_hash(secret, A(2) + seed) + ...
 *   A(0) = seed,  A(i) = HMAC_hash(secret, A(i-1))
 *   PRF(secret, label, seed) = P_&lt;hash&gt;(secret, label + seed)
 * </pre>
 *
 * <ul>
 *   <li>master secret: RFC 5246 §8.1</li>
 *   <li>extended master secret: RFC 7627 §4</li>
 *   <li>key block: RFC 5246 §6.3 (see {@link KeyBlock})</li>
 *   <li>Finished verify_data: RFC 5246 §7.4.9</li>
 * </ul>
 */
public final class Prf {

    /** RFC 5246 §7.4.9: finished_label for the client's Finished. */
    public static final String CLIENT_FINISHED = "client finished";
    /** RFC 5246 §7.4.9: finished_label for the server's Finished. */
    public static final String SERVER_FINISHED = "server finished";

    /** RFC 5246 §8.1: "The master secret is always exactly 48 bytes in length." */
    public static final int MASTER_SECRET_LENGTH = 48;
    /** RFC 5246 §7.4.9: "verify_data_length ... defaults to 12". */
    public static final int VERIFY_DATA_LENGTH = 12;
    private static final int RANDOM_LENGTH = 32;

    private Prf() {
    }

    /**
     * PRF(secret, label, seed) truncated to {@code length} bytes.
     *
     * @param label ASCII text; RFC 5246 §5: "the label is an ASCII string ... without a length byte
     *              or trailing null character"
     */
    public static byte[] prf(PrfHash hash, byte[] secret, String label, byte[] seed, int length, JcaProviders p) {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(seed, "seed");
        if (length < 0) {
            throw new IllegalArgumentException("length must not be negative: " + length);
        }
        byte[] labelAndSeed = concat(ascii(label), seed);
        Mac mac = p.mac(hash.hmacAlgorithm());
        try {
            mac.init(hmacKey(secret, hash.hmacAlgorithm()));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(hash.hmacAlgorithm() + " refused the PRF secret", e);
        }
        byte[] out = new byte[length];
        byte[] a = labelAndSeed;
        for (int off = 0; off < length; ) {
            a = mac.doFinal(a);                       // A(i) = HMAC_hash(secret, A(i-1))
            mac.update(a);
            byte[] block = mac.doFinal(labelAndSeed); // HMAC_hash(secret, A(i) + seed)
            int n = Math.min(block.length, length - off);
            System.arraycopy(block, 0, out, off, n);
            Arrays.fill(block, (byte) 0);
            off += n;
        }
        return out;
    }

    /**
     * RFC 5246 §8.1: {@code master_secret = PRF(pre_master_secret, "master secret",
     * ClientHello.random + ServerHello.random)[0..47]}.
     */
    public static byte[] masterSecret(PrfHash h, byte[] premaster, byte[] clientRandom, byte[] serverRandom,
                                      JcaProviders p) {
        checkRandom("clientRandom", clientRandom);
        checkRandom("serverRandom", serverRandom);
        return prf(h, premaster, "master secret", concat(clientRandom, serverRandom), MASTER_SECRET_LENGTH, p);
    }

    /**
     * RFC 7627 §4: {@code master_secret = PRF(pre_master_secret, "extended master secret",
     * session_hash)[0..47]}, where session_hash is the hash of the handshake messages up to and
     * including ClientKeyExchange.
     */
    public static byte[] extendedMasterSecret(PrfHash h, byte[] premaster, byte[] sessionHash, JcaProviders p) {
        return prf(h, premaster, "extended master secret", sessionHash, MASTER_SECRET_LENGTH, p);
    }

    /**
     * RFC 5246 §6.3: the key block, cut into MAC keys (CBC suites), write keys and implicit IVs
     * (AEAD suites). Note the seed order: server_random first, the reverse of the master secret's
     * seed.
     */
    public static KeyBlock keyBlock(CipherSuite s, byte[] masterSecret, byte[] clientRandom, byte[] serverRandom,
                                    JcaProviders p) {
        checkRandom("clientRandom", clientRandom);
        checkRandom("serverRandom", serverRandom);
        BulkCipher c = s.cipher();
        byte[] block = prf(s.prfHash(), masterSecret, "key expansion", concat(serverRandom, clientRandom),
                s.keyBlockLength(), p);
        int m = s.macKeyLength();
        int k = c.keyLength();
        int iv = c.fixedIvLength();
        KeyBlock kb = new KeyBlock(
                Arrays.copyOfRange(block, 0, m),
                Arrays.copyOfRange(block, m, 2 * m),
                Arrays.copyOfRange(block, 2 * m, 2 * m + k),
                Arrays.copyOfRange(block, 2 * m + k, 2 * m + 2 * k),
                Arrays.copyOfRange(block, 2 * m + 2 * k, 2 * m + 2 * k + iv),
                Arrays.copyOfRange(block, 2 * m + 2 * k + iv, 2 * m + 2 * k + 2 * iv));
        Arrays.fill(block, (byte) 0);
        return kb;
    }

    /**
     * RFC 5246 §7.4.9: {@code verify_data = PRF(master_secret, finished_label,
     * Hash(handshake_messages))[0..verify_data_length-1]}.
     *
     * @param finishedLabel {@link #CLIENT_FINISHED} or {@link #SERVER_FINISHED}
     * @param handshakeHash the transcript hash, already computed with the suite's PRF hash
     * @return 12 bytes
     */
    public static byte[] verifyData(PrfHash h, byte[] masterSecret, String finishedLabel, byte[] handshakeHash,
                                    JcaProviders p) {
        return prf(h, masterSecret, finishedLabel, handshakeHash, VERIFY_DATA_LENGTH, p);
    }

    /**
     * HMAC pads its key with zeros to the hash block size (RFC 2104 §2), so an empty secret and a
     * single zero byte are the same key; JCA refuses empty keys, so the former becomes the latter.
     */
    private static SecretKeySpec hmacKey(byte[] secret, String algorithm) {
        return new SecretKeySpec(secret.length == 0 ? new byte[1] : secret, algorithm);
    }

    private static byte[] ascii(String label) {
        Objects.requireNonNull(label, "label");
        for (int i = 0; i < label.length(); i++) {
            if (label.charAt(i) > 0x7F) {
                throw new IllegalArgumentException("PRF label must be ASCII: " + label);
            }
        }
        return label.getBytes(StandardCharsets.US_ASCII);
    }

    private static void checkRandom(String name, byte[] random) {
        Objects.requireNonNull(random, name);
        // RFC 5246 §7.4.1.2: Random is gmt_unix_time (4 bytes) plus random_bytes[28].
        if (random.length != RANDOM_LENGTH) {
            throw new IllegalArgumentException(name + " must be 32 bytes, got " + random.length);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
