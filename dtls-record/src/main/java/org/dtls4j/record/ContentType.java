package org.dtls4j.record;

/**
 * Record content types (RFC 5246 §6.2.1, RFC 6347 §4.1).
 *
 * <p>The enum values are the real content types a record carries, the ones a {@link RecordSink}
 * receives and {@link RecordLayer#writeRecord} takes. {@link #TLS12_CID} is not among them: it is
 * only ever the outer type of a record that carries a connection ID (RFC 9146 §4), whose real type
 * travels encrypted inside the {@link DTLSInnerPlaintext}.
 */
public enum ContentType {
    CHANGE_CIPHER_SPEC(20),
    ALERT(21),
    HANDSHAKE(22),
    APPLICATION_DATA(23);

    /**
     * tls12_cid(25), the outer content type of a DTLSCiphertext record with a connection ID. RFC 9146
     * §4: "The outer content type of a DTLSCiphertext record carrying a CID is always set to
     * tls12_cid(25). The real content type of the record is found in DTLSInnerPlaintext.real_type
     * after decryption." A code, not an enum value, so that it can never be delivered or written as
     * a real type; {@link #fromCode} does not return it.
     */
    public static final int TLS12_CID = 25;

    private final int code;

    ContentType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /**
     * The type for a code, or {@code null} for a code we do not know (such a record is discarded).
     * {@link #TLS12_CID} is not a real content type and gives {@code null} too.
     */
    public static ContentType fromCode(int code) {
        switch (code) {
            case 20: return CHANGE_CIPHER_SPEC;
            case 21: return ALERT;
            case 22: return HANDSHAKE;
            case 23: return APPLICATION_DATA;
            default: return null;
        }
    }
}
