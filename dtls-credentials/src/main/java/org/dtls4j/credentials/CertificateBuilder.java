package org.dtls4j.credentials;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds X.509 v3 certificates (RFC 5280 §4.1) with our own small DER encoder and signs them
 * through JCA, because the JDK parses certificates but has no public API to make one.
 *
 * <pre>
 * Certificate  ::=  SEQUENCE  {
 *      tbsCertificate       TBSCertificate,
 *      signatureAlgorithm   AlgorithmIdentifier,
 *      signatureValue       BIT STRING  }
 *
 * TBSCertificate  ::=  SEQUENCE  {
 *      version         [0]  EXPLICIT Version DEFAULT v1,     -- v3 (2) here
 *      serialNumber         CertificateSerialNumber,
 *      signature            AlgorithmIdentifier,
 *      issuer               Name,
 *      validity             Validity,
 *      subject              Name,
 *      subjectPublicKeyInfo SubjectPublicKeyInfo,
 *      extensions      [3]  EXPLICIT Extensions OPTIONAL }
 * </pre>
 *
 * <p>The subject name is a single common name. The issuer's key chooses the signature algorithm:
 * ECDSA with SHA-256 (P-256), SHA-384 (P-384) or SHA-512 (P-521), sha256WithRSAEncryption, or
 * Ed25519/Ed448 (RFC 8410). Extensions: basicConstraints (critical), keyUsage (critical;
 * digitalSignature for a leaf, keyCertSign and cRLSign for a CA), extKeyUsage serverAuth and
 * clientAuth (leaves), subjectAltName (when names are given), subjectKeyIdentifier and, when an
 * issuer signs, authorityKeyIdentifier.
 *
 * <p>The builder checks the shape of what it writes, not whether the result is a sensible
 * certificate: tests need expired certificates and leaves signed by non-CA issuers, too.
 *
 * <pre>{@code
 * SecureRandom random = new SecureRandom();
 * KeyPair caKeys = ThrowawayCredentials.generateKeyPair("P-256");
 * KeyPair leafKeys = ThrowawayCredentials.generateKeyPair("P-256");
 * X509Certificate ca = CertificateBuilder.selfSigned("Example CA", caKeys).ca(true).build(random);
 * X509Certificate leaf = CertificateBuilder.signedBy("server", leafKeys.getPublic(), ca, caKeys.getPrivate())
 *         .subjectAltNames("localhost", "127.0.0.1", "::1")
 *         .build(random);
 * }</pre>
 */
public final class CertificateBuilder {
    /** ub-common-name, RFC 5280 Appendix A.1. */
    private static final int MAX_COMMON_NAME = 64;
    private static final String COMMON_NAME_OID = "2.5.4.3";
    private static final Duration DEFAULT_BACKDATE = Duration.ofHours(1);
    private static final Duration DEFAULT_LIFETIME = Duration.ofDays(30);

    private final byte[] subjectName;
    private final PublicKey subjectKey;
    private final byte[] issuerName;
    private final PublicKey issuerPublicKey;
    private final PrivateKey issuerKey;
    /** The issuer's key identifier for authorityKeyIdentifier, or null when self-signed. */
    private final byte[] authorityKeyId;
    private List<String> subjectAltNames = List.of();
    private Instant notBefore;
    private Instant notAfter;
    private boolean ca;
    private BigInteger serial;

    private CertificateBuilder(String commonName, PublicKey subjectKey, byte[] issuerName,
                               PublicKey issuerPublicKey, PrivateKey issuerKey, byte[] authorityKeyId) {
        this.subjectName = name(commonName);
        this.subjectKey = subjectKey;
        this.issuerName = issuerName == null ? subjectName : issuerName;
        this.issuerPublicKey = issuerPublicKey;
        this.issuerKey = issuerKey;
        this.authorityKeyId = authorityKeyId;
        SignatureAlgorithm.forKey(issuerKey);
        if (!"X.509".equals(subjectKey.getFormat()) || subjectKey.getEncoded() == null) {
            throw new IllegalArgumentException("the " + subjectKey.getAlgorithm() + " public key has no X.509 encoding");
        }
    }

    /** A certificate whose subject and issuer are {@code commonName}, signed by its own key. */
    public static CertificateBuilder selfSigned(String commonName, KeyPair keyPair) {
        return new CertificateBuilder(commonName, keyPair.getPublic(), null, keyPair.getPublic(),
                keyPair.getPrivate(), null);
    }

    /**
     * A certificate for {@code subjectKey}, issued by {@code issuer} and signed with
     * {@code issuerKey}, the private key of the issuer's certificate.
     */
    public static CertificateBuilder signedBy(String commonName, PublicKey subjectKey, X509Certificate issuer,
                                              PrivateKey issuerKey) {
        // The issuer field must equal the issuer's subject byte for byte for path building
        // (RFC 5280 §4.1.2.4), so we copy its encoding instead of re-encoding its name.
        return new CertificateBuilder(commonName, subjectKey, issuer.getSubjectX500Principal().getEncoded(),
                issuer.getPublicKey(), issuerKey, CertificateExtensions.issuerKeyIdentifier(issuer));
    }

    /**
     * The subjectAltName entries: DNS names ("localhost", "*.example.org") and IP literals
     * ("127.0.0.1", "::1"). Replaces any names given before.
     *
     * @throws IllegalArgumentException for a string that is neither
     */
    public CertificateBuilder subjectAltNames(String... dnsNamesOrIpLiterals) {
        List<String> names = new ArrayList<>();
        for (String name : dnsNamesOrIpLiterals) {
            CertificateExtensions.generalName(Objects.requireNonNull(name, "subjectAltName"));
            names.add(name);
        }
        this.subjectAltNames = List.copyOf(names);
        return this;
    }

