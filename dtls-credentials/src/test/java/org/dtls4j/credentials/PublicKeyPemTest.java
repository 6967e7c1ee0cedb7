package org.dtls4j.credentials;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** "PUBLIC KEY" blocks (RFC 7468 §13) and key pairs for raw public keys (RFC 7250). */
class PublicKeyPemTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"P-256", "P-384", "RSA-2048", "Ed25519", "Ed448"})
    void publicKeysRoundTripThroughPem(String kind) throws IOException {
        PublicKey key = ThrowawayCredentials.generateKeyPair(kind).getPublic();
        String pem = Pem.encode(key);
        assertTrue(pem.startsWith("-----BEGIN PUBLIC KEY-----\n"), pem);
        PublicKey back = Pem.readPublicKeys(pem).get(0);
        assertEquals(key.getAlgorithm(), back.getAlgorithm());
        assertArrayEquals(key.getEncoded(), back.getEncoded());
    }

    @Test
    void aTrustFileListsSeveralKeysInOrderAmongOtherBlocksAndText() throws IOException {
        PublicKey a = ThrowawayCredentials.generateKeyPair("P-256").getPublic();
        PublicKey b = ThrowawayCredentials.generateKeyPair("Ed25519").getPublic();
        PublicKey c = ThrowawayCredentials.generateKeyPair("P-384").getPublic();
        Path file = dir.resolve("peers.pem");
        Files.writeString(file, "# sensor 17\n" + Pem.encode(a) + "# gateway\n" + Pem.encode(b)
                + Pem.encode(ThrowawayCredentials.selfSigned("P-256", "skipped").leaf()) + Pem.encode(c));
        List<PublicKey> keys = Pem.readPublicKeys(file);
        assertEquals(List.of(a, b, c), keys);
    }

    @Test
    void aFileWithoutAPublicKeyOrWithABadOneSaysWhat() throws Exception {
        Path certOnly = dir.resolve("cert.pem");
        Files.writeString(certOnly, Pem.encode(ThrowawayCredentials.selfSigned("P-256", "x").leaf()));
        IOException e = assertThrows(IOException.class, () -> Pem.readPublicKeys(certOnly));
        assertEquals(certOnly + ": no public key found: expected a -----BEGIN PUBLIC KEY----- block (found only CERTIFICATE)",
                e.getMessage());
        String good = Pem.encode(ThrowawayCredentials.generateKeyPair("P-256").getPublic());
        String notAKey = PemBlock.encode("PUBLIC KEY", new byte[] {0x30, 0x03, 0x02, 0x01, 0x00});
        e = assertThrows(IOException.class, () -> Pem.readPublicKeys(good + notAKey));
        assertTrue(e.getMessage().startsWith("PEM text: public key 2: not a SubjectPublicKeyInfo"), e.getMessage());
        // An X25519 key is a key agreement key: no signature, so no identity for a handshake.
        String x25519 = PemBlock.encode("PUBLIC KEY", java.security.KeyPairGenerator.getInstance("X25519")
                .generateKeyPair().getPublic().getEncoded());
        e = assertThrows(IOException.class, () -> Pem.readPublicKeys(x25519));
        assertTrue(e.getMessage().contains("unsupported public key algorithm 1.3.101.110"), e.getMessage());
    }

    @Test
    void theFirstPublicKeyOfAFileMayBeACertificatesKey() throws IOException {
        Credentials cert = ThrowawayCredentials.selfSigned("P-256", "device");
        Path certFile = dir.resolve("device.pem");
        Files.writeString(certFile, Pem.encode(cert.leaf()));
        assertEquals(cert.leaf().getPublicKey(), Pem.readPublicKey(certFile));
        PublicKey other = ThrowawayCredentials.generateKeyPair("P-256").getPublic();
        Path both = dir.resolve("both.pem");
        Files.writeString(both, Pem.encode(cert.leaf()) + Pem.encode(other));
        assertEquals(other, Pem.readPublicKey(both), "a PUBLIC KEY block is preferred");
    }

    @Test
    void aKeyPairIsCheckedToBelongTogether() throws IOException {
        KeyPair pair = ThrowawayCredentials.generateKeyPair("P-256");
        Path pub = dir.resolve("pub.pem");
        Path key = dir.resolve("key.pem");
        Files.writeString(pub, Pem.encode(pair.getPublic()));
        Files.writeString(key, Pem.encode(pair.getPrivate()));
        KeyPair read = KeyPairs.fromPem(pub, key);
        assertEquals(pair.getPublic(), read.getPublic());
        assertArrayEquals(pair.getPrivate().getEncoded(), read.getPrivate().getEncoded());
        Path oneFile = dir.resolve("one.pem");
        Files.writeString(oneFile, Pem.encode(pair.getPrivate()) + Pem.encode(pair.getPublic()));
        assertEquals(pair.getPublic(), KeyPairs.fromPem(oneFile, oneFile).getPublic());

        Path otherKey = dir.resolve("other.pem");
        Files.writeString(otherKey, Pem.encode(ThrowawayCredentials.generateKeyPair("P-256").getPrivate()));
        IOException e = assertThrows(IOException.class, () -> KeyPairs.fromPem(pub, otherKey));
        assertEquals(otherKey + ": the EC private key does not belong to the EC public key in " + pub, e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"EC -pkeyopt ec_paramgen_curve:P-256", "ED25519", "RSA -pkeyopt rsa_keygen_bits:2048"})
    void weReadTheKeysOpensslWrites(String algorithm) throws Exception {
        assumeTrue(OpenSsl.available(), "openssl is not on the PATH");
        List<String> args = new java.util.ArrayList<>(List.of("genpkey", "-algorithm"));
        args.addAll(List.of(algorithm.split(" ")));
        args.addAll(List.of("-out", "key.pem"));
        OpenSsl.run(dir, args.toArray(new String[0])).expectSuccess();
        OpenSsl.run(dir, "pkey", "-in", "key.pem", "-pubout", "-out", "pub.pem").expectSuccess();
        KeyPair pair = KeyPairs.fromPem(dir.resolve("pub.pem"), dir.resolve("key.pem"));
        // and OpenSSL reads ours back to the same key
        Files.writeString(dir.resolve("ours.pem"), Pem.encode(pair.getPublic()));
        String theirs = OpenSsl.run(dir, "pkey", "-pubin", "-in", "ours.pem", "-outform", "DER", "-out", "ours.der")
                .expectSuccess().output();
        assertEquals("", theirs.strip());
        assertArrayEquals(pair.getPublic().getEncoded(), Files.readAllBytes(dir.resolve("ours.der")));
    }
}
