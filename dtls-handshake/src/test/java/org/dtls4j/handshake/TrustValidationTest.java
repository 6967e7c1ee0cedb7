package org.dtls4j.handshake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.X509TrustManager;
import org.dtls4j.credentials.CaAndLeaf;
import org.dtls4j.credentials.CertificateBuilder;
import org.dtls4j.credentials.Credentials;
import org.dtls4j.credentials.Pem;
import org.dtls4j.credentials.ThrowawayCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The certificates we make pass the JDK's PKIX validation, and the wrong ones fail it. */
class TrustValidationTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"P-256, ECDHE_ECDSA", "P-384, ECDHE_ECDSA", "RSA-2048, ECDHE_RSA", "Ed25519, ECDHE_ECDSA"})
    void pkixAcceptsTheLeafChainOfItsCaAndRejectsAnotherCasLeaf(String kind, String authType) {
        CaAndLeaf ours = ThrowawayCredentials.caAndLeaf(kind, "server", "localhost", "127.0.0.1", "::1");
        X509TrustManager trust = TrustManagers.forAnchors(List.of(ours.ca()));

        assertEquals(List.of(ours.leaf().leaf(), ours.ca()), ours.chain());
        assertDoesNotThrow(() -> trust.checkServerTrusted(ours.chain().toArray(new X509Certificate[0]), authType));
        assertDoesNotThrow(() -> trust.checkClientTrusted(ours.chain().toArray(new X509Certificate[0]), authType));
        // The anchor itself need not be sent.
        assertDoesNotThrow(() -> trust.checkServerTrusted(new X509Certificate[] {ours.leaf().leaf()}, authType));

        CaAndLeaf theirs = ThrowawayCredentials.caAndLeaf(kind, "server", "localhost");
        X509Certificate[] foreign = theirs.chain().toArray(new X509Certificate[0]);
        assertThrows(CertificateException.class, () -> trust.checkServerTrusted(foreign, authType));
        assertThrows(CertificateException.class, () -> trust.checkClientTrusted(foreign, authType));
        // Their leaf presented with our CA behind it: the signature does not verify.
        X509Certificate[] spliced = {theirs.leaf().leaf(), ours.ca()};
        assertThrows(CertificateException.class, () -> trust.checkServerTrusted(spliced, authType));
    }

    @Test
    void secondLeafFromTheSameCaServesAsClientCertificate() {
        CaAndLeaf server = ThrowawayCredentials.caAndLeaf("P-256", "server", "localhost");
        Credentials client = server.issue("Ed25519", "client");
        assertEquals(List.of(client.leaf(), server.ca()), client.chain());
        X509TrustManager trust = TrustManagers.forAnchors(List.of(server.ca()));
        assertDoesNotThrow(() -> trust.checkClientTrusted(client.chain().toArray(new X509Certificate[0]), "ECDHE_ECDSA"));
    }

    @Test
    void selfSignedLeafIsTrustedWhenPinnedAsAnchor() {
        Credentials pinned = ThrowawayCredentials.selfSigned("P-256", "pinned", "localhost");
        X509TrustManager trust = TrustManagers.forAnchors(List.of(pinned.leaf()));
        assertDoesNotThrow(() -> trust.checkServerTrusted(new X509Certificate[] {pinned.leaf()}, "ECDHE_ECDSA"));
        Credentials other = ThrowawayCredentials.selfSigned("P-256", "pinned", "localhost");
        assertThrows(CertificateException.class,
                () -> trust.checkServerTrusted(new X509Certificate[] {other.leaf()}, "ECDHE_ECDSA"));
    }

    @Test
    void expiredLeafIsRejected() {
        KeyPair caKeys = ThrowawayCredentials.generateKeyPair("P-256");
        X509Certificate ca = CertificateBuilder.selfSigned("ca", caKeys).ca(true).build(RANDOM);
        Instant now = Instant.now();
        X509Certificate expired = CertificateBuilder.signedBy("old", ThrowawayCredentials.generateKeyPair("P-256").getPublic(),
                ca, caKeys.getPrivate()).validity(now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1))).build(RANDOM);
        X509TrustManager trust = TrustManagers.forAnchors(List.of(ca));
        assertThrows(CertificateException.class,
                () -> trust.checkServerTrusted(new X509Certificate[] {expired, ca}, "ECDHE_ECDSA"));
    }

    @Test
    void leafSignedByANonCaIsRejected() {
        CaAndLeaf root = ThrowawayCredentials.caAndLeaf("P-256", "not a CA");
        X509Certificate fakeIntermediate = root.leaf().leaf();
        X509Certificate grandchild = CertificateBuilder.signedBy("victim", ThrowawayCredentials.generateKeyPair("P-256").getPublic(),
                fakeIntermediate, root.leaf().privateKey()).build(RANDOM);
        X509TrustManager trust = TrustManagers.forAnchors(List.of(root.ca()));
        assertThrows(CertificateException.class,
                () -> trust.checkServerTrusted(new X509Certificate[] {grandchild, fakeIntermediate, root.ca()}, "ECDHE_ECDSA"));

        // The same shape with a real intermediate CA is accepted.
        KeyPair intermediateKeys = ThrowawayCredentials.generateKeyPair("P-256");
        X509Certificate intermediate = CertificateBuilder.signedBy("intermediate", intermediateKeys.getPublic(), root.ca(), root.caKey())
                .ca(true).build(RANDOM);
        X509Certificate leaf = CertificateBuilder.signedBy("leaf", ThrowawayCredentials.generateKeyPair("P-256").getPublic(),
                intermediate, intermediateKeys.getPrivate()).build(RANDOM);
        assertDoesNotThrow(() -> trust.checkServerTrusted(new X509Certificate[] {leaf, intermediate, root.ca()}, "ECDHE_ECDSA"));
    }

    @Test
    void credentialsRoundTripThroughPemFiles() throws IOException {
        CaAndLeaf made = ThrowawayCredentials.caAndLeaf("P-384", "files", "localhost");
        Path certFile = dir.resolve("chain.pem");
        Path keyFile = dir.resolve("key.pem");
        Files.writeString(certFile, Pem.encode(made.leaf().leaf()) + Pem.encode(made.ca()));
        Files.writeString(keyFile, Pem.encode(made.leaf().privateKey()));

        Credentials read = Credentials.fromPem(certFile, keyFile);
        assertEquals(made.chain(), read.chain());
        assertArrayEquals(made.leaf().privateKey().getEncoded(), read.privateKey().getEncoded());

        Path both = dir.resolve("both.pem");
        Files.writeString(both, Pem.encode(made.leaf().privateKey()) + Pem.encode(made.leaf().leaf()));
        assertEquals(List.of(made.leaf().leaf()), Credentials.fromPem(both, both).chain());
    }

    @Test
    void credentialsFromPemRefuseAKeyOfAnotherCertificate() throws IOException {
        CaAndLeaf made = ThrowawayCredentials.caAndLeaf("RSA-2048", "files");
        Path certFile = Files.writeString(dir.resolve("chain.pem"), Pem.encode(made.leaf().leaf()));
        for (String kind : new String[] {"RSA-2048", "P-256", "Ed25519"}) {
            Path keyFile = Files.writeString(dir.resolve("other-" + kind + ".pem"),
                    Pem.encode(ThrowawayCredentials.generateKeyPair(kind).getPrivate()));
            IOException e = assertThrows(IOException.class, () -> Credentials.fromPem(certFile, keyFile));
            assertTrue(e.getMessage().startsWith(keyFile + ": the"), e.getMessage());
            assertTrue(e.getMessage().contains("does not belong to the first certificate in " + certFile), e.getMessage());
        }
        // The CA's key does not belong to the leaf either, though it signed it.
        Path caKeyFile = Files.writeString(dir.resolve("ca-key.pem"), Pem.encode(made.caKey()));
        assertThrows(IOException.class, () -> Credentials.fromPem(certFile, caKeyFile));
    }

    @Test
    void credentialsRecordChecksAndHidesTheKey() {
        Credentials c = ThrowawayCredentials.selfSigned("P-256", "shown");
        assertEquals("Credentials[chain=[CN=shown], key=EC]", c.toString());
        assertThrows(IllegalArgumentException.class, () -> new Credentials(List.of(), c.privateKey()));
        assertThrows(NullPointerException.class, () -> new Credentials(c.chain(), null));
    }

    @Test
    void unknownKeyKindsAreListed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ThrowawayCredentials.generateKeyPair("P-192"));
        assertTrue(e.getMessage().contains("P-256, P-384, P-521, RSA-2048"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ThrowawayCredentials.generateKeyPair("RSA-512"));
        assertThrows(IllegalArgumentException.class, () -> ThrowawayCredentials.generateKeyPair("RSA-big"));
        assertEquals("EC", ThrowawayCredentials.generateKeyPair("p-256").getPublic().getAlgorithm());
    }
}
