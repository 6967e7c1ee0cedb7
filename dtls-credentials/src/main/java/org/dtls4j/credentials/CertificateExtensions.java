package org.dtls4j.credentials;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.dtls4j.codec.DecodeException;

/**
 * The X.509 v3 extensions our certificates carry (RFC 5280 §4.2), each returned as a whole
 * {@code Extension}:
 *
 * <pre>
 * Extension  ::=  SEQUENCE  {
 *      extnID      OBJECT IDENTIFIER,
 *      critical    BOOLEAN DEFAULT FALSE,
 *      extnValue   OCTET STRING
 *                  -- contains the DER encoding of an ASN.1 value
 *                  -- corresponding to the extension type identified
 *                  -- by extnID
 *      }
 * </pre>
 */
final class CertificateExtensions {
    static final String SUBJECT_KEY_IDENTIFIER = "2.5.29.14";
    static final String KEY_USAGE = "2.5.29.15";
    static final String SUBJECT_ALT_NAME = "2.5.29.17";
    static final String BASIC_CONSTRAINTS = "2.5.29.19";
    static final String AUTHORITY_KEY_IDENTIFIER = "2.5.29.35";
    static final String EXTENDED_KEY_USAGE = "2.5.29.37";
    static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    /** KeyUsage bit numbers, RFC 5280 §4.2.1.3. */
    static final int DIGITAL_SIGNATURE = 0;
    static final int KEY_CERT_SIGN = 5;
    static final int CRL_SIGN = 6;

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern DNS_NAME = Pattern.compile(
            "(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");

    private CertificateExtensions() {
    }

    static byte[] extension(String oid, boolean critical, byte[] value) {
        // DER leaves out a field equal to its DEFAULT (X.690 §11.5), so critical appears only when TRUE.
        return critical
                ? Der.sequence(Der.oid(oid), Der.bool(true), Der.octetString(value))
                : Der.sequence(Der.oid(oid), Der.octetString(value));
    }

    /**
     * basicConstraints, RFC 5280 §4.2.1.9: {@code SEQUENCE { cA BOOLEAN DEFAULT FALSE, ... }}.
     * We mark it critical in every certificate: "Conforming CAs MUST include this extension in all
     * CA certificates that contain public keys used to validate digital signatures on certificates
     * and MUST mark the extension as critical in such certificates."
     */
    static byte[] basicConstraints(boolean ca) {
        return extension(BASIC_CONSTRAINTS, true, ca ? Der.sequence(Der.bool(true)) : Der.sequence());
    }

    /**
     * keyUsage, RFC 5280 §4.2.1.3: digitalSignature for a leaf (it signs ServerKeyExchange or
     * CertificateVerify), keyCertSign and cRLSign for a CA. "When present, conforming CAs SHOULD
     * mark this extension as critical."
     */
    static byte[] keyUsage(boolean ca) {
        byte[] bits = ca ? Der.namedBits(KEY_CERT_SIGN, CRL_SIGN) : Der.namedBits(DIGITAL_SIGNATURE);
        return extension(KEY_USAGE, true, bits);
    }

    /** extKeyUsage, RFC 5280 §4.2.1.12: a leaf may serve as a TLS server and as a TLS client. */
    static byte[] extendedKeyUsage() {
        return extension(EXTENDED_KEY_USAGE, false, Der.sequence(Der.oid(SERVER_AUTH), Der.oid(CLIENT_AUTH)));
    }

    /**
     * subjectAltName, RFC 5280 §4.2.1.6: {@code GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName}.
     * An IPv4 dotted quad or anything with a colon becomes an iPAddress, the rest a dNSName.
     */
    static byte[] subjectAltName(List<String> names) {
        byte[][] generalNames = new byte[names.size()][];
        for (int i = 0; i < generalNames.length; i++) {
            generalNames[i] = generalName(names.get(i));
        }
        return extension(SUBJECT_ALT_NAME, false, Der.sequence(generalNames));
    }

