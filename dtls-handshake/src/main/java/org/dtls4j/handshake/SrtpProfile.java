package org.dtls4j.handshake;

import java.util.Locale;
import java.util.Optional;

/**
 * The SRTP protection profiles dtls4j can negotiate in the use_srtp extension (RFC 5764 §4.1.2,
 * RFC 7714 §14.2), with the master key and salt sizes that {@link SrtpKeyingMaterial} cuts the
 * exported block into (RFC 5764 §4.2).
 *
 * <table>
 *   <caption>Profiles</caption>
 *   <tr><th>profile</th><th>code</th><th>OpenSSL name</th><th>key</th><th>salt</th><th>defined</th></tr>
 *   <tr><td>SRTP_AES128_CM_HMAC_SHA1_80</td><td>0x0001</td><td>SRTP_AES128_CM_SHA1_80</td><td>16</td><td>14</td><td>RFC 5764 §4.1.2</td></tr>
 *   <tr><td>SRTP_AES128_CM_HMAC_SHA1_32</td><td>0x0002</td><td>SRTP_AES128_CM_SHA1_32</td><td>16</td><td>14</td><td>RFC 5764 §4.1.2</td></tr>
 *   <tr><td>SRTP_AEAD_AES_128_GCM</td><td>0x0007</td><td>SRTP_AEAD_AES_128_GCM</td><td>16</td><td>12</td><td>RFC 7714 §14.2</td></tr>
 *   <tr><td>SRTP_AEAD_AES_256_GCM</td><td>0x0008</td><td>SRTP_AEAD_AES_256_GCM</td><td>32</td><td>12</td><td>RFC 7714 §14.2</td></tr>
 * </table>
 */
public enum SrtpProfile {
    /** AES-128 counter mode, HMAC-SHA1 with an 80-bit tag (RFC 5764 §4.1.2). */
    SRTP_AES128_CM_HMAC_SHA1_80(0x0001, "SRTP_AES128_CM_SHA1_80", 16, 14),
    /** AES-128 counter mode, HMAC-SHA1 with a 32-bit tag for SRTP, 80 for SRTCP (RFC 5764 §4.1.2). */
    SRTP_AES128_CM_HMAC_SHA1_32(0x0002, "SRTP_AES128_CM_SHA1_32", 16, 14),
    /** AES-128-GCM (RFC 7714 §14.2; 96-bit master salt, §12). */
    SRTP_AEAD_AES_128_GCM(0x0007, "SRTP_AEAD_AES_128_GCM", 16, 12),
    /** AES-256-GCM (RFC 7714 §14.2; 96-bit master salt, §12). */
    SRTP_AEAD_AES_256_GCM(0x0008, "SRTP_AEAD_AES_256_GCM", 32, 12);

    private final int code;
    private final String openSslName;
    private final int keyLength;
    private final int saltLength;

    SrtpProfile(int code, String openSslName, int keyLength, int saltLength) {
        this.code = code;
        this.openSslName = openSslName;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
    }

    /** The SRTPProtectionProfile code point (two bytes on the wire). */
    public int code() {
        return code;
    }

    /** The name OpenSSL uses ({@code -use_srtp}, {@code SSL_CTX_set_tlsext_use_srtp}). */
    public String openSslName() {
        return openSslName;
    }

    /** SRTP master key length in bytes. */
    public int keyLength() {
        return keyLength;
    }

    /** SRTP master salt length in bytes. */
    public int saltLength() {
        return saltLength;
    }

    /** The length to export for this profile, {@code 2 * (key + salt)} (RFC 5764 §4.2). */
    public int exportLength() {
        return 2 * (keyLength + saltLength);
    }

    /** The profile with this code point, or empty for one we do not support. */
    public static Optional<SrtpProfile> fromCode(int code) {
        for (SrtpProfile p : values()) {
            if (p.code == code) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * The profile named {@code name}: OpenSSL's name ({@code SRTP_AES128_CM_SHA1_80}) or the RFC's
     * ({@code SRTP_AES128_CM_HMAC_SHA1_80}), case-insensitive.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static SrtpProfile fromName(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT);
        for (SrtpProfile p : values()) {
            if (p.openSslName.equals(n) || p.name().equals(n)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown SRTP protection profile: " + name);
    }
}
