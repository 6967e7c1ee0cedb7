package org.dtls4j.crypto;

import static org.dtls4j.crypto.BulkCipher.AES_128_CBC;
import static org.dtls4j.crypto.BulkCipher.AES_128_CCM;
import static org.dtls4j.crypto.BulkCipher.AES_128_CCM_8;
import static org.dtls4j.crypto.BulkCipher.AES_128_GCM;
import static org.dtls4j.crypto.BulkCipher.AES_256_GCM;
import static org.dtls4j.crypto.BulkCipher.CHACHA20_POLY1305;
import static org.dtls4j.crypto.KeyExchangeAlgorithm.ECDHE_ECDSA;
import static org.dtls4j.crypto.KeyExchangeAlgorithm.ECDHE_PSK;
import static org.dtls4j.crypto.KeyExchangeAlgorithm.ECDHE_RSA;
import static org.dtls4j.crypto.KeyExchangeAlgorithm.PSK;
import static org.dtls4j.crypto.MacAlgorithm.HMAC_SHA1;
import static org.dtls4j.crypto.MacAlgorithm.HMAC_SHA256;
import static org.dtls4j.crypto.PrfHash.SHA256;
import static org.dtls4j.crypto.PrfHash.SHA384;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The cipher suites dtls4j speaks: one row each, everything else is looked up from here.
 *
 * <p>The declaration order is the preference order: forward-secret AEAD suites with certificates
 * first, then PSK, then the CBC suites. Code points from the IANA TLS registry; RFC 5289 (ECDHE
 * with AES-GCM), RFC 7251 (ECDHE_ECDSA with AES-CCM), RFC 7905 (ChaCha20-Poly1305), RFC 5487 and
 * RFC 6655 (PSK with AES-GCM and AES-CCM), RFC 8442 (ECDHE_PSK with AES-GCM). An OpenSSL name of
 * {@code null} means OpenSSL has no such suite.
 *
 * <p>The CBC suites (RFC 5289 and RFC 8422 for ECDHE, RFC 5489 for ECDHE_PSK, RFC 5487 for PSK)
 * are for older peers, LwM2M 1.0 devices among them: AES-128-CBC with HMAC-SHA256 or HMAC-SHA1
 * (RFC 5246 §6.2.3.2), encrypt-then-MAC when the peer agrees (RFC 7366). They are in
 * {@link #all()} but not in {@link #defaults()}: an application that needs them lists them.
 */
public enum CipherSuite {
    TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256(0xC02B, "ECDHE-ECDSA-AES128-GCM-SHA256", ECDHE_ECDSA, AES_128_GCM, SHA256),
    TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256(0xC02F, "ECDHE-RSA-AES128-GCM-SHA256", ECDHE_RSA, AES_128_GCM, SHA256),
    TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384(0xC02C, "ECDHE-ECDSA-AES256-GCM-SHA384", ECDHE_ECDSA, AES_256_GCM, SHA384),
    TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384(0xC030, "ECDHE-RSA-AES256-GCM-SHA384", ECDHE_RSA, AES_256_GCM, SHA384),
    TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256(0xCCA9, "ECDHE-ECDSA-CHACHA20-POLY1305", ECDHE_ECDSA, CHACHA20_POLY1305, SHA256),
    TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256(0xCCA8, "ECDHE-RSA-CHACHA20-POLY1305", ECDHE_RSA, CHACHA20_POLY1305, SHA256),
    TLS_ECDHE_ECDSA_WITH_AES_128_CCM(0xC0AC, "ECDHE-ECDSA-AES128-CCM", ECDHE_ECDSA, AES_128_CCM, SHA256),
    TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8(0xC0AE, "ECDHE-ECDSA-AES128-CCM8", ECDHE_ECDSA, AES_128_CCM_8, SHA256),
    TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256(0xD001, null, ECDHE_PSK, AES_128_GCM, SHA256),
    TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256(0xCCAC, "ECDHE-PSK-CHACHA20-POLY1305", ECDHE_PSK, CHACHA20_POLY1305, SHA256),
    TLS_PSK_WITH_AES_128_GCM_SHA256(0x00A8, "PSK-AES128-GCM-SHA256", PSK, AES_128_GCM, SHA256),
    TLS_PSK_WITH_AES_256_GCM_SHA384(0x00A9, "PSK-AES256-GCM-SHA384", PSK, AES_256_GCM, SHA384),
    TLS_PSK_WITH_CHACHA20_POLY1305_SHA256(0xCCAB, "PSK-CHACHA20-POLY1305", PSK, CHACHA20_POLY1305, SHA256),
    TLS_PSK_WITH_AES_128_CCM(0xC0A4, "PSK-AES128-CCM", PSK, AES_128_CCM, SHA256),
    TLS_PSK_WITH_AES_128_CCM_8(0xC0A8, "PSK-AES128-CCM8", PSK, AES_128_CCM_8, SHA256),
    TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256(0xC023, "ECDHE-ECDSA-AES128-SHA256", ECDHE_ECDSA, HMAC_SHA256),
    TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256(0xC027, "ECDHE-RSA-AES128-SHA256", ECDHE_RSA, HMAC_SHA256),
    TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA(0xC009, "ECDHE-ECDSA-AES128-SHA", ECDHE_ECDSA, HMAC_SHA1),
    TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA(0xC013, "ECDHE-RSA-AES128-SHA", ECDHE_RSA, HMAC_SHA1),
    TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256(0xC037, "ECDHE-PSK-AES128-CBC-SHA256", ECDHE_PSK, HMAC_SHA256),
    TLS_PSK_WITH_AES_128_CBC_SHA256(0x00AE, "PSK-AES128-CBC-SHA256", PSK, HMAC_SHA256);

    /** TLS_EMPTY_RENEGOTIATION_INFO_SCSV (RFC 5746 §3.3): a signal, not a suite. */
    public static final int EMPTY_RENEGOTIATION_INFO_SCSV = 0x00FF;

    private final int id;
    private final String opensslName;
    private final KeyExchangeAlgorithm keyExchange;
    private final BulkCipher cipher;
    private final PrfHash prfHash;
    private final MacAlgorithm mac;

    /** An AEAD suite. */
    CipherSuite(int id, String opensslName, KeyExchangeAlgorithm keyExchange, BulkCipher cipher, PrfHash prfHash) {
        this.id = id;
        this.opensslName = opensslName;
        this.keyExchange = keyExchange;
        this.cipher = cipher;
        this.prfHash = prfHash;
        this.mac = null;
    }

    /**
     * An AES-128-CBC suite with its MAC. In TLS 1.2 (and so DTLS 1.2) every one of them uses the
     * SHA-256 PRF, the _SHA ones of RFC 8422 too (RFC 5246 §5: the PRF "with the SHA-256 hash
     * function is used for all cipher suites defined in this document and in TLS documents
     * published prior to this document when TLS 1.2 is negotiated").
     */
    CipherSuite(int id, String opensslName, KeyExchangeAlgorithm keyExchange, MacAlgorithm mac) {
        this.id = id;
        this.opensslName = opensslName;
        this.keyExchange = keyExchange;
        this.cipher = AES_128_CBC;
        this.prfHash = SHA256;
        this.mac = mac;
    }

    /** The two-byte IANA code point. */
    public int id() {
        return id;
    }

    /** The IANA name, e.g. {@code TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256}. */
    public String ianaName() {
        return name();
    }

    /** OpenSSL's name, if OpenSSL has this suite. */
    public Optional<String> opensslName() {
        return Optional.ofNullable(opensslName);
    }

    public KeyExchangeAlgorithm keyExchange() {
        return keyExchange;
    }

    public BulkCipher cipher() {
        return cipher;
    }

    public PrfHash prfHash() {
        return prfHash;
    }

    /** The record MAC of a CBC suite (RFC 5246 §6.2.3.1); empty for an AEAD suite. */
    public Optional<MacAlgorithm> mac() {
        return Optional.ofNullable(mac);
    }

    /** mac_key_length (RFC 5246 §6.3): 0 for AEAD suites. */
    public int macKeyLength() {
        return mac == null ? 0 : mac.keyLength();
    }

    /**
     * Total key block length (RFC 5246 §6.3): two MAC keys, two write keys and two fixed IVs. AEAD
     * suites have no MAC keys; CBC suites in TLS 1.2 have no fixed IVs.
     */
    public int keyBlockLength() {
        return 2 * (macKeyLength() + cipher.keyLength() + cipher.fixedIvLength());
    }

    /** Every suite, in preference order, the CBC suites last. */
    public static List<CipherSuite> all() {
        return List.of(values());
    }

    /**
     * The suites a configuration offers unless told otherwise: every AEAD suite, in preference
     * order (forward-secret first). The CBC suites are left out; a configuration that lists them
     * offers them.
     */
    public static List<CipherSuite> defaults() {
        return all().stream().filter(s -> s.cipher.isAead()).toList();
    }

    public static Optional<CipherSuite> fromId(int id) {
        for (CipherSuite s : values()) {
            if (s.id == id) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Looks a suite up by IANA name or OpenSSL name, ignoring case. */
    public static Optional<CipherSuite> fromName(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT);
        for (CipherSuite s : values()) {
            if (s.name().equals(n) || (s.opensslName != null && s.opensslName.equals(n))) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
