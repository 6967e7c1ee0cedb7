package org.dtls4j.jmh;

import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.crypto.NamedGroup;

/**
 * The handshake shapes the benchmarks compare, each pinned to one suite with AES-128-GCM and
 * one ECDHE group (RFC 8422 §5.1.1, RFC 7748; PSK per RFC 4279, ECDHE-PSK per RFC 5489/8442).
 * The bulk cipher barely matters for a handshake; the key exchange and the signature do.
 */
public enum KeyExchange {
    /** ECDHE on P-256, ECDSA P-256 server certificate. */
    ECDHE_ECDSA_P256(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, NamedGroup.SECP256R1, 0xC02B),
    /** ECDHE on x25519, ECDSA P-256 server certificate. */
    ECDHE_ECDSA_X25519(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, NamedGroup.X25519, 0xC02B),
    /** ECDHE on P-256, RSA-2048 server certificate (RSASSA-PSS signatures where both sides offer them). */
    ECDHE_RSA(CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, NamedGroup.SECP256R1, 0xC02F),
    /** Plain PSK: no public-key operation at all. */
    PSK(CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256, null, 0x00A8),
    /** ECDHE on P-256 authenticated by a PSK. */
    ECDHE_PSK(CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256, NamedGroup.SECP256R1, 0xD001);

    private final CipherSuite suite;
    private final NamedGroup group;
    private final int code;

    KeyExchange(CipherSuite suite, NamedGroup group, int code) {
        this.suite = suite;
        this.group = group;
        this.code = code;
    }

    public CipherSuite suite() {
        return suite;
    }

    /** The ECDHE group, or {@code null} for plain PSK. */
    public NamedGroup group() {
        return group;
    }

    /** The suite's IANA code point, as Bouncy Castle takes it. */
    public int suiteCode() {
        return code;
    }

    /**
     * The groups a client offers: the ECDHE group first, and for x25519 also secp256r1, because
     * the server's ECDSA certificate is on P-256 and RFC 8422 §5.1 lets a server use an ECDSA
     * certificate only on a curve the client lists.
     */
    public java.util.List<NamedGroup> clientGroups() {
        if (group == null) {
            return java.util.List.of();
        }
        return group == NamedGroup.X25519 ? java.util.List.of(group, NamedGroup.SECP256R1) : java.util.List.of(group);
    }

    public boolean usesPsk() {
        return this == PSK || this == ECDHE_PSK;
    }

    public boolean usesRsa() {
        return this == ECDHE_RSA;
    }

    /** The JDK's names for {@link #clientGroups()}, preferred first ({@code jdk.tls.namedGroups}). */
    public String[] jdkGroupNames() {
        return clientGroups().stream().map(NamedGroup::tlsName).toArray(String[]::new);
    }
}
