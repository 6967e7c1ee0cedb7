package org.dtls4j.credentials;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.dtls4j.codec.DecodeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PEM reading and writing (RFC 7468) and the key formats behind the labels. */
class PemTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"P-256", "P-384", "RSA-2048", "Ed25519", "Ed448"})
    void privateKeysRoundTripThroughPkcs8Pem(String kind) throws IOException {
        PrivateKey key = ThrowawayCredentials.generateKeyPair(kind).getPrivate();
        String pem = Pem.encode(key);
        assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----\n"), pem);
        PrivateKey back = Pem.readPrivateKey(pem);
        assertEquals(key.getAlgorithm(), back.getAlgorithm());
        assertArrayEquals(key.getEncoded(), back.getEncoded());
    }

    @Test
    void certificateRoundTripsAndLinesAreExactly64Characters() throws IOException {
        X509Certificate cert = ThrowawayCredentials.selfSigned("RSA-2048", "wrapped").leaf();
        String pem = Pem.encode(cert);
        List<String> lines = List.of(pem.split("\n", -1));
        assertEquals("-----BEGIN CERTIFICATE-----", lines.get(0));
        assertEquals("-----END CERTIFICATE-----", lines.get(lines.size() - 2));
        assertEquals("", lines.get(lines.size() - 1), "ends with a newline");
        List<String> body = lines.subList(1, lines.size() - 2);
        assertTrue(body.size() > 2, "an RSA certificate takes several lines");
        for (int i = 0; i < body.size() - 1; i++) {
            assertEquals(64, body.get(i).length(), "line " + i);
        }
        assertTrue(body.get(body.size() - 1).length() <= 64);
        assertEquals(List.of(cert), Pem.readCertificates(pem));
    }

    @Test
    void readsEveryCertificateInOrderAmidExplanatoryTextAndAnyNewlines() throws IOException {
        X509Certificate a = ThrowawayCredentials.selfSigned("P-256", "first").leaf();
        X509Certificate b = ThrowawayCredentials.selfSigned("P-256", "second").leaf();
        X509Certificate c = ThrowawayCredentials.selfSigned("Ed25519", "third").leaf();
        String text = "Subject: first\nIssuer: first\n" + Pem.encode(a)
                + "\n\nsome words in between -----\n" + Pem.encode(b).replace("\n", "\r\n")
                + Pem.encode(c).replace("\n", "\r").replace("-----BEGIN", "  -----BEGIN")
                + "trailing text";
        Path file = Files.writeString(dir.resolve("chain.pem"), text);
        assertEquals(List.of(a, b, c), Pem.readCertificates(file));
    }

    @Test
    void legacyCertificateLabelsAreRead() throws IOException {
        X509Certificate cert = ThrowawayCredentials.selfSigned("P-256", "old").leaf();
        String pem = Pem.encode(cert).replace("CERTIFICATE", "X509 CERTIFICATE");
        assertEquals(List.of(cert), Pem.readCertificates(pem));
    }

    @Test
    void missingCertificateNamesTheFileAndWhatWasFound() throws IOException {
        Path file = Files.writeString(dir.resolve("only-key.pem"), Pem.encode(ThrowawayCredentials.generateKeyPair("P-256").getPrivate()));
        IOException e = assertThrows(IOException.class, () -> Pem.readCertificates(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("-----BEGIN CERTIFICATE-----"), e.getMessage());
        assertTrue(e.getMessage().contains("found only PRIVATE KEY"), e.getMessage());
    }

    @Test
    void missingKeyNamesTheFileAndTheLabelsExpected() throws IOException {
        Path file = Files.writeString(dir.resolve("cert.pem"), Pem.encode(ThrowawayCredentials.selfSigned("P-256", "x").leaf()));
        IOException e = assertThrows(IOException.class, () -> Pem.readPrivateKey(file));
        assertTrue(e.getMessage().startsWith(file + ": no private key found"), e.getMessage());
        assertTrue(e.getMessage().contains("-----BEGIN PRIVATE KEY-----"), e.getMessage());
        assertTrue(e.getMessage().contains("found only CERTIFICATE"), e.getMessage());

        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        IOException none = assertThrows(IOException.class, () -> Pem.readPrivateKey(empty));
        assertTrue(none.getMessage().contains("found no PEM blocks"), none.getMessage());
    }

    @Test
    void encryptedKeysAreRefusedWithAPlainReason() {
        String pkcs8Encrypted = PemBlock.encode("ENCRYPTED PRIVATE KEY", new byte[] {0x30, 0x00});
        IOException e = assertThrows(IOException.class, () -> Pem.readPrivateKey(pkcs8Encrypted));
        assertTrue(e.getMessage().contains("encrypted keys are not supported"), e.getMessage());

        String legacy = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,"
                + "00112233445566778899AABBCCDDEEFF\n\nMIIBOgIBAAJBAK==\n-----END RSA PRIVATE KEY-----\n";
        IOException legacyError = assertThrows(IOException.class, () -> Pem.readPrivateKey(legacy));
        assertTrue(legacyError.getMessage().contains("encrypted keys are not supported"), legacyError.getMessage());
    }

    @Test
    void headersAreParsedWithContinuationLines() throws IOException {
        String text = "-----BEGIN THING-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,\n  0011\n\nAQID\n-----END THING-----\n";
        PemBlock block = PemBlock.parseAll(text, "t").get(0);
        assertEquals(Map.of("Proc-Type", "4,ENCRYPTED", "DEK-Info", "AES-128-CBC, 0011"), block.headers());
        assertTrue(block.isEncrypted());
        assertArrayEquals(new byte[] {1, 2, 3}, block.der());
    }

    @Test
    void damagedBlocksAreReportedWithTheirLine() {
        IOException mismatch = assertThrows(IOException.class,
                () -> Pem.readCertificates("x\n-----BEGIN CERTIFICATE-----\nAAAA\n-----END PRIVATE KEY-----\n"));
        assertTrue(mismatch.getMessage().contains("opened as CERTIFICATE on line 2 is closed as PRIVATE KEY on line 4"),
                mismatch.getMessage());

        IOException unterminated = assertThrows(IOException.class,
                () -> Pem.readCertificates("-----BEGIN CERTIFICATE-----\nAAAA\n"));
        assertTrue(unterminated.getMessage().contains("has no -----END CERTIFICATE----- line"), unterminated.getMessage());

        IOException base64 = assertThrows(IOException.class,
                () -> Pem.readCertificates("-----BEGIN CERTIFICATE-----\nAA*A\n-----END CERTIFICATE-----\n"));
        assertTrue(base64.getMessage().contains("not valid base64"), base64.getMessage());

        IOException der = assertThrows(IOException.class,
                () -> Pem.readCertificates(PemBlock.encode("CERTIFICATE", new byte[] {0x30, 0x03, 1, 2, 3})));
        assertTrue(der.getMessage().contains("certificate 1 is not a valid X.509 certificate"), der.getMessage());
    }

    /** SEC1 (RFC 5915) built by hand from a JDK key: the curve travels in the [0] parameters. */
    @Test
    void sec1EcPrivateKeyIsWrappedIntoPkcs8() throws IOException {
        ECPrivateKey key = (ECPrivateKey) ThrowawayCredentials.generateKeyPair("P-384").getPrivate();
        byte[] sec1 = Der.sequence(Der.integer(1), Der.octetString(unsigned(key.getS(), 48)),
                Der.explicit(0, Der.oid("1.3.132.0.34")));
        PrivateKey back = Pem.readPrivateKey("-----BEGIN EC PARAMETERS-----\nBgUrgQQAIg==\n-----END EC PARAMETERS-----\n"
                + PemBlock.encode("EC PRIVATE KEY", sec1));
        assertEquals(key.getS(), ((ECPrivateKey) back).getS());
        assertEquals(key.getParams().getCurve(), ((ECPrivateKey) back).getParams().getCurve());
    }

    @Test
    void sec1WithoutANamedCurveIsRefused() {
        byte[] noParameters = Der.sequence(Der.integer(1), Der.octetString(new byte[32]));
        IOException e = assertThrows(IOException.class, () -> Pem.readPrivateKey(PemBlock.encode("EC PRIVATE KEY", noParameters)));
        assertTrue(e.getMessage().contains("no curve parameters"), e.getMessage());

        byte[] explicitCurve = Der.sequence(Der.integer(1), Der.octetString(new byte[32]),
                Der.explicit(0, Der.sequence(Der.integer(1))));
        IOException explicit = assertThrows(IOException.class, () -> Pem.readPrivateKey(PemBlock.encode("EC PRIVATE KEY", explicitCurve)));
        assertTrue(explicit.getMessage().contains("only named curves are supported"), explicit.getMessage());
    }

    /** PKCS#1 (RFC 8017): the privateKey OCTET STRING of a JDK PKCS#8 RSA key is exactly an RSAPrivateKey. */
    @Test
    void pkcs1RsaPrivateKeyIsWrappedIntoPkcs8() throws IOException, DecodeException {
        PrivateKey key = ThrowawayCredentials.generateKeyPair("RSA-2048").getPrivate();
        DerReader info = new DerReader(key.getEncoded()).enter(Der.SEQUENCE);
        info.readInteger();
        info.skip();
        byte[] pkcs1 = info.read(Der.OCTET_STRING);
        PrivateKey back = Pem.readPrivateKey(PemBlock.encode("RSA PRIVATE KEY", pkcs1));
        assertArrayEquals(key.getEncoded(), back.getEncoded());
    }

    @Test
    void unsupportedKeyAlgorithmIsNamed() throws Exception {
        KeyPairGenerator dsa = KeyPairGenerator.getInstance("DSA");
        dsa.initialize(2048);
        KeyPair pair = dsa.generateKeyPair();
        IOException e = assertThrows(IOException.class, () -> Pem.readPrivateKey(Pem.encode(pair.getPrivate())));
        assertTrue(e.getMessage().contains("unsupported private key algorithm 1.2.840.10040.4.1"), e.getMessage());
    }

    @Test
    void firstKeyWinsAndOtherBlocksAreSkipped() throws IOException {
        PrivateKey first = ThrowawayCredentials.generateKeyPair("P-256").getPrivate();
        PrivateKey second = ThrowawayCredentials.generateKeyPair("P-256").getPrivate();
        String text = Pem.encode(ThrowawayCredentials.selfSigned("P-256", "c").leaf()) + Pem.encode(first) + Pem.encode(second);
        assertArrayEquals(first.getEncoded(), Pem.readPrivateKey(text).getEncoded());
    }

    @Property(tries = 300)
    void blocksRoundTrip(@ForAll @AlphaChars @StringLength(min = 1, max = 20) String label,
                         @ForAll @Size(max = 500) byte[] der) throws IOException {
        List<PemBlock> blocks = PemBlock.parseAll("pre\n" + PemBlock.encode(label, der) + "post", "t");
        assertEquals(1, blocks.size());
        assertEquals(label, blocks.get(0).label());
        assertArrayEquals(der, blocks.get(0).der());
    }

    @Property(tries = 300)
    void arbitraryTextFailsOnlyWithIOException(@ForAll @StringLength(max = 200) String text) {
        String[] inputs = {text, "-----BEGIN CERTIFICATE-----\n" + text + "\n-----END CERTIFICATE-----\n",
            "-----BEGIN PRIVATE KEY-----\n" + text + "\n-----END PRIVATE KEY-----\n"};
        for (String input : inputs) {
            try {
                Pem.readCertificates(input);
            } catch (IOException expected) {
                // the only acceptable failure
            }
            try {
                Pem.readPrivateKey(input);
            } catch (IOException expected) {
                // the only acceptable failure
            }
        }
    }

    @Property(tries = 300)
    void arbitraryKeyBytesFailOnlyWithIOException(@ForAll @Size(max = 200) byte[] der) {
        for (String label : new String[] {"PRIVATE KEY", "EC PRIVATE KEY", "RSA PRIVATE KEY"}) {
            try {
                Pem.readPrivateKey(PemBlock.encode(label, der));
            } catch (IOException expected) {
                // the only acceptable failure
            }
        }
    }

    @Test
    void oversizedFilesAreRefusedBeforeParsing() throws IOException {
        Path big = dir.resolve("big.pem");
        byte[] chunk = new byte[1 << 20];
        Arrays.fill(chunk, (byte) 'A');
        try (var out = Files.newOutputStream(big)) {
            for (int i = 0; i <= PemBlock.MAX_TEXT_CHARS / chunk.length; i++) {
                out.write(chunk);
            }
        }
        IOException e = assertThrows(IOException.class, () -> Pem.readCertificates(big));
        assertTrue(e.getMessage().contains("too large"), e.getMessage());
    }

    @Test
    void textWithBytesThatAreNotUtf8StillParses() throws IOException {
        X509Certificate cert = ThrowawayCredentials.selfSigned("P-256", "latin").leaf();
        byte[] prefix = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, '\n'};
        Path file = dir.resolve("odd.pem");
        Files.write(file, concat(prefix, Pem.encode(cert).getBytes(StandardCharsets.US_ASCII)));
        assertEquals(List.of(cert), Pem.readCertificates(file));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] unsigned(BigInteger value, int length) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
        return out;
    }
}