    /**
     * The validity period, to the second. Default: from one hour before {@link #build} (to absorb
     * clock skew) to thirty days after it.
     */
    public CertificateBuilder validity(Instant notBefore, Instant notAfter) {
        if (notAfter.isBefore(notBefore)) {
            throw new IllegalArgumentException("notAfter " + notAfter + " is before notBefore " + notBefore);
        }
        this.notBefore = notBefore;
        this.notAfter = notAfter;
        return this;
    }

    /** A CA certificate (basicConstraints cA, keyUsage keyCertSign and cRLSign) or a leaf (the default). */
    public CertificateBuilder ca(boolean isCa) {
        this.ca = isCa;
        return this;
    }

    /**
     * The serial number. Default: a random positive 64-bit number. RFC 5280 §4.1.2.2: "The serial
     * number MUST be a positive integer assigned by the CA to each certificate." and "Conforming
     * CAs MUST NOT use serialNumber values longer than 20 octets."
     */
    public CertificateBuilder serial(BigInteger serial) {
        if (serial.signum() <= 0 || serial.toByteArray().length > 20) {
            throw new IllegalArgumentException("serial number must be positive and at most 20 octets: " + serial);
        }
        this.serial = serial;
        return this;
    }

    /**
     * Encodes, signs and parses back the certificate through the JDK's {@link CertificateFactory},
     * then checks its signature with the issuer's public key.
     *
     * @param random feeds the default serial number and the signature
     * @throws IllegalArgumentException if the issuer's private key does not match its public key
     */
    public X509Certificate build(SecureRandom random) {
        BigInteger serialNumber = serial != null ? serial : new BigInteger(63, random).add(BigInteger.ONE);
        Instant from = notBefore;
        Instant to = notAfter;
        if (from == null) {
            // Making a certificate is not part of any protocol run, so reading the clock here does
            // not break the engine's rule that time comes in from outside.
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            from = now.minus(DEFAULT_BACKDATE);
            to = now.plus(DEFAULT_LIFETIME);
        }
        SignatureAlgorithm algorithm = SignatureAlgorithm.forKey(issuerKey);
        byte[] tbs = Der.sequence(
                Der.explicit(0, Der.integer(2)),
                Der.integer(serialNumber),
                algorithm.algorithmIdentifier(),
                issuerName,
                Der.sequence(Der.time(from), Der.time(to)),
                subjectName,
                subjectKey.getEncoded(),
                Der.explicit(3, Der.sequence(extensions())));
        byte[] certificate = Der.sequence(tbs, algorithm.algorithmIdentifier(), Der.bitString(sign(algorithm, tbs, random)));
        return parseAndVerify(certificate);
    }

    private byte[][] extensions() {
        List<byte[]> out = new ArrayList<>();
        out.add(CertificateExtensions.basicConstraints(ca));
        out.add(CertificateExtensions.keyUsage(ca));
        if (!ca) {
            out.add(CertificateExtensions.extendedKeyUsage());
        }
        if (!subjectAltNames.isEmpty()) {
            out.add(CertificateExtensions.subjectAltName(subjectAltNames));
        }
        out.add(CertificateExtensions.subjectKeyIdentifier(CertificateExtensions.keyIdentifier(subjectKey)));
        if (authorityKeyId != null) {
            out.add(CertificateExtensions.authorityKeyIdentifier(authorityKeyId));
        }
        return out.toArray(new byte[0][]);
    }

    private byte[] sign(SignatureAlgorithm algorithm, byte[] tbs, SecureRandom random) {
        try {
            Signature signer = Signature.getInstance(algorithm.jcaName());
            signer.initSign(issuerKey, random);
            signer.update(tbs);
            // The JCA gives ECDSA signatures as the DER Ecdsa-Sig-Value that RFC 5758 §3.2 asks for,
            // and EdDSA signatures as the raw bytes RFC 8410 §6 asks for: both go in as they are.
            return signer.sign();
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("cannot sign with the issuer's " + issuerKey.getAlgorithm() + " key: "
                    + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm.jcaName() + " signing failed: " + e.getMessage(), e);
        }
    }

    private X509Certificate parseAndVerify(byte[] der) {
        X509Certificate certificate;
        try {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK rejected the certificate we encoded: " + e.getMessage(), e);
        }
        try {
            certificate.verify(issuerPublicKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the signature does not verify with the issuer's public key:"
                    + " is the private key the issuer's? (" + e.getMessage() + ")", e);
        }
        return certificate;
    }

    /**
     * A {@code Name} with one common name (RFC 5280 §4.1.2.4), as a UTF8String: "CAs
     * conforming to this profile MUST use either the PrintableString or UTF8String encoding of
     * DirectoryString".
     *
     * <pre>
     * RDNSequence ::= SEQUENCE OF RelativeDistinguishedName
     * RelativeDistinguishedName ::= SET SIZE (1..MAX) OF AttributeTypeAndValue
     * AttributeTypeAndValue ::= SEQUENCE { type AttributeType, value AttributeValue }
     * </pre>
     */
    private static byte[] name(String commonName) {
        if (commonName.isEmpty() || commonName.length() > MAX_COMMON_NAME) {
            throw new IllegalArgumentException("common name must have 1 to " + MAX_COMMON_NAME + " characters: \""
                    + commonName + "\"");
        }
        return Der.sequence(Der.set(Der.sequence(Der.oid(COMMON_NAME_OID), Der.utf8String(commonName))));
    }
}
