package org.dtls4j.crypto;

import java.util.Optional;

/** Elliptic-curve groups for ECDHE, with their TLS code points (RFC 8422 §5.1.1, RFC 7748). */
public enum NamedGroup {
    X25519(29, "x25519", 32),
    SECP256R1(23, "secp256r1", 65),
    SECP384R1(24, "secp384r1", 97);

    private final int code;
    private final String tlsName;
    private final int publicKeyLength;

    NamedGroup(int code, String tlsName, int publicKeyLength) {
        this.code = code;
        this.tlsName = tlsName;
        this.publicKeyLength = publicKeyLength;
    }

    public int code() {
        return code;
    }

    /** The IANA name, also what OpenSSL accepts ("x25519", "secp256r1"; OpenSSL also says "P-256"). */
    public String tlsName() {
        return tlsName;
    }

    /** Length of the public key on the wire: 32 for X25519, an uncompressed point for the NIST curves. */
    public int publicKeyLength() {
        return publicKeyLength;
    }

    public static Optional<NamedGroup> fromCode(int code) {
        for (NamedGroup g : values()) {
            if (g.code == code) {
                return Optional.of(g);
            }
        }
        return Optional.empty();
    }

    /** Looks a group up by its IANA name or OpenSSL alias ("P-256", "prime256v1", "P-384"). */
    public static Optional<NamedGroup> fromName(String name) {
        String n = name.trim().toLowerCase(java.util.Locale.ROOT);
        switch (n) {
            case "x25519": return Optional.of(X25519);
            case "secp256r1": case "p-256": case "prime256v1": return Optional.of(SECP256R1);
            case "secp384r1": case "p-384": return Optional.of(SECP384R1);
            default: return Optional.empty();
        }
    }
}
