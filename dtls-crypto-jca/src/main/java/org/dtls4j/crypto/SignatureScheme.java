package org.dtls4j.crypto;

import java.security.Key;
import java.security.interfaces.ECKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAKey;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.dtls4j.crypto.sig.EcdsaCurve;

/**
 * TLS SignatureScheme code points (RFC 8446 §4.2.3 registry). In TLS 1.2 the same two bytes are a
 * {@code SignatureAndHashAlgorithm} (RFC 5246 §7.4.1.4.1): hash in the high byte, signature in the
 * low byte, e.g. 0x0403 = sha256 + ecdsa; 0x0804..0x0807 are defined for TLS 1.2 by RFC 8446 §4.2.3
 * and RFC 8422 §5.1.3.
 *
 * <p>Key fit ({@link #supportsKey}) follows the RFC 8446 meaning of each scheme: ECDSA schemes are
 * bound to one curve, {@code rsa_pss_rsae_*} and {@code rsa_pkcs1_*} take an rsaEncryption key big
 * enough for the padding, {@code ed25519} takes an Ed25519 key.
 */
public enum SignatureScheme {
    ECDSA_SECP256R1_SHA256(0x0403, Family.ECDSA, "SHA-256", 32, "SHA256withECDSA", EcdsaCurve.P256),
    ECDSA_SECP384R1_SHA384(0x0503, Family.ECDSA, "SHA-384", 48, "SHA384withECDSA", EcdsaCurve.P384),
    ECDSA_SECP521R1_SHA512(0x0603, Family.ECDSA, "SHA-512", 64, "SHA512withECDSA", EcdsaCurve.P521),
    RSA_PSS_RSAE_SHA256(0x0804, Family.RSA_PSS, "SHA-256", 32, "RSASSA-PSS", null),
    RSA_PSS_RSAE_SHA384(0x0805, Family.RSA_PSS, "SHA-384", 48, "RSASSA-PSS", null),
    RSA_PSS_RSAE_SHA512(0x0806, Family.RSA_PSS, "SHA-512", 64, "RSASSA-PSS", null),
    RSA_PKCS1_SHA256(0x0401, Family.RSA_PKCS1, "SHA-256", 32, "SHA256withRSA", null),
    RSA_PKCS1_SHA384(0x0501, Family.RSA_PKCS1, "SHA-384", 48, "SHA384withRSA", null),
    RSA_PKCS1_SHA512(0x0601, Family.RSA_PKCS1, "SHA-512", 64, "SHA512withRSA", null),
    ED25519(0x0807, Family.EDDSA, null, 0, "Ed25519", null);

    /** The kind of key and padding behind a scheme. */
    enum Family { ECDSA, RSA_PSS, RSA_PKCS1, EDDSA }

    /** RFC 8017 §9.2 note 1: the DigestInfo prefix is 19 bytes for SHA-256, -384 and -512. */
    private static final int DIGEST_INFO_PREFIX = 19;

    private static final List<SignatureScheme> DEFAULT_PREFERENCE = List.of(
            ECDSA_SECP256R1_SHA256, ECDSA_SECP384R1_SHA384, ECDSA_SECP521R1_SHA512,
            RSA_PSS_RSAE_SHA256, RSA_PSS_RSAE_SHA384, RSA_PSS_RSAE_SHA512,
            ED25519,
            RSA_PKCS1_SHA256, RSA_PKCS1_SHA384, RSA_PKCS1_SHA512);

    private final int code;
    private final Family family;
    private final String hash;
    private final int hashLength;
    private final String jcaAlgorithm;
    private final EcdsaCurve curve;

    SignatureScheme(int code, Family family, String hash, int hashLength, String jcaAlgorithm, EcdsaCurve curve) {
        this.code = code;
        this.family = family;
        this.hash = hash;
        this.hashLength = hashLength;
        this.jcaAlgorithm = jcaAlgorithm;
        this.curve = curve;
    }

