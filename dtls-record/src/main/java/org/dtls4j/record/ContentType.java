package org.dtls4j.record;

/** Record content types (RFC 5246 §6.2.1, RFC 6347 §4.1). */
public enum ContentType {
    CHANGE_CIPHER_SPEC(20),
    ALERT(21),
    HANDSHAKE(22),
    APPLICATION_DATA(23);

    private final int code;

    ContentType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type for a code, or {@code null} for a code we do not know (such a record is discarded). */
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
