package org.dtls4j.handshake;

import java.util.Optional;

/** Alert descriptions (RFC 5246 §7.2, RFC 4279 §2, RFC 7301 §3.2, RFC 8446 registry). */
public enum AlertDescription {
    CLOSE_NOTIFY(0),
    UNEXPECTED_MESSAGE(10),
    BAD_RECORD_MAC(20),
    RECORD_OVERFLOW(22),
    HANDSHAKE_FAILURE(40),
    BAD_CERTIFICATE(42),
    UNSUPPORTED_CERTIFICATE(43),
    CERTIFICATE_REVOKED(44),
    CERTIFICATE_EXPIRED(45),
    CERTIFICATE_UNKNOWN(46),
    ILLEGAL_PARAMETER(47),
    UNKNOWN_CA(48),
    ACCESS_DENIED(49),
    DECODE_ERROR(50),
    DECRYPT_ERROR(51),
    PROTOCOL_VERSION(70),
    INSUFFICIENT_SECURITY(71),
    INTERNAL_ERROR(80),
    USER_CANCELED(90),
    NO_RENEGOTIATION(100),
    UNSUPPORTED_EXTENSION(110),
    UNRECOGNIZED_NAME(112),
    UNKNOWN_PSK_IDENTITY(115),
    NO_APPLICATION_PROTOCOL(120);

    private final int code;

    AlertDescription(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The lower-case RFC name, e.g. {@code handshake_failure}. */
    public String rfcName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Optional<AlertDescription> fromCode(int code) {
        for (AlertDescription d : values()) {
            if (d.code == code) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
