package org.dtls4j.credentials;

import java.security.Key;
import java.security.interfaces.ECKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAKey;

/**
 * The certificate signature algorithms we write (RFC 5280 §4.1.1.2), chosen by the signer's key:
 * the JCA name that signs and the {@code AlgorithmIdentifier} that names the signature.
 *
 * <pre>
 * AlgorithmIdentifier  ::=  SEQUENCE  {
 *      algorithm               OBJECT IDENTIFIER,
 *      parameters              ANY DEFINED BY algorithm OPTIONAL  }
 * </pre>
 */
enum SignatureAlgorithm {
    /** RFC 5758 §3.2; the hash matches the strength of P-256. */
    ECDSA_SHA256("SHA256withECDSA", "1.2.840.10045.4.3.2", false),
    /** RFC 5758 §3.2; the hash matches the strength of P-384. */
    ECDSA_SHA384("SHA384withECDSA", "1.2.840.10045.4.3.3", false),
    /** RFC 5758 §3.2; the widest hash, for P-521. */
    ECDSA_SHA512("SHA512withECDSA", "1.2.840.10045.4.3.4", false),
    /** sha256WithRSAEncryption, RFC 8017 Appendix C and RFC 4055 §5 (parameters NULL). */
    RSA_SHA256("SHA256withRSA", "1.2.840.113549.1.1.11", true),
    /** RFC 8410 §3, id-Ed25519. */
    ED25519("Ed25519", "1.3.101.112", false),
    /** RFC 8410 §3, id-Ed448. */
    ED448("Ed448", "1.3.101.113", false);

    private final String jcaName;
    private final String oid;
    private final boolean nullParameters;

    SignatureAlgorithm(String jcaName, String oid, boolean nullParameters) {
        this.jcaName = jcaName;
        this.oid = oid;
        this.nullParameters = nullParameters;
    }

    /** The name for {@link java.security.Signature#getInstance(String)}. */
    String jcaName() {
        return jcaName;
    }

    String oid() {
        return oid;
    }

    /**
     * The DER {@code AlgorithmIdentifier}. RFC 5758 §3.2 for ECDSA: "the encoding MUST omit the
     * parameters field"; RFC 8410 §3 for EdDSA: "the parameters MUST be absent"; the RSA PKCS #1
     * v1.5 identifiers carry an explicit NULL (RFC 4055 §5).
     */
    byte[] algorithmIdentifier() {
        return nullParameters ? Der.sequence(Der.oid(oid), Der.nul()) : Der.sequence(Der.oid(oid));
    }

    /**
     * The algorithm a certificate signed by {@code key} carries: ECDSA with the hash that matches
     * the curve size, SHA-256 with RSA, or the EdDSA variant of the key.
     *
     * @throws IllegalArgumentException for a key type we do not sign certificates with
     */
    static SignatureAlgorithm forKey(Key key) {
        if (key instanceof ECKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            if (bits <= 256) {
                return ECDSA_SHA256;
            }
            return bits <= 384 ? ECDSA_SHA384 : ECDSA_SHA512;
        }
        if (key instanceof RSAKey && "RSA".equals(key.getAlgorithm())) {
            return RSA_SHA256;
        }
        if (key instanceof EdECKey ed) {
            String curve = ed.getParams().getName();
            if ("Ed25519".equalsIgnoreCase(curve)) {
                return ED25519;
            }
            if ("Ed448".equalsIgnoreCase(curve)) {
                return ED448;
            }
        }
        throw new IllegalArgumentException("cannot sign certificates with a " + key.getAlgorithm()
                + " key: use an EC (P-256, P-384, P-521), RSA, Ed25519 or Ed448 key");
    }
}
