package org.dtls4j.handshake.message;

/**
 * Handshake message types (RFC 5246 §7.4, RFC 6347 §4.3.2 adds hello_verify_request, RFC 5077 §3.3
 * new_session_ticket).
 */
public enum HandshakeType {
    HELLO_REQUEST(0),
    CLIENT_HELLO(1),
    SERVER_HELLO(2),
    HELLO_VERIFY_REQUEST(3),
    NEW_SESSION_TICKET(4),
    CERTIFICATE(11),
    SERVER_KEY_EXCHANGE(12),
    CERTIFICATE_REQUEST(13),
    SERVER_HELLO_DONE(14),
    CERTIFICATE_VERIFY(15),
    CLIENT_KEY_EXCHANGE(16),
    FINISHED(20);

    private final int code;

    HandshakeType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type for a code, or {@code null} for one we do not know. */
    public static HandshakeType fromCode(int code) {
        for (HandshakeType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
