package org.dtls4j.handshake.extension;

import java.util.Optional;

/**
 * Extension types we name (IANA "TLS ExtensionType Values" registry; RFC 5246 §7.4.1.4).
 *
 * <p>An {@link Extension} keeps its type as a raw {@code int}, so types missing from this enum
 * still decode: a server skips what it does not understand, and a client rejects a ServerHello
 * extension it did not offer (RFC 5246 §7.4.1.4: "If a client receives an extension type in
 * ServerHello that it did not request in the associated ClientHello, it MUST abort the handshake
 * with an unsupported_extension fatal alert.").
 */
public enum ExtensionType {
    /** RFC 6066 §3. */
    SERVER_NAME(0),
    /** RFC 6066 §4. */
    MAX_FRAGMENT_LENGTH(1),
    /** RFC 6066 §8. */
    STATUS_REQUEST(5),
    /** RFC 8422 §5.1.1 (called elliptic_curves there; renamed by RFC 7919). */
    SUPPORTED_GROUPS(10),
    /** RFC 8422 §5.1.2. */
    EC_POINT_FORMATS(11),
    /** RFC 5246 §7.4.1.4.1. */
    SIGNATURE_ALGORITHMS(13),
    /** RFC 5764 §4.1.1. */
    USE_SRTP(14),
    /** RFC 6520 §2. */
    HEARTBEAT(15),
    /** RFC 7301 §3.1. */
    APPLICATION_LAYER_PROTOCOL_NEGOTIATION(16),
    /** RFC 6962 §3.3.1. */
    SIGNED_CERTIFICATE_TIMESTAMP(18),
    /** RFC 7250 §3. See {@link CertificateTypes}. */
    CLIENT_CERTIFICATE_TYPE(19),
    /** RFC 7250 §3. See {@link CertificateTypes}. */
    SERVER_CERTIFICATE_TYPE(20),
    /** RFC 7366 §2. See {@link EncryptThenMac}. */
    ENCRYPT_THEN_MAC(22),
    /** RFC 7627 §5.1. */
    EXTENDED_MASTER_SECRET(23),
    /** RFC 8449 §4. */
    RECORD_SIZE_LIMIT(28),
    /** RFC 5077 §3.2. */
    SESSION_TICKET(35),
    /**
     * 53, the code point that drafts of RFC 9146 used for connection_id, whose records are protected
     * with other additional data than the RFC's (RFC 9146 §5); IANA lists it as "connection_id
     * (deprecated)". Named only so that a hello carrying it can be recognised, and refused unless
     * configured otherwise; dtls4j speaks only the RFC's form, code point 54.
     */
    CONNECTION_ID_DEPRECATED(53),
    /** RFC 9146 §3. See {@link ConnectionId}. */
    CONNECTION_ID(54),
    /** RFC 5746 §3.2. */
    RENEGOTIATION_INFO(0xFF01);

    private final int code;

    ExtensionType(int code) {
        this.code = code;
    }

    /** The 16-bit code point. */
    public int code() {
        return code;
    }

    /** The type with this code point, or empty for one we do not name. */
    public static Optional<ExtensionType> fromCode(int code) {
        for (ExtensionType t : values()) {
            if (t.code == code) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The RFC name ({@code supported_groups}), or {@code unknown(1234)} for an unnamed code. */
    public static String describe(int code) {
        return fromCode(code).map(t -> t.name().toLowerCase(java.util.Locale.ROOT))
                .orElse("unknown(" + code + ")");
    }
}
