package org.dtls4j.crypto;

/**
 * The AEAD record ciphers dtls4j supports, with the lengths RFC 5246 §6.3 needs to cut the key block.
 *
 * <p>Nonce shapes differ: AES-GCM (RFC 5288 §3) and AES-CCM (RFC 6655 §3) take a 4-byte implicit
 * salt from the key block and carry an 8-byte explicit nonce in each record; ChaCha20-Poly1305
 * (RFC 7905 §2) takes a 12-byte IV from the key block, XORs the sequence number into it and sends
 * no explicit nonce.
 */
public enum BulkCipher {
    AES_128_GCM("AES-128-GCM", 16, 4, 8, 16),
    AES_256_GCM("AES-256-GCM", 32, 4, 8, 16),
    CHACHA20_POLY1305("ChaCha20-Poly1305", 32, 12, 0, 16),
    AES_128_CCM("AES-128-CCM", 16, 4, 8, 16),
    AES_128_CCM_8("AES-128-CCM-8", 16, 4, 8, 8),
    AES_256_CCM("AES-256-CCM", 32, 4, 8, 16),
    AES_256_CCM_8("AES-256-CCM-8", 32, 4, 8, 8);

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

    /** fixed_iv_length: bytes of implicit IV per direction taken from the key block. */
    public int fixedIvLength() {
        return fixedIvLength;
    }

    /** record_iv_length: bytes of explicit nonce carried in each record (0 for ChaCha20-Poly1305). */
    public int recordIvLength() {
        return recordIvLength;
    }

    /** Authentication tag length in bytes. */
    public int tagLength() {
        return tagLength;
    }

    /** Bytes a protected record adds to its plaintext: explicit nonce plus tag. */
    public int expansion() {
        return recordIvLength + tagLength;
    }

    /** The full AEAD nonce length: 12 bytes for every cipher here. */
    public int nonceLength() {
        return 12;
    }
}
