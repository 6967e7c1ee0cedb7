package org.dtls4j.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Objects;
import org.dtls4j.crypto.sig.EcdsaDer;

/**
 * Makes and checks the signatures of ServerKeyExchange (RFC 5246 §7.4.3, RFC 8422 §5.4) and
 * CertificateVerify (RFC 5246 §7.4.8).
 *
 * <ul>
 *   <li>ECDSA: DER-encoded {@code Ecdsa-Sig-Value} (RFC 8422 §5.4), JCA {@code SHAxxxwithECDSA}.
 *       Verification first insists on the canonical DER form (see {@link EcdsaDer}).</li>
 *   <li>RSA-PSS rsae: RFC 8446 §4.2.3: "The length of the Salt MUST be equal to the length of the
 *       output of the digest algorithm"; MGF1 uses the same digest. JCA {@code RSASSA-PSS} with a
 *       {@link PSSParameterSpec}.</li>
 *   <li>RSA PKCS#1 v1.5 (RFC 8017 §8.2), JCA {@code SHAxxxwithRSA}.</li>
 *   <li>Ed25519 (RFC 8032 §5.1), JCA {@code Ed25519}; 64-byte signatures.</li>
 * </ul>
 */
public final class Signatures {

    private static final System.Logger LOG = System.getLogger(Signatures.class.getName());
    private static final int ED25519_SIGNATURE_LENGTH = 64;

    private Signatures() {
    }

    /**
     * Signs {@code data} with {@code key} under scheme {@code s}. A caller that signs often with
     * one key passes it through {@link JcaProviders#forSignature(PrivateKey)} once beforehand.
     *
     * @throws InvalidKeyException if the key does not fit the scheme ({@link SignatureScheme#supportsKey})
     */
    public static byte[] sign(SignatureScheme s, PrivateKey key, byte[] data, SecureRandom r, JcaProviders p)
            throws GeneralSecurityException {
        Objects.requireNonNull(s, "scheme");
        Objects.requireNonNull(data, "data");
        if (!s.supportsKey(key)) {
            throw new InvalidKeyException(s.ianaName() + " cannot sign with " + describe(key));
        }
        Signature sig = engine(s, p);
        sig.initSign(key, r);
        sig.update(data);
        return sig.sign();
    }

    /**
     * Checks {@code signature} over {@code data}. Returns {@code false}, never throws, for a
     * malformed or wrong signature and for a key that does not fit the scheme.
     */
    public static boolean verify(SignatureScheme s, PublicKey key, byte[] data, byte[] signature, JcaProviders p) {
        Objects.requireNonNull(s, "scheme");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(signature, "signature");
        if (!s.supportsKey(key)) {
            LOG.log(System.Logger.Level.DEBUG, "{0} does not fit {1}", describe(key), s.ianaName());
            return false;
        }
        if (!wellFormed(s, key, signature)) {
            LOG.log(System.Logger.Level.DEBUG, "malformed {0} signature of {1} bytes", s.ianaName(), signature.length);
            return false;
        }
        try {
            Signature sig = engine(s, p);
            sig.initVerify(p.forSignature(key));
            sig.update(data);
            return sig.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            // A provider may throw on malformed input instead of answering false; the contract here
            // is a plain answer, so any failure means "not verified".
            LOG.log(System.Logger.Level.DEBUG, "{0} verification failed: {1}", s.ianaName(), e.toString());
            return false;
        }
    }

    /** Shape checks the scheme's definition makes before any arithmetic. */
    private static boolean wellFormed(SignatureScheme s, PublicKey key, byte[] signature) {
        switch (s.family()) {
            case ECDSA:
                return EcdsaDer.isCanonical(signature, ((java.security.interfaces.ECKey) key).getParams().getOrder());
            case RSA_PSS:
            case RSA_PKCS1:
                // RFC 8017 §8.1.2 and §8.2.2 step 1: "If the length of the signature S is not k
                // octets, output 'invalid signature'".
                return signature.length == SignatureScheme.modulusLength(key);
            case EDDSA:
                // RFC 8032 §5.1.7 step 1: the signature is 64 octets.
                return signature.length == ED25519_SIGNATURE_LENGTH;
            default:
                return false;
        }
    }

    private static Signature engine(SignatureScheme s, JcaProviders p) throws GeneralSecurityException {
        Signature sig = p.signature(s.jcaAlgorithm());
        if (s.family() == SignatureScheme.Family.RSA_PSS) {
            sig.setParameter(new PSSParameterSpec(s.hash(), "MGF1", new MGF1ParameterSpec(s.hash()),
                    s.hashLength(), PSSParameterSpec.TRAILER_FIELD_BC));
        }
        return sig;
    }

    private static String describe(java.security.Key key) {
        return key == null ? "no key" : "a " + key.getAlgorithm() + " key";
    }
}
