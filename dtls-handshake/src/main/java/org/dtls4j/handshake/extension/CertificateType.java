package org.dtls4j.handshake.extension;

import java.util.Locale;
import java.util.Optional;

/**
 * The certificate types dtls4j can send and accept (IANA "TLS Certificate Types" registry, RFC 7250
 * §3): what a Certificate message carries once client_certificate_type or server_certificate_type
 * has been negotiated. Without those extensions a Certificate always carries X.509 certificates
 * (RFC 5246 §7.4.2). The registry's OpenPGP (1, RFC 6091) is not used by dtls4j; it stays a raw code
 * in {@link CertificateTypes}.
 */
public enum CertificateType {
    /** X.509v3 certificates, the default of RFC 5246 §7.4.2. */
    X509(0),
    /** A bare SubjectPublicKeyInfo (RFC 7250 §3). */
    RAW_PUBLIC_KEY(2);

    private final int code;

    CertificateType(int code) {
        this.code = code;
    }

    /** The 8-bit code point. */
    public int code() {
        return code;
    }

    /** The type with this code point, or empty for one dtls4j does not use. */
    public static Optional<CertificateType> fromCode(int code) {
        for (CertificateType t : values()) {
            if (t.code == code) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The name for messages: {@code X.509}, {@code raw public key}, or {@code unknown(1)}. */
    public static String describe(int code) {
        return fromCode(code).map(CertificateType::toString).orElse("unknown(" + code + ")");
    }

    @Override
    public String toString() {
        return this == X509 ? "X.509" : name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
