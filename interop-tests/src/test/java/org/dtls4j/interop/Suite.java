package org.dtls4j.interop;

import java.util.Optional;

/**
 * The cipher suites the interop matrix exercises, with their three spellings: the IANA name
 * (what the JDK and dtls4j use), the code point (what Bouncy Castle and the wire use) and the
 * OpenSSL name.
 *
 * <p>The rows are exactly dtls4j's suites ({@code org.dtls4j.crypto.CipherSuite}), in its
 * preference order, the AES-128-CBC suites last; {@code SuiteTest} checks that both tables agree.
 *
 * <p>Code points from the IANA TLS Cipher Suites registry (RFC 5289, RFC 6655, RFC 7251,
 * RFC 7905, RFC 5487, RFC 5489, RFC 8442, RFC 8422).
 */
public enum Suite {
    TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256(0xC02B, "ECDHE-ECDSA-AES128-GCM-SHA256", InteropCase.Mode.CERTIFICATE),
    TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256(0xC02F, "ECDHE-RSA-AES128-GCM-SHA256", InteropCase.Mode.CERTIFICATE),
    TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384(0xC02C, "ECDHE-ECDSA-AES256-GCM-SHA384", InteropCase.Mode.CERTIFICATE),
    TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384(0xC030, "ECDHE-RSA-AES256-GCM-SHA384", InteropCase.Mode.CERTIFICATE),
    TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256(0xCCA9, "ECDHE-ECDSA-CHACHA20-POLY1305", InteropCase.Mode.CERTIFICATE),
    TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256(0xCCA8, "ECDHE-RSA-CHACHA20-POLY1305", InteropCase.Mode.CERTIFICATE),
    TLS_ECDHE_ECDSA_WITH_AES_128_CCM(0xC0AC, "ECDHE-ECDSA-AES128-CCM", InteropCase.Mode.CERTIFICATE),
    TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8(0xC0AE, "ECDHE-ECDSA-AES128-CCM8", InteropCase.Mode.CERTIFICATE),
    /** RFC 8442; OpenSSL has no such suite. */
    TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256(0xD001, null, InteropCase.Mode.PSK),
    TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256(0xCCAC, "ECDHE-PSK-CHACHA20-POLY1305", InteropCase.Mode.PSK),
    TLS_PSK_WITH_AES_128_GCM_SHA256(0x00A8, "PSK-AES128-GCM-SHA256", InteropCase.Mode.PSK),
    TLS_PSK_WITH_AES_256_GCM_SHA384(0x00A9, "PSK-AES256-GCM-SHA384", InteropCase.Mode.PSK),
    TLS_PSK_WITH_CHACHA20_POLY1305_SHA256(0xCCAB, "PSK-CHACHA20-POLY1305", InteropCase.Mode.PSK),
    TLS_PSK_WITH_AES_128_CCM(0xC0A4, "PSK-AES128-CCM", InteropCase.Mode.PSK),
    TLS_PSK_WITH_AES_128_CCM_8(0xC0A8, "PSK-AES128-CCM8", InteropCase.Mode.PSK),
    TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256(0xC023, "ECDHE-ECDSA-AES128-SHA256", InteropCase.Mode.CERTIFICATE),
    TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256(0xC027, "ECDHE-RSA-AES128-SHA256", InteropCase.Mode.CERTIFICATE),
    TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA(0xC009, "ECDHE-ECDSA-AES128-SHA", InteropCase.Mode.CERTIFICATE),
    TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA(0xC013, "ECDHE-RSA-AES128-SHA", InteropCase.Mode.CERTIFICATE),
    TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256(0xC037, "ECDHE-PSK-AES128-CBC-SHA256", InteropCase.Mode.PSK),
    TLS_PSK_WITH_AES_128_CBC_SHA256(0x00AE, "PSK-AES128-CBC-SHA256", InteropCase.Mode.PSK);

    private final int code;
    private final String openSslName;
    private final InteropCase.Mode mode;

    Suite(int code, String openSslName, InteropCase.Mode mode) {
        this.code = code;
        this.openSslName = openSslName;
        this.mode = mode;
    }

    /** The two-byte code point. */
    public int code() {
        return code;
    }

    /**
     * OpenSSL's name, e.g. {@code ECDHE-ECDSA-AES128-GCM-SHA256}.
     *
     * @throws IllegalStateException for a suite OpenSSL does not have (see {@link #inOpenSsl()})
     */
    public String openSslName() {
        if (openSslName == null) {
            throw new IllegalStateException("OpenSSL has no suite " + name());
        }
        return openSslName;
    }

    /** Whether OpenSSL has this suite. */
    public boolean inOpenSsl() {
        return openSslName != null;
    }

    /** Whether dtls4j has this suite (the same code point in {@code org.dtls4j.crypto.CipherSuite}). */
    public boolean inDtls4j() {
        return org.dtls4j.crypto.CipherSuite.fromId(code).isPresent();
    }

    /**
     * Whether the JDK's SSLEngine has this suite in DTLS 1.2: certificate suites with AES-GCM,
     * ChaCha20-Poly1305 or AES-CBC (the last MAC-then-encrypt only: the JDK has no RFC 7366).
     */
    public boolean inJdk() {
        return mode == InteropCase.Mode.CERTIFICATE && (name().contains("_GCM_") || name().contains("_CHACHA20_") || cbc());
    }

    /** An AES-128-CBC suite (RFC 5246 §6.2.3.2), encrypt-then-MAC where the peers speak RFC 7366. */
    public boolean cbc() {
        return name().contains("_CBC_");
    }

    /**
     * The largest application datagram the matrix sends with this suite from any peer: 1,400 bytes,
     * and 1,380 with CBC. A dtls4j sender in a 1,472-byte datagram allows the payload whose record
     * fits with the fewest padding bytes: 1,472 - 13 leaves 1,459 bytes, of which 1,411 after IV (16)
     * and MAC (32, HMAC-SHA256) make 88 whole blocks, 1,407 bytes of data; other peers' limits are
     * their own.
     */
    public int largestPayload() {
        return cbc() ? 1380 : 1400;
    }

    /**
     * Whether Scandium 3.13 is tested with this suite: its AES-128-CBC suites with SHA-256, those
     * without RSA (the Scandium harness has only EC keys).
     */
    public boolean inScandium() {
        return cbc() && name().endsWith("_SHA256") && !rsa();
    }

    /** Certificate or PSK authentication. */
    public InteropCase.Mode mode() {
        return mode;
    }

    /** Whether the server authenticates with an RSA certificate. */
    public boolean rsa() {
        return name().contains("_RSA_");
    }

    /**
     * The {@code -cipher} argument selecting only this suite. CCM_8 suites get
     * {@code :@SECLEVEL=0}: OpenSSL 3.0.19 negotiates them at its default level 1 too, but a
     * build or configuration whose security level counts the 8-byte tag against the suite would
     * silently not offer them (and fail with "no shared cipher"); level 0 is harmless here.
     */
    public String openSslCipherList() {
        return name().endsWith("_CCM_8") ? openSslName() + ":@SECLEVEL=0" : openSslName();
    }

    /** The suite OpenSSL calls {@code name}, if it is in this table. */
    public static Optional<Suite> fromOpenSsl(String name) {
        for (Suite s : values()) {
            if (name.equals(s.openSslName)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The suite with IANA name {@code name}, if it is in this table. */
    public static Optional<Suite> fromIana(String name) {
        for (Suite s : values()) {
            if (s.name().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The suite with code point {@code code}, if it is in this table. */
    public static Optional<Suite> fromCode(int code) {
        for (Suite s : values()) {
            if (s.code == code) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
