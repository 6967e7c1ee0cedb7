package org.dtls4j.credentials;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.dtls4j.codec.DecodeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What {@link CertificateBuilder} writes, as the JDK's own X.509 parser reads it back. */
class CertificateBuilderTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @ParameterizedTest
    @CsvSource({
        "P-256, SHA256withECDSA, 1.2.840.10045.4.3.2",
        "P-384, SHA384withECDSA, 1.2.840.10045.4.3.3",
        "P-521, SHA512withECDSA, 1.2.840.10045.4.3.4",
        "RSA-2048, SHA256withRSA, 1.2.840.113549.1.1.11",
        "Ed25519, Ed25519, 1.3.101.112",
        "Ed448, Ed448, 1.3.101.113"})
    void selfSignedLeafHasTheProfileWeDocument(String kind, String sigAlgName, String sigAlgOid) throws Exception {
        KeyPair keys = ThrowawayCredentials.generateKeyPair(kind);
        X509Certificate cert = CertificateBuilder.selfSigned("leaf " + kind, keys)
                .subjectAltNames("localhost", "127.0.0.1", "::1", "*.example.org")
                .build(RANDOM);

        assertEquals(3, cert.getVersion());
        assertEquals("CN=leaf " + kind, cert.getSubjectX500Principal().getName());
        assertEquals(cert.getSubjectX500Principal(), cert.getIssuerX500Principal());
        assertEquals(sigAlgName, cert.getSigAlgName());
        assertEquals(sigAlgOid, cert.getSigAlgOID());
        cert.verify(keys.getPublic());
        assertArrayEquals(keys.getPublic().getEncoded(), cert.getPublicKey().getEncoded());

        assertEquals(-1, cert.getBasicConstraints(), "not a CA");
        boolean[] keyUsage = cert.getKeyUsage();
        assertTrue(keyUsage[0], "digitalSignature");
        assertFalse(keyUsage[5], "keyCertSign");
        assertEquals(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"), cert.getExtendedKeyUsage());
        assertEquals(Set.of("2.5.29.19", "2.5.29.15"), cert.getCriticalExtensionOIDs());
        assertEquals(Set.of("2.5.29.37", "2.5.29.17", "2.5.29.14"), cert.getNonCriticalExtensionOIDs());
        assertEquals(List.of(List.of(2, "localhost"), List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"),
                List.of(2, "*.example.org")), sans(cert));
        assertArrayEquals(CertificateExtensions.keyIdentifier(keys.getPublic()), subjectKeyId(cert));
    }

    @Test
    void caCertificateCanSignCertificatesAndNothingElse() {
        X509Certificate ca = CertificateBuilder.selfSigned("a CA", ThrowawayCredentials.generateKeyPair("P-256"))
                .ca(true).build(RANDOM);
        assertEquals(Integer.MAX_VALUE, ca.getBasicConstraints(), "cA without a path length limit");
        boolean[] keyUsage = ca.getKeyUsage();
        assertFalse(keyUsage[0], "digitalSignature");
        assertTrue(keyUsage[5], "keyCertSign");
        assertTrue(keyUsage[6], "cRLSign");
        assertNull(extendedKeyUsage(ca), "a CA has no extKeyUsage");
        assertNull(ca.getExtensionValue(CertificateExtensions.AUTHORITY_KEY_IDENTIFIER), "self-signed: no AKI");
    }

    private static List<String> extendedKeyUsage(X509Certificate cert) {
        try {
            return cert.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void issuedCertificateNamesItsIssuerAndItsKey() throws Exception {
        KeyPair caKeys = ThrowawayCredentials.generateKeyPair("P-384");
        X509Certificate ca = CertificateBuilder.selfSigned("issuer", caKeys).ca(true).build(RANDOM);
        KeyPair leafKeys = ThrowawayCredentials.generateKeyPair("RSA-2048");
        X509Certificate leaf = CertificateBuilder.signedBy("subject", leafKeys.getPublic(), ca, caKeys.getPrivate()).build(RANDOM);

        assertEquals(ca.getSubjectX500Principal(), leaf.getIssuerX500Principal());
        assertEquals("SHA384withECDSA", leaf.getSigAlgName(), "the issuer's P-384 key decides, not the leaf's RSA key");
        leaf.verify(caKeys.getPublic());
        assertArrayEquals(subjectKeyId(ca), authorityKeyId(leaf));
        assertNull(leaf.getSubjectAlternativeNames(), "no names given, no subjectAltName");
    }

    @Test
    void rsaIssuerSignsWithSha256WithRsa() throws Exception {
        KeyPair caKeys = ThrowawayCredentials.generateKeyPair("RSA-2048");
        X509Certificate ca = CertificateBuilder.selfSigned("rsa issuer", caKeys).ca(true).build(RANDOM);
        X509Certificate leaf = CertificateBuilder.signedBy("ed leaf", ThrowawayCredentials.generateKeyPair("Ed25519").getPublic(),
                ca, caKeys.getPrivate()).build(RANDOM);
        assertEquals("SHA256withRSA", leaf.getSigAlgName());
        leaf.verify(caKeys.getPublic());
    }

    @Test
    void validityIsKeptToTheSecondOnBothSidesOf2050() throws Exception {
        KeyPair keys = ThrowawayCredentials.generateKeyPair("P-256");
        Instant from = Instant.parse("2049-06-01T12:34:56.789Z");
        Instant to = Instant.parse("2051-01-02T03:04:05.999Z");
        X509Certificate cert = CertificateBuilder.selfSigned("long", keys).validity(from, to).build(RANDOM);
        assertEquals(Date.from(Instant.parse("2049-06-01T12:34:56Z")), cert.getNotBefore());
        assertEquals(Date.from(Instant.parse("2051-01-02T03:04:05Z")), cert.getNotAfter());
        byte[] tbs = cert.getTBSCertificate();
        assertTrue(contains(tbs, Der.tlv(Der.UTC_TIME, "490601123456Z".getBytes(StandardCharsets.US_ASCII))));
        assertTrue(contains(tbs, Der.tlv(Der.GENERALIZED_TIME, "20510102030405Z".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void defaultValidityStartsAnHourAgoAndLastsThirtyDays() {
        Instant before = Instant.now();
        X509Certificate cert = CertificateBuilder.selfSigned("now", ThrowawayCredentials.generateKeyPair("P-256")).build(RANDOM);
        Instant after = Instant.now();
        Instant notBefore = cert.getNotBefore().toInstant();
        Instant notAfter = cert.getNotAfter().toInstant();
        assertTrue(!notBefore.isBefore(before.minus(Duration.ofHours(1)).minusSeconds(1))
                && !notBefore.isAfter(after.minus(Duration.ofHours(1))), notBefore.toString());
        assertEquals(Duration.ofDays(30).plusHours(1), Duration.between(notBefore, notAfter));
    }

    @Test
    void serialNumbers() {
        KeyPair keys = ThrowawayCredentials.generateKeyPair("P-256");
        BigInteger big = BigInteger.ONE.shiftLeft(158);
        assertEquals(big, CertificateBuilder.selfSigned("s", keys).serial(big).build(RANDOM).getSerialNumber());
        for (int i = 0; i < 20; i++) {
            BigInteger serial = CertificateBuilder.selfSigned("s", keys).build(RANDOM).getSerialNumber();
            assertTrue(serial.signum() > 0 && serial.bitLength() <= 64, serial.toString());
        }
        CertificateBuilder builder = CertificateBuilder.selfSigned("s", keys);
        assertThrows(IllegalArgumentException.class, () -> builder.serial(BigInteger.ZERO));
        assertThrows(IllegalArgumentException.class, () -> builder.serial(BigInteger.valueOf(-5)));
        assertThrows(IllegalArgumentException.class, () -> builder.serial(BigInteger.ONE.shiftLeft(159)), "21 octets");
    }

    @Test
    void encodingIsDeterministicForDeterministicSignatures() {
        KeyPair keys = ThrowawayCredentials.generateKeyPair("Ed25519");
        Instant from = Instant.parse("2030-01-01T00:00:00Z");
        CertificateBuilder builder = CertificateBuilder.selfSigned("same", keys)
                .serial(BigInteger.TEN).validity(from, from.plus(Duration.ofDays(1))).subjectAltNames("localhost");
        assertArrayEquals(encoded(builder.build(RANDOM)), encoded(builder.build(new SecureRandom())));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "bad name", "-leading.example", "trailing-.example", "fe80::1%eth0", "[::1]", "::zz",
        "caf\u00e9.example", "a..b", "zz::1", "1::2::3"})
    void subjectAltNamesThatAreNeitherDnsNamesNorIpLiteralsAreRefused(String name) {
        CertificateBuilder builder = CertificateBuilder.selfSigned("x", ThrowawayCredentials.generateKeyPair("P-256"));
        assertThrows(IllegalArgumentException.class, () -> builder.subjectAltNames("ok.example", name));
    }

    @Test
    void argumentsAreCheckedWhereTheyAreGiven() throws Exception {
        KeyPair keys = ThrowawayCredentials.generateKeyPair("P-256");
        assertThrows(IllegalArgumentException.class, () -> CertificateBuilder.selfSigned("", keys));
        assertThrows(IllegalArgumentException.class, () -> CertificateBuilder.selfSigned("x".repeat(65), keys));
        Instant now = Instant.now();
        assertThrows(IllegalArgumentException.class,
                () -> CertificateBuilder.selfSigned("x", keys).validity(now, now.minusSeconds(1)));

        KeyPairGenerator dsa = KeyPairGenerator.getInstance("DSA");
        dsa.initialize(2048);
        KeyPair dsaKeys = dsa.generateKeyPair();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CertificateBuilder.selfSigned("x", dsaKeys));
        assertTrue(e.getMessage().contains("cannot sign certificates with a DSA key"), e.getMessage());
    }

    @Test
    void wrongIssuerKeyIsCaught() {
        KeyPair caKeys = ThrowawayCredentials.generateKeyPair("P-256");
        X509Certificate ca = CertificateBuilder.selfSigned("ca", caKeys).ca(true).build(RANDOM);
        KeyPair other = ThrowawayCredentials.generateKeyPair("P-256");
        CertificateBuilder builder = CertificateBuilder.signedBy("leaf", other.getPublic(), ca, other.getPrivate());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> builder.build(RANDOM));
        assertTrue(e.getMessage().contains("issuer's public key"), e.getMessage());

        KeyPair mismatched = new KeyPair(caKeys.getPublic(), other.getPrivate());
        assertThrows(IllegalArgumentException.class, () -> CertificateBuilder.selfSigned("self", mismatched).build(RANDOM));
    }

    private static List<List<?>> sans(X509Certificate cert) throws CertificateParsingException {
        return cert.getSubjectAlternativeNames().stream().map(l -> List.copyOf(l)).collect(Collectors.toList());
    }

    private static byte[] subjectKeyId(X509Certificate cert) throws DecodeException {
        byte[] extnValue = new DerReader(cert.getExtensionValue(CertificateExtensions.SUBJECT_KEY_IDENTIFIER)).read(Der.OCTET_STRING);
        return new DerReader(extnValue).read(Der.OCTET_STRING);
    }

    private static byte[] authorityKeyId(X509Certificate cert) throws DecodeException {
        byte[] extnValue = new DerReader(cert.getExtensionValue(CertificateExtensions.AUTHORITY_KEY_IDENTIFIER)).read(Der.OCTET_STRING);
        DerReader aki = new DerReader(extnValue).enter(Der.SEQUENCE);
        byte[] keyId = aki.read(Der.CONTEXT);
        aki.expectEnd("AuthorityKeyIdentifier");
        return keyId;
    }

    private static byte[] encoded(X509Certificate cert) {
        try {
            return cert.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new AssertionError(e);
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
