package org.dtls4j.crypto;

/**
 * Key exchange and authentication of a cipher suite.
 *
 * <ul>
 *   <li>ECDHE_ECDSA, ECDHE_RSA: RFC 8422 §2 — ephemeral ECDH signed by the server certificate's key.</li>
 *   <li>PSK: RFC 4279 §2 — pre-shared key only.</li>
 *   <li>ECDHE_PSK: RFC 5489 §2 — ephemeral ECDH mixed with a pre-shared key.</li>
 * </ul>
 */
public enum KeyExchangeAlgorithm {
    ECDHE_ECDSA(true, true, false),
    ECDHE_RSA(true, true, false),
    PSK(false, false, true),
    ECDHE_PSK(false, true, true);

    private final boolean certificate;
    private final boolean ecdhe;
    private final boolean psk;

    KeyExchangeAlgorithm(boolean certificate, boolean ecdhe, boolean psk) {
        this.certificate = certificate;
        this.ecdhe = ecdhe;
        this.psk = psk;
    }

    /** The server authenticates with a certificate (and client authentication is possible). */
    public boolean usesCertificate() {
        return certificate;
    }

    /** An ephemeral ECDH exchange takes place (ServerKeyExchange carries ECParameters and a point). */
    public boolean usesEcdhe() {
        return ecdhe;
    }

    /** A pre-shared key is part of the premaster secret. */
    public boolean usesPsk() {
        return psk;
    }
}
