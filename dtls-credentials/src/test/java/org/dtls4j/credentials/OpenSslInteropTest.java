package org.dtls4j.credentials;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our certificates and keys against OpenSSL, an implementation that shares no code with the JDK:
 * it must parse, print and verify what we write, and we must read the keys it writes.
 * Skipped when no {@code openssl} is on the PATH.
 */
class OpenSslInteropTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void needOpenSsl() {
        assumeTrue(OpenSsl.available(), "openssl is not on the PATH");
    }

    @ParameterizedTest
    @CsvSource({
        "P-256, ecdsa-with-SHA256",
        "P-384, ecdsa-with-SHA384",
        "RSA-2048, sha256WithRSAEncryption",
        "Ed25519, ED25519"})
    void opensslPrintsAndVerifiesOurChain(String kind, String signatureName) throws Exception {
        CaAndLeaf made = ThrowawayCredentials.caAndLeaf(kind, "localhost", "localhost", "127.0.0.1", "::1");
        write("ca.pem", Pem.encode(made.ca()));
        write("leaf.pem", Pem.encode(made.leaf().leaf()));

        String leafText = OpenSsl.run(dir, "x509", "-in", "leaf.pem", "-noout", "-text").expectSuccess().output();
        for (String expected : List.of("Version: 3 (0x2)", "Signature Algorithm: " + signatureName,
                "Subject: CN = localhost", "X509v3 Basic Constraints: critical", "CA:FALSE",
                "X509v3 Key Usage: critical", "Digital Signature",
                "TLS Web Server Authentication, TLS Web Client Authentication",
                "DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1",
                "X509v3 Subject Key Identifier", "X509v3 Authority Key Identifier")) {
            assertTrue(leafText.contains(expected), "missing \"" + expected + "\" in\n" + leafText);
        }
        String caText = OpenSsl.run(dir, "x509", "-in", "ca.pem", "-noout", "-text").expectSuccess().output();
        assertTrue(caText.contains("CA:TRUE") && caText.contains("Certificate Sign, CRL Sign"), caText);

        // -x509_strict adds RFC 5280 conformance checks to the path validation.
        OpenSsl.Result verified = OpenSsl.run(dir, "verify", "-x509_strict", "-CAfile", "ca.pem", "leaf.pem");
        assertEquals(0, verified.exitCode(), verified.output());
        assertTrue(verified.output().contains("leaf.pem: OK"), verified.output());

        write("other-ca.pem", Pem.encode(ThrowawayCredentials.caAndLeaf(kind, "x").ca()));
        OpenSsl.Result refused = OpenSsl.run(dir, "verify", "-CAfile", "other-ca.pem", "leaf.pem");
        assertNotEquals(0, refused.exitCode(), refused.output());
    }

    @ParameterizedTest
    @ValueSource(strings = {"P-256", "P-384", "RSA-2048", "Ed25519", "Ed448"})
    void opensslReadsOurPrivateKeys(String kind) throws Exception {
        var keys = ThrowawayCredentials.generateKeyPair(kind);
        write("key.pem", Pem.encode(keys.getPrivate()));
        OpenSsl.run(dir, "pkey", "-in", "key.pem", "-pubout", "-outform", "DER", "-out", "pub.der").expectSuccess();
        assertArrayEquals(keys.getPublic().getEncoded(), Files.readAllBytes(dir.resolve("pub.der")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256          | PRIVATE KEY",
        "ecparam -name prime256v1 -genkey                                | EC PRIVATE KEY",
        "ecparam -name secp384r1 -genkey -noout                          | EC PRIVATE KEY",
        "genrsa -traditional 2048                                        | RSA PRIVATE KEY",
        "genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048            | PRIVATE KEY",
        "genpkey -algorithm ed25519                                      | PRIVATE KEY",
        "genpkey -algorithm ed448                                        | PRIVATE KEY"})
    void keysOpenSslWritesAreReadAndMatchTheirPublicKeys(String command, String label) throws Exception {
        List<String> args = new ArrayList<>(List.of(command.trim().split("\\s+")));
        // Right after the subcommand: genrsa wants the key size as its last argument.
        args.addAll(1, List.of("-out", "key.pem"));
        OpenSsl.run(dir, args.toArray(new String[0])).expectSuccess();
        Path keyFile = dir.resolve("key.pem");
        assertTrue(Files.readString(keyFile).contains("-----BEGIN " + label + "-----"), "OpenSSL wrote another format");

        PrivateKey key = Pem.readPrivateKey(keyFile);
        OpenSsl.run(dir, "pkey", "-in", "key.pem", "-pubout", "-outform", "DER", "-out", "pub.der").expectSuccess();
        PublicKey publicKey = KeyFactory.getInstance(key.getAlgorithm())
                .generatePublic(new X509EncodedKeySpec(Files.readAllBytes(dir.resolve("pub.der"))));
        assertTrue(signatureVerifies(key, publicKey), "the key read is not the key OpenSSL made");
        assertTrue(KeyMatch.matches(publicKey, key));
    }

    private static boolean signatureVerifies(PrivateKey key, PublicKey publicKey) throws GeneralSecurityException {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> "EdDSA";
        };
        byte[] message = "the same key on both sides".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key, new SecureRandom());
        signer.update(message);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(publicKey);
        verifier.update(message);
        return verifier.verify(signature);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -aes-128-cbc -pass pass:secret",
        "genrsa -traditional -aes128 -passout pass:secret 2048"})
    void encryptedKeysFromOpenSslAreRefusedClearly(String command) throws Exception {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.addAll(1, List.of("-out", "enc.pem"));
        OpenSsl.run(dir, args.toArray(new String[0])).expectSuccess();
        Path file = dir.resolve("enc.pem");
        IOException e = assertThrows(IOException.class, () -> Pem.readPrivateKey(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("encrypted keys are not supported"), e.getMessage());
    }

    /** An OpenSSL CA (SHA-1 key identifiers, OpenSSL's name encoding) issuing through our builder. */
    @Test
    void weIssueLeavesUnderAnOpenSslCa() throws Exception {
        write("ca.cnf", String.join("\n",
                "[req]", "distinguished_name = dn", "x509_extensions = v3_ca", "prompt = no",
                "[dn]", "O = OpenSSL Test", "CN = OpenSSL CA",
                "[v3_ca]", "basicConstraints = critical, CA:TRUE", "keyUsage = critical, keyCertSign, cRLSign",
                "subjectKeyIdentifier = hash", ""));
        OpenSsl.run(dir, "req", "-x509", "-config", "ca.cnf", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-nodes", "-keyout", "ca-key.pem", "-out", "ca.pem", "-days", "2").expectSuccess();

        Credentials ca = Credentials.fromPem(dir.resolve("ca.pem"), dir.resolve("ca-key.pem"));
        PublicKey leafKey = ThrowawayCredentials.generateKeyPair("P-256").getPublic();
        X509Certificate leaf = CertificateBuilder.signedBy("issued by openssl's CA", leafKey, ca.leaf(), ca.privateKey())
                .subjectAltNames("localhost").build(new SecureRandom());
        write("leaf.pem", Pem.encode(leaf));

        OpenSsl.Result verified = OpenSsl.run(dir, "verify", "-x509_strict", "-CAfile", "ca.pem", "leaf.pem");
        assertEquals(0, verified.exitCode(), verified.output());
        X509TrustManager trust = pkixTrusting(ca.leaf());
        assertDoesNotThrow(() -> trust.checkServerTrusted(new X509Certificate[] {leaf, ca.leaf()}, "ECDHE_ECDSA"));
        assertEquals(ca.leaf().getSubjectX500Principal(), leaf.getIssuerX500Principal());
    }

    /** The JDK's PKIX trust manager with {@code anchor} as its only trust anchor. */
    private static X509TrustManager pkixTrusting(X509Certificate anchor) throws Exception {
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("anchor", anchor);
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
        tmf.init(ks);
        return (X509TrustManager) tmf.getTrustManagers()[0];
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text, StandardCharsets.US_ASCII);
    }
}
