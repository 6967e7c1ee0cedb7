package org.dtls4j.crypto;

/**
 * The record ciphers dtls4j supports, with the lengths RFC 5246 §6.3 needs to cut the key block.
 *
 * <p>Nonce shapes differ among the AEAD ciphers: AES-GCM (RFC 5288 §3) and AES-CCM (RFC 6655 §3)
 * take a 4-byte implicit salt from the key block and carry an 8-byte explicit nonce in each record;
 * ChaCha20-Poly1305 (RFC 7905 §2) takes a 12-byte IV from the key block, XORs the sequence number
 * into it and sends no explicit nonce.
 *
 * <p>AES-128-CBC is the one block cipher (RFC 5246 §6.2.3.2, cipher_type block): it takes nothing
 * but its key from the key block, carries a 16-byte explicit IV in each record, and is
 * authenticated by the suite's {@link MacAlgorithm}, not by itself (see {@link CbcCipher}).
 */
public enum BulkCipher {
    AES_128_GCM("AES-128-GCM", 16, 4, 8, 16),
    AES_256_GCM("AES-256-GCM", 32, 4, 8, 16),
    CHACHA20_POLY1305("ChaCha20-Poly1305", 32, 12, 0, 16),
    AES_128_CCM("AES-128-CCM", 16, 4, 8, 16),
    AES_128_CCM_8("AES-128-CCM-8", 16, 4, 8, 8),
    AES_256_CCM("AES-256-CCM", 32, 4, 8, 16),
    AES_256_CCM_8("AES-256-CCM-8", 32, 4, 8, 8),
    /** RFC 5246 §6.2.3.2: record_iv_length = block_size = 16, and no fixed IV in TLS 1.2. */
    AES_128_CBC("AES-128-CBC", 16, 0, 16, 0);

    /** The AES block size (FIPS 197): the CBC IV and padding granule. */
    public static final int AES_BLOCK_LENGTH = 16;

    private final String displayName;
    private final int keyLength;
    private final int fixedIvLength;
    private final int recordIvLength;
    private final int tagLength;

    BulkCipher(String displayName, int keyLength, int fixedIvLength, int recordIvLength, int tagLength) {
        this.displayName = displayName;
        this.keyLength = keyLength;
        this.fixedIvLength = fixedIvLength;
        this.recordIvLength = recordIvLength;
        this.tagLength = tagLength;
    }

    public String displayName() {
        return displayName;
    }

    /** enc_key_length: bytes of write key per direction. */
    public int keyLength() {
        return keyLength;
    }

    /**
     * Whether this is an AEAD cipher (RFC 5246 §6.2.3.3); otherwise a CBC block cipher
     * (§6.2.3.2) that needs the suite's MAC.
     */
    public boolean isAead() {
        return this != AES_128_CBC;
    }

    /** fixed_iv_length: bytes of implicit IV per direction taken from the key block. */
    public int fixedIvLength() {
        return fixedIvLength;
    }

    /**
     * record_iv_length: bytes of explicit nonce carried in each record (0 for ChaCha20-Poly1305),
     * or of explicit IV for AES-128-CBC.
     */
    public int recordIvLength() {
        return recordIvLength;
    }

    /** Authentication tag length in bytes; 0 for AES-128-CBC, whose MAC belongs to the suite. */
    public int tagLength() {
        return tagLength;
    }

    /**
     * Bytes an AEAD-protected record adds to its plaintext: explicit nonce plus tag. For
     * AES-128-CBC only the IV; the MAC and padding come on top ({@link CbcCipher#maxExpansion()}).
     */
    public int expansion() {
        return recordIvLength + tagLength;
    }

    /** The full AEAD nonce length: 12 bytes for every AEAD cipher here (unused by AES-128-CBC). */
    public int nonceLength() {
        return 12;
    }
}
