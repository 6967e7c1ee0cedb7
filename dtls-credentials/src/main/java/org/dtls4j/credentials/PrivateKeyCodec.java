package org.dtls4j.credentials;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Map;
import org.dtls4j.codec.DecodeException;

/**
 * Turns the three private key formats found in PEM files into JCA keys. The JDK's
 * {@link KeyFactory} reads only PKCS#8, so the two "traditional" OpenSSL formats are wrapped into
 * a PKCS#8 {@code PrivateKeyInfo} first (RFC 5208 §5):
 *
 * <pre>
 * PrivateKeyInfo ::= SEQUENCE {
 *   version                   Version,                       -- 0
 *   privateKeyAlgorithm       PrivateKeyAlgorithmIdentifier,
 *   privateKey                PrivateKey,                    -- OCTET STRING
 *   attributes           [0]  IMPLICIT Attributes OPTIONAL }
 * </pre>
 *
 * <ul>
 *   <li>"EC PRIVATE KEY" is SEC1's {@code ECPrivateKey} (RFC 5915 §3). Its {@code parameters}
 *       field names the curve, which moves into the PKCS#8 algorithm identifier (RFC 5915 §2).
 *   <li>"RSA PRIVATE KEY" is PKCS#1's {@code RSAPrivateKey} (RFC 8017 Appendix A.1.2). It goes
 *       inside as it is, under rsaEncryption with NULL parameters (RFC 8017 Appendix A.1).
 * </ul>
 */
final class PrivateKeyCodec {
    static final String ID_EC_PUBLIC_KEY = "1.2.840.10045.2.1";
    static final String RSA_ENCRYPTION = "1.2.840.113549.1.1.1";

    /** Key algorithm OIDs (PKCS#8 and SubjectPublicKeyInfo name them alike) and the {@link KeyFactory} that reads them. */
    static final Map<String, String> KEY_FACTORIES = Map.of(
            ID_EC_PUBLIC_KEY, "EC",
            RSA_ENCRYPTION, "RSA",
            "1.2.840.113549.1.1.10", "RSASSA-PSS",
            "1.3.101.112", "Ed25519",
            "1.3.101.113", "Ed448");

    private PrivateKeyCodec() {
    }

    /** Thrown for key bytes that cannot be turned into a key; the caller adds the file name. */
    static final class KeyFormatException extends Exception {
        private static final long serialVersionUID = 1L;

        KeyFormatException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A JCA key from PKCS#8 {@code PrivateKeyInfo} bytes, using the factory its algorithm names. */
    static PrivateKey fromPkcs8(byte[] pkcs8) throws KeyFormatException {
        String algorithmOid;
        try {
            DerReader info = new DerReader(pkcs8).enter(Der.SEQUENCE);
            info.readInteger();
            algorithmOid = info.enter(Der.SEQUENCE).readOid();
        } catch (DecodeException e) {
            throw new KeyFormatException("not a PKCS#8 PrivateKeyInfo: " + e.getMessage(), e);
        }
        String factory = KEY_FACTORIES.get(algorithmOid);
        if (factory == null) {
            throw new KeyFormatException("unsupported private key algorithm " + algorithmOid
                    + " (supported: EC, RSA, RSASSA-PSS, Ed25519, Ed448)", null);
        }
        try {
            return KeyFactory.getInstance(factory).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new KeyFormatException("the " + factory + " key factory rejected the key: " + e.getMessage(), e);
        }
    }

    /**
     * Wraps a SEC1 {@code ECPrivateKey} into PKCS#8.
     *
     * <pre>
     * ECPrivateKey ::= SEQUENCE {
     *   version        INTEGER { ecPrivkeyVer1(1) } (ecPrivkeyVer1),
     *   privateKey     OCTET STRING,
     *   parameters [0] ECParameters {{ NamedCurve }} OPTIONAL,
     *   publicKey  [1] BIT STRING OPTIONAL
     * }
     * </pre>
     */
    static byte[] wrapSec1(byte[] ecPrivateKey) throws KeyFormatException {
        String curveOid;
        try {
            DerReader key = new DerReader(ecPrivateKey).enter(Der.SEQUENCE);
            // RFC 5915 §3: "version specifies the syntax version number of the elliptic curve
            // private key structure. For this version of the document, it SHALL be set to
            // ecPrivkeyVer1, which is of type INTEGER and whose value is one (1)."
            if (key.readInteger().intValueExact() != 1) {
                throw new DecodeException("ECPrivateKey version is not 1");
            }
            key.read(Der.OCTET_STRING);
            if (!key.hasRemaining() || key.peekTag() != (Der.CONTEXT | Der.CONSTRUCTED)) {
                // RFC 5915 §3: "Though the ASN.1 indicates that the parameters field is OPTIONAL,
                // implementations that conform to this document MUST always include the
                // parameters field."
                throw new DecodeException("the EC PRIVATE KEY has no curve parameters, so its curve is unknown");
            }
            DerReader parameters = key.enter(Der.CONTEXT | Der.CONSTRUCTED);
            if (parameters.peekTag() != Der.OBJECT_IDENTIFIER) {
                throw new DecodeException("the EC PRIVATE KEY spells its curve out as explicit parameters;"
                        + " only named curves are supported (RFC 5915 §3)");
            }
            curveOid = parameters.readOid();
        } catch (DecodeException | ArithmeticException e) {
            throw new KeyFormatException("not a SEC1 ECPrivateKey: " + e.getMessage(), e);
        }
        return Der.sequence(
                Der.integer(0),
                Der.sequence(Der.oid(ID_EC_PUBLIC_KEY), Der.oid(curveOid)),
                Der.octetString(ecPrivateKey));
    }

    /**
     * Wraps a PKCS#1 {@code RSAPrivateKey} into PKCS#8 after checking that it starts like one.
     *
     * <pre>
     * RSAPrivateKey ::= SEQUENCE {
     *     version           Version,
     *     modulus           INTEGER,  -- n
     *     publicExponent    INTEGER,  -- e
     *     privateExponent   INTEGER,  -- d
     *     ...
     * </pre>
     */
    static byte[] wrapPkcs1(byte[] rsaPrivateKey) throws KeyFormatException {
        try {
            DerReader key = new DerReader(rsaPrivateKey).enter(Der.SEQUENCE);
            key.readInteger();
            key.readInteger();
        } catch (DecodeException e) {
            throw new KeyFormatException("not a PKCS#1 RSAPrivateKey: " + e.getMessage(), e);
        }
        return Der.sequence(
                Der.integer(0),
                Der.sequence(Der.oid(RSA_ENCRYPTION), Der.nul()),
                Der.octetString(rsaPrivateKey));
    }
}