    /** The two-byte code point. */
    public int code() {
        return code;
    }

    /** The registry name, e.g. {@code ecdsa_secp256r1_sha256}. */
    public String ianaName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<SignatureScheme> fromCode(int code) {
        for (SignatureScheme s : values()) {
            if (s.code == code) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * What dtls4j offers and prefers, best first: ECDSA, then RSA-PSS, Ed25519, and RSA PKCS#1 v1.5
     * last (RFC 8446 §4.2.3 keeps PKCS#1 v1.5 only for legacy signatures).
     */
    public static List<SignatureScheme> defaultPreference() {
        return DEFAULT_PREFERENCE;
    }

    /**
     * Whether {@code key} (public or private) can make or check signatures of this scheme: an EC key
     * on this scheme's curve, an rsaEncryption key large enough for the padding, or an Ed25519 key.
     */
    public boolean supportsKey(Key key) {
        if (key == null) {
            return false;
        }
        switch (family) {
            case ECDSA:
                // RFC 5246 §7.4.1.4.1: in TLS 1.2 the code point names a hash and "ecdsa", not a
                // curve, so ecdsa_secp256r1_sha256 (0x0403) may sign with any ECDSA key; OpenSSL
                // does so with P-384 keys. Only TLS 1.3 (RFC 8446 §4.2.3) ties it to the curve:
                // see matchesCurve, which we use to prefer the natural pairing.
                return key instanceof ECKey && ((ECKey) key).getParams().getOrder().bitLength() >= 256;
            case RSA_PSS:
                // RFC 8017 §9.1.1 step 3: "If emLen < hLen + sLen + 2, output 'encoding error'",
                // with sLen = hLen (RFC 8446 §4.2.3) and emLen = ceil((modBits - 1) / 8).
                return isRsaEncryptionKey(key) && emLength(key) >= 2 * hashLength + 2;
            case RSA_PKCS1:
                // RFC 8017 §9.2 step 3: "If emLen < tLen + 11, output 'intended encoded message
                // length too short'", tLen = DigestInfo prefix + hash.
                return isRsaEncryptionKey(key) && modulusLength(key) >= DIGEST_INFO_PREFIX + hashLength + 11;
            case EDDSA:
                if (key instanceof EdECKey) {
                    return "Ed25519".equalsIgnoreCase(((EdECKey) key).getParams().getName());
                }
                return "Ed25519".equalsIgnoreCase(key.getAlgorithm());
            default:
                return false;
        }
    }

    /**
     * Whether the key is the scheme's natural pairing: for ECDSA, a key on the curve the code point
     * names (RFC 8446 §4.2.3); for every other family the same as {@link #supportsKey}. Used to prefer
     * ecdsa_secp384r1_sha384 for a P-384 key although TLS 1.2 would allow any ECDSA scheme.
     */
    public boolean matchesCurve(Key key) {
        if (family == Family.ECDSA) {
            return key instanceof ECKey && curve.matches(((ECKey) key).getParams());
        }
        return supportsKey(key);
    }

    Family family() {
        return family;
    }

    /** The message digest, {@code null} for Ed25519 (which hashes internally). */
    String hash() {
        return hash;
    }

    int hashLength() {
        return hashLength;
    }

    String jcaAlgorithm() {
        return jcaAlgorithm;
    }

    EcdsaCurve curve() {
        return curve;
    }

    /** rsae: the key is a plain rsaEncryption key, not an RSASSA-PSS-restricted one (RFC 8446 §4.2.3). */
    private static boolean isRsaEncryptionKey(Key key) {
        return key instanceof RSAKey && "RSA".equalsIgnoreCase(key.getAlgorithm());
    }

    static int modulusLength(Key key) {
        return (((RSAKey) key).getModulus().bitLength() + 7) / 8;
    }

    private static int emLength(Key key) {
        return (((RSAKey) key).getModulus().bitLength() - 1 + 7) / 8;
    }
}
