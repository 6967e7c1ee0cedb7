package org.dtls4j.credentials;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import org.dtls4j.codec.DecodeException;

/**
 * Turns a SubjectPublicKeyInfo (RFC 5280 §4.1.2.7, the contents of a "PUBLIC KEY" block, RFC 7468
 * §13) into a JCA key, choosing the {@link KeyFactory} by the algorithm it names:
 *
 * <pre>
 * SubjectPublicKeyInfo ::= SEQUENCE {
 *   algorithm         AlgorithmIdentifier,   -- SEQUENCE { algorithm OBJECT IDENTIFIER, parameters ANY OPTIONAL }
 *   subjectPublicKey  BIT STRING }
 * </pre>
 */
final class PublicKeyCodec {
    private PublicKeyCodec() {
    }

    static PublicKey fromSpki(byte[] spki) throws PrivateKeyCodec.KeyFormatException {
        String algorithmOid;
        try {
            DerReader info = new DerReader(spki).enter(Der.SEQUENCE);
            algorithmOid = info.enter(Der.SEQUENCE).readOid();
        } catch (DecodeException e) {
            throw new PrivateKeyCodec.KeyFormatException("not a SubjectPublicKeyInfo: " + e.getMessage(), e);
        }
        String factory = PrivateKeyCodec.KEY_FACTORIES.get(algorithmOid);
        if (factory == null) {
            throw new PrivateKeyCodec.KeyFormatException("unsupported public key algorithm " + algorithmOid
                    + " (supported: EC, RSA, RSASSA-PSS, Ed25519, Ed448)", null);
        }
        try {
            return KeyFactory.getInstance(factory).generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new PrivateKeyCodec.KeyFormatException("the " + factory + " key factory rejected the key: "
                    + e.getMessage(), e);
        }
    }
}
