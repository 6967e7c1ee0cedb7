package org.dtls4j.crypto;

import static org.dtls4j.crypto.BulkCipher.AES_128_CCM;
import static org.dtls4j.crypto.BulkCipher.AES_128_CCM_8;
import static org.dtls4j.crypto.BulkCipher.AES_128_GCM;
import static org.dtls4j.crypto.BulkCipher.AES_256_GCM;
import static org.dtls4j.crypto.BulkCipher.CHACHA20_POLY1305;
import static org.dtls4j.crypto.KeyExchangeAlgorithm.ECDHE_ECDSA;
import static org.dtls4j.crypto.KeyExchangeAlgorithm.ECDHE_PSK;
import static org.dtls4j.crypto.KeyExchangeAlgorithm.ECDHE_RSA;
import static org.dtls4j.crypto.KeyExchangeAlgorithm.PSK;
import static org.dtls4j.crypto.PrfHash.SHA256;
import static org.dtls4j.crypto.PrfHash.SHA384;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The cipher suites dtls4j speaks: one row each, everything else is looked up from here.
 *
 * <p>The declaration order is the default preference order: forward-secret AEAD suites with
 * certificates first, then PSK. Code points from the IANA TLS registry; RFC 5289 (ECDHE with
 * AES-GCM), RFC 7251 (ECDHE_ECDSA with AES-CCM), RFC 7905 (ChaCha20-Poly1305), RFC 5487 and
 * RFC 6655 (PSK with AES-GCM and AES-CCM), RFC 8442 (ECDHE_PSK with AES-GCM). An OpenSSL name of
 * {@code null} means OpenSSL has no such suite.
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
    TLS_PSK_WITH_AES_128_CCM_8(0xC0A8, "PSK-AES128-CCM8", PSK, AES_128_CCM_8, SHA256);

    /** TLS_EMPTY_RENEGOTIATION_INFO_SCSV (RFC 5746 §3.3): a signal, not a suite. */
    public static final int EMPTY_RENEGOTIATION_INFO_SCSV = 0x00FF;

    private final int id;
    private final String opensslName;
    private final KeyExchangeAlgorithm keyExchange;
    private final BulkCipher cipher;
    private final PrfHash prfHash;

    CipherSuite(int id, String opensslName, KeyExchangeAlgorithm keyExchange, BulkCipher cipher, PrfHash prfHash) {
        this.id = id;
        this.opensslName = opensslName;
        this.keyExchange = keyExchange;
        this.cipher = cipher;
        this.prfHash = prfHash;
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

    /** Total key block length (RFC 5246 §6.3): two keys and two fixed IVs; AEAD suites have no MAC keys. */
    public int keyBlockLength() {
        return 2 * (cipher.keyLength() + cipher.fixedIvLength());
    }

    /** Every suite, in default preference order. */
    public static List<CipherSuite> all() {
        return List.of(values());
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
