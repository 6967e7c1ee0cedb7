package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The generated PKI: shapes, key types, signatures, SANs, and the PEM loader around it. */
@Timeout(60)
class TestPkiTest {

    private final TestPki pki = TestPki.get();

    @Test
    void serverEcdsaIsAChainOfTwoUnderTheCa() throws Exception {
        List<X509Certificate> chain = pki.serverEcdsa().chain();
        assertEquals(2, chain.size());
        X509Certificate leaf = chain.get(0);
        X509Certificate ca = chain.get(1);
        assertEquals(pki.caCertificate(), ca);
        leaf.verify(ca.getPublicKey());
        assertTrue(ca.getBasicConstraints() >= 0, "CA:TRUE");
        assertEquals(-1, leaf.getBasicConstraints(), "CA:FALSE");
        assertEquals(256, ((ECPublicKey) leaf.getPublicKey()).getParams().getCurve().getField().getFieldSize());
        assertSans(leaf);
    }

    @Test
    void everyServerCertificateHasTheLoopbackNamesAndItsKeyType() throws Exception {
        assertSans(pki.serverSelfSigned().certificate());
        assertSans(pki.serverRsa().certificate());
        assertSans(pki.serverP384().certificate());
        assertSans(pki.serverEd25519().certificate());
        assertEquals(2048, ((RSAPublicKey) pki.serverRsa().certificate().getPublicKey()).getModulus().bitLength());
        assertEquals(384, ((ECPublicKey) pki.serverP384().certificate().getPublicKey()).getParams().getCurve()
                .getField().getFieldSize());
        assertTrue(List.of("Ed25519", "EdDSA").contains(pki.serverEd25519().certificate().getPublicKey().getAlgorithm()));
        X509Certificate self = pki.serverSelfSigned().certificate();
        self.verify(self.getPublicKey());
        pki.serverRsa().certificate().verify(pki.caCertificate().getPublicKey());
    }

    @Test
    void everyPrivateKeyMatchesItsCertificate() throws Exception {
        for (TestPki.Credential c : List.of(pki.serverEcdsa(), pki.serverSelfSigned(), pki.serverRsa(),
                pki.serverP384(), pki.serverEd25519(), pki.clientEcdsa())) {
            assertSignsFor(c.privateKey(), c.certificate().getPublicKey(), c.name());
        }
    }

    @Test
    void clientCertificateIsForClientAuthentication() throws Exception {
        X509Certificate client = pki.clientEcdsa().certificate();
        client.verify(pki.caCertificate().getPublicKey());
        assertTrue(client.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.2"), "id-kp-clientAuth");
    }

    @Test
    void jdkTrustManagerAcceptsTheChainAndRejectsTheSelfSignedCertificate() throws Exception {
        X509TrustManager tm = (X509TrustManager) TestPki.trustManagers(pki.caCertificate())[0];
        tm.checkServerTrusted(pki.serverEcdsa().chain().toArray(X509Certificate[]::new), "ECDHE_ECDSA");
        X509Certificate[] self = {pki.serverSelfSigned().certificate()};
        assertThrows(CertificateException.class, () -> tm.checkServerTrusted(self, "ECDHE_ECDSA"));
    }

    @Test
    void keyStoreHoldsTheKeyAndTheChain() throws Exception {
        KeyStore ks = pki.serverEcdsa().keyStore();
        assertEquals(2, ks.getCertificateChain("server-ecdsa").length);
        assertEquals(pki.serverEcdsa().privateKey(), ks.getKey("server-ecdsa", TestPki.STORE_PASSWORD));
    }

    @Test
    void opensslAgreesTheChainVerifies() throws Exception {
        String out = OpenSsl.run(Duration.ofSeconds(10), pki.dir(), "verify", "-CAfile", "ca.pem",
                "-purpose", "sslserver", "server-ecdsa.pem");
        assertTrue(out.contains("server-ecdsa.pem: OK"), out);
    }

    @Test
    void pemLoaderRefusesKeysThatAreNotPkcs8() throws Exception {
        Path sec1 = pki.dir().resolve("sec1.key");
        OpenSsl.run(Duration.ofSeconds(10), pki.dir(), "ec", "-in", "server-ecdsa.key", "-out", "sec1.key");
        assertTrue(Files.readString(sec1).contains("BEGIN EC PRIVATE KEY"));
        GeneralSecurityException e = assertThrows(GeneralSecurityException.class, () -> Pem.privateKey(sec1));
        assertTrue(e.getMessage().contains("pkcs8"), e.getMessage());
    }

    private static void assertSans(X509Certificate cert) throws Exception {
        Collection<List<?>> sans = cert.getSubjectAlternativeNames();
        assertTrue(sans.contains(List.of(2, "localhost")), "DNS:localhost in " + sans);
        assertTrue(sans.contains(List.of(7, "127.0.0.1")), "IP:127.0.0.1 in " + sans);
    }

    private static void assertSignsFor(PrivateKey key, PublicKey pub, String name) throws Exception {
        String alg = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> "Ed25519";
        };
        byte[] data = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Signature s = Signature.getInstance(alg);
        s.initSign(key);
        s.update(data);
        byte[] sig = s.sign();
        Signature v = Signature.getInstance(alg);
        v.initVerify(pub);
        v.update(data);
        assertTrue(v.verify(sig), name + ": key and certificate do not match");
    }
}