    /**
     * One {@code GeneralName}: {@code dNSName [2] IA5String} or {@code iPAddress [7] OCTET STRING}.
     * RFC 5280 §4.2.1.6: "For IP version 4, as specified in [RFC791], the octet string MUST contain
     * exactly four octets. For IP version 6, as specified in [RFC2460], the octet string MUST contain
     * exactly sixteen octets."
     */
    static byte[] generalName(String name) {
        if (IPV4.matcher(name).matches() || name.contains(":")) {
            return Der.implicitPrimitive(7, ipLiteralBytes(name));
        }
        // RFC 5280 §4.2.1.6: "The name MUST be in the "preferred name syntax", as specified by
        // Section 3.5 of [RFC1034] ..." (a leading "*." wildcard is allowed by RFC 6125 §6.4.3).
        if (name.length() > 253 || !DNS_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a DNS name or IP literal: \"" + name + "\"");
        }
        return Der.implicitPrimitive(2, name.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The 4 or 16 bytes of an IP literal. {@link InetAddress#getByName} never asks a name server
     * for a strict dotted quad, nor for text in brackets, which it must parse as an IPv6 literal
     * or refuse; so IPv4 text is passed as it is and IPv6 text in brackets.
     */
    private static byte[] ipLiteralBytes(String literal) {
        if (literal.contains("%") || literal.contains("[") || literal.contains("]")) {
            throw new IllegalArgumentException("IP literal with a scope or brackets: \"" + literal + "\"");
        }
        try {
            return InetAddress.getByName(literal.contains(":") ? "[" + literal + "]" : literal).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP literal: \"" + literal + "\"", e);
        }
    }

    /** subjectKeyIdentifier, RFC 5280 §4.2.1.2: {@code KeyIdentifier ::= OCTET STRING}. */
    static byte[] subjectKeyIdentifier(byte[] keyId) {
        return extension(SUBJECT_KEY_IDENTIFIER, false, Der.octetString(keyId));
    }

    /**
     * authorityKeyIdentifier, RFC 5280 §4.2.1.1, with only {@code keyIdentifier [0] KeyIdentifier}.
     * "The keyIdentifier field of the authorityKeyIdentifier extension MUST be included in all
     * certificates generated by conforming CAs to facilitate certification path construction."
     */
    static byte[] authorityKeyIdentifier(byte[] keyId) {
        return extension(AUTHORITY_KEY_IDENTIFIER, false, Der.sequence(Der.implicitPrimitive(0, keyId)));
    }

    /**
     * A key identifier for {@code key}: RFC 7093 §2 method 1, "the leftmost 160-bits of the SHA-256
     * hash of the value of the BIT STRING subjectPublicKey (excluding the tag, length, and number
     * of unused bits)".
     */
    static byte[] keyIdentifier(PublicKey key) {
        byte[] subjectPublicKey;
        try {
            DerReader spki = new DerReader(key.getEncoded()).enter(Der.SEQUENCE);
            spki.skip();
            subjectPublicKey = spki.readBitStringBytes();
        } catch (DecodeException e) {
            throw new IllegalArgumentException("the " + key.getAlgorithm() + " key has no X.509 SubjectPublicKeyInfo encoding", e);
        }
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(subjectPublicKey), 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK offers no SHA-256", e);
        }
    }

    /**
     * The key identifier of an issuer: the one its own subjectKeyIdentifier states, so the
     * authorityKeyIdentifier we write matches whatever method made it, else computed from its key.
     */
    static byte[] issuerKeyIdentifier(X509Certificate issuer) {
        byte[] extension = issuer.getExtensionValue(SUBJECT_KEY_IDENTIFIER);
        if (extension != null) {
            try {
                // getExtensionValue returns the extnValue OCTET STRING, which wraps the KeyIdentifier OCTET STRING.
                byte[] keyIdentifier = new DerReader(extension).read(Der.OCTET_STRING);
                return new DerReader(keyIdentifier).read(Der.OCTET_STRING);
            } catch (DecodeException e) {
                // A malformed identifier in someone else's certificate: fall back to computing one.
            }
        }
        return keyIdentifier(issuer.getPublicKey());
    }
}
