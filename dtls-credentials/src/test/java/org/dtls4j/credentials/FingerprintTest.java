package org.dtls4j.credentials;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.HexFormat;
import org.dtls4j.crypto.Fingerprint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 8122 §5 fingerprints: the SDP form, parsing and its errors, and the P-256 generator. */
class FingerprintTest {
    private static final Credentials ONE = ThrowawayCredentials.forFingerprint(null);

    @Test
    void sha256IsTheHashOfTheDerInColonSeparatedUpperCaseHex() throws Exception {
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(ONE.leaf().getEncoded());
        Fingerprint f = Fingerprint.sha256(ONE.leaf());
        assertArrayEquals(expected, f.bytes());
        assertEquals("sha-256 " + HexFormat.ofDelimiter(":").withUpperCase().formatHex(expected), f.toSdp());
        assertEquals(8 + 32 * 3 - 1, f.toSdp().length());
        assertTrue(f.toSdp().matches("sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}"), f.toSdp());
        assertEquals(f, ONE.fingerprint());
        assertEquals(f.toSdp(), f.toString());
    }

    @Test
    void theGeneratorMakesASelfSignedP256CertificateNamedWebRtc() throws Exception {
        assertEquals("EC", ONE.leaf().getPublicKey().getAlgorithm());
        assertEquals("CN=WebRTC", ONE.leaf().getSubjectX500Principal().getName());
        assertEquals(ONE.leaf().getSubjectX500Principal(), ONE.leaf().getIssuerX500Principal());
        ONE.leaf().verify(ONE.leaf().getPublicKey());
        assertEquals("CN=peer", ThrowawayCredentials.forFingerprint("peer").leaf().getSubjectX500Principal().getName());
        assertNotEquals(ONE.fingerprint(), ThrowawayCredentials.forFingerprint(null).fingerprint());
    }

    @Test
    void parseReadsTheSdpFormBackInAnyCaseAndWithTheAttributeName() {
        Fingerprint f = ONE.fingerprint();
        assertEquals(f, Fingerprint.parse(f.toSdp()));
        assertEquals(f, Fingerprint.parse(f.toSdp().toLowerCase()));
        assertEquals(f, Fingerprint.parse("SHA-256 " + f.toSdp().substring(8)));
        assertEquals(f, Fingerprint.parse("a=fingerprint:" + f.toSdp() + "\r\n"));
        assertTrue(Fingerprint.parse(f.toSdp()).matches(ONE.leaf()));
        assertFalse(f.matches(ThrowawayCredentials.forFingerprint(null).leaf()));
    }

    @Test
    void sha384AndSha512AreSupported() {
        Fingerprint f = Fingerprint.of("SHA-384", ONE.leaf());
        assertEquals("sha-384", f.hashFunction());
        assertEquals(48, f.bytes().length);
        assertEquals(f, Fingerprint.parse(f.toSdp()));
        assertEquals(64, Fingerprint.of("sha-512", ONE.leaf()).bytes().length);
        assertThrows(IllegalArgumentException.class, () -> Fingerprint.of("sha-1", ONE.leaf()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "AB:CD|expected a hash function and the hex bytes separated by one space",
        "sha-1 AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01|hash function 'sha-1' is not one of sha-256, sha-384, sha-512",
        "md5 AB:CD|hash function 'md5' is not one of",
        "sha-256 AB:CD:EF|a sha-256 fingerprint has 32 bytes, this one 3",
        "sha-256 ABCD|a sha-256 fingerprint has 32 bytes, this one 1",
        "sha-256 AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:G9|byte 32 'G9' is not two hex digits",
        "sha-256 AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:|byte 32 '' is not two hex digits",
    })
    void parseErrorsSayWhatIsWrongAndTheExpectedForm(String input, String why) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Fingerprint.parse(input));
        assertTrue(e.getMessage().startsWith("not an SDP certificate fingerprint '" + input + "': "), e.getMessage());
        assertTrue(e.getMessage().contains(why), e.getMessage());
        assertTrue(e.getMessage().endsWith("(RFC 8122 §5 form: 'sha-256 AB:CD:...')"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Fingerprint.parse(null));
    }
}
