package org.dtls4j.crypto;

/**
 * The record MACs of the CBC suites (RFC 5246 §6.2.3.1, Appendix C): HMAC (RFC 2104) over SHA-1 or
 * SHA-256. AEAD suites have none.
 *
 * <p>RFC 5246 Appendix C gives mac_length = mac_key_length: 20 bytes for HMAC-SHA1, 32 for
 * HMAC-SHA256. Both hashes work on 64-byte blocks and end the message with a 0x80 byte and its
 * 8-byte bit length (FIPS 180-4 §5.1.1), which is what a constant-time MAC check counts.
 */
public enum MacAlgorithm {
    HMAC_SHA1("HmacSHA1", 20),
    HMAC_SHA256("HmacSHA256", 32);

    /** SHA-1 and SHA-256 compress 64-byte blocks (FIPS 180-4 §1). */
    public static final int HASH_BLOCK_LENGTH = 64;
    /** The padding both hashes add: at least the 0x80 byte and the 8-byte message length (FIPS 180-4 §5.1.1). */
    public static final int HASH_MIN_PADDING = 9;

    private final String jcaName;
    private final int length;

    MacAlgorithm(String jcaName, int length) {
        this.jcaName = jcaName;
        this.length = length;
    }

    /** The JCA {@code Mac} name. */
    public String jcaName() {
        return jcaName;
    }

    /** mac_length: bytes of MAC in each record. */
    public int length() {
        return length;
    }

    /** mac_key_length: bytes of MAC key per direction in the key block (RFC 5246 §6.3). */
    public int keyLength() {
        return length;
    }

    /**
     * How many times the hash compresses a block to digest a message of {@code messageLength}
     * bytes: the message and at least {@link #HASH_MIN_PADDING} bytes, in whole 64-byte blocks.
     * Shifts only, no branch and no division, so it may be applied to secret lengths.
     */
    public static int compressions(int messageLength) {
        return (messageLength + HASH_MIN_PADDING - 1 + HASH_BLOCK_LENGTH) >>> 6;
    }
}
