package org.dtls4j.crypto.cbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import javax.crypto.BadPaddingException;
import org.dtls4j.crypto.BulkCipher;
import org.dtls4j.crypto.CbcCipher;
import org.dtls4j.crypto.CbcCiphers;
import org.dtls4j.crypto.JcaProviders;
import org.dtls4j.crypto.MacAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@link CbcCipher} contract for both MACs in both orders, checked against plain JCA. */
class CbcCiphersTest {

    static Stream<Arguments> kinds() {
        return Stream.of(Arguments.of(MacAlgorithm.HMAC_SHA1, true), Arguments.of(MacAlgorithm.HMAC_SHA1, false),
                Arguments.of(MacAlgorithm.HMAC_SHA256, true), Arguments.of(MacAlgorithm.HMAC_SHA256, false));
    }

    @ParameterizedTest(name = "{0} encryptThenMac={1}")
    @MethodSource("kinds")
    void roundTripsWithTheFewestPaddingBytes(MacAlgorithm mac, boolean etm) throws Exception {
        CbcRecords keys = CbcRecords.of(mac, etm, 1);
        CbcCipher sealer = keys.cipher();
        CbcCipher opener = keys.cipher();
        Random r = new Random(2);
        for (int len = 0; len <= 16384; len = len < 300 ? len + 1 : len * 2 + 1) {
            byte[] content = new byte[Math.min(len, 16384)];
            r.nextBytes(content);
            byte[] fragment = new byte[content.length + sealer.maxExpansion() + 3];
            int n = sealer.seal(CbcRecords.header(len), content, 0, content.length, fragment, 3);
            assertEquals(sealer.sealedLength(content.length), n);
            int encrypted = n - CbcRecords.BLOCK - (etm ? mac.length() : 0);
            int beforePadding = content.length + (etm ? 0 : mac.length());
            assertEquals(0, encrypted % CbcRecords.BLOCK);
            assertTrue(encrypted - beforePadding >= 1 && encrypted - beforePadding <= CbcRecords.BLOCK,
                    "one to sixteen bytes of padding with its length byte");
            byte[] back = new byte[n + 5];
            int m = opener.open(CbcRecords.header(len), fragment, 3, n, back, 5);
            assertEquals(content.length, m);
            assertArrayEquals(content, Arrays.copyOfRange(back, 5, 5 + m));
        }
    }

    @Test
    void macThenEncryptLayoutIsContentMacPaddingUnderOneIv() throws Exception {
        CbcRecords keys = CbcRecords.of(MacAlgorithm.HMAC_SHA256, false, 3);
        byte[] content = "mac-then-encrypt, RFC 5246 6.2.3.2".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] header = CbcRecords.header(0x0001_0000_0000_0007L);
        byte[] fragment = new byte[100];
        int n = keys.cipher().seal(header, content, 0, content.length, fragment, 0);
        assertArrayEquals(CbcRecords.withLength(header, content.length), header, "length field = content length");
        byte[] plaintext = keys.decrypt(fragment, n);
        int padding = (16 - (content.length + 32 + 1) % 16) % 16;
        byte[] expected = CbcRecords.padded(CbcVectorsTest.concat(content, keys.hmac(header, content)), padding);
        assertArrayEquals(expected, plaintext);
    }

    @Test
    void encryptThenMacLayoutIsIvCiphertextThenTheMacOverBoth() throws Exception {
        CbcRecords keys = CbcRecords.of(MacAlgorithm.HMAC_SHA1, true, 4);
        byte[] content = new byte[40];
        Arrays.fill(content, (byte) 0x42);
        byte[] header = CbcRecords.header(9);
        byte[] fragment = new byte[100];
        int n = keys.cipher().seal(header, content, 0, content.length, fragment, 0);
        int encrypted = n - 20;
        assertEquals(16 + 48, encrypted, "IV and 40 + 8 bytes of padding");
        assertArrayEquals(CbcRecords.withLength(header, encrypted), header, "length field = IV + ciphertext (erratum 4212)");
        byte[] mac = keys.hmac(header, Arrays.copyOf(fragment, encrypted));
        assertArrayEquals(mac, Arrays.copyOfRange(fragment, encrypted, n));
        assertArrayEquals(CbcRecords.padded(content, 7), keys.decrypt(fragment, encrypted));
    }

    /** A peer may pad with up to 255 bytes (RFC 5246 §6.2.3.2); every length opens. */
    @ParameterizedTest(name = "{0} encryptThenMac={1}")
    @MethodSource("kinds")
    void everyPaddingLengthAPeerMaySendOpens(MacAlgorithm mac, boolean etm) throws Exception {
        CbcRecords keys = CbcRecords.of(mac, etm, 5);
        CbcCipher opener = keys.cipher();
        Random r = new Random(6);
        for (int padding = 0; padding < 256; padding++) {
            int before = etm ? 0 : mac.length();
            int contentLength = 16 * 20 - before - padding - 1;
            byte[] content = new byte[contentLength];
            r.nextBytes(content);
            byte[] header = CbcRecords.header(padding);
            byte[] record = etm ? keys.encryptThenMac(header, content, padding, r) : keys.macThenEncrypt(header, content, padding, r);
            byte[] back = new byte[record.length];
            assertEquals(contentLength, opener.open(header, record, 0, record.length, back, 0), "padding " + padding);
            assertArrayEquals(content, Arrays.copyOf(back, contentLength));
        }
    }

    /**
     * RFC 5246 §6.2.3.2: "Each uint8 in the padding data vector MUST be filled with the padding
     * length value". One wrong padding byte anywhere, under a right MAC, is refused.
     */
    @ParameterizedTest(name = "{0} encryptThenMac={1}")
    @MethodSource("kinds")
    void everyWrongPaddingByteIsCaught(MacAlgorithm mac, boolean etm) throws Exception {
        CbcRecords keys = CbcRecords.of(mac, etm, 12);
        CbcCipher opener = keys.cipher();
        Random r = new Random(13);
        byte[] header = CbcRecords.header(3);
        for (int padding : new int[] {1, 2, 15, 16, 17, 127, 254, 255}) {
            int contentLength = 16 * 20 - (etm ? 0 : mac.length()) - padding - 1;
            byte[] content = new byte[contentLength];
            r.nextBytes(content);
            byte[] before = etm ? content : CbcVectorsTest.concat(content, keys.hmac(CbcRecords.withLength(header, contentLength), content));
            for (int wrong = 1; wrong <= padding; wrong++) {
                byte[] plaintext = CbcRecords.padded(before, padding);
                plaintext[plaintext.length - 1 - wrong] ^= (byte) (1 << (wrong % 8));
                byte[] record = keys.encrypt(plaintext, r);
                if (etm) {
                    record = CbcVectorsTest.concat(record, keys.hmac(CbcRecords.withLength(header, record.length), record));
                }
                byte[] forged = record;
                assertThrows(BadPaddingException.class, () -> opener.open(header, forged, 0, forged.length, new byte[forged.length], 0),
                        "padding " + padding + ", byte " + wrong + " wrong");
            }
        }
    }

    /** Every single-bit flip of a sealed fragment, and of the header it was sealed under, is refused. */
    @ParameterizedTest(name = "{0} encryptThenMac={1}")
    @MethodSource("kinds")
    void everyBitFlipIsRefusedWithTheOneException(MacAlgorithm mac, boolean etm) throws Exception {
        CbcRecords keys = CbcRecords.of(mac, etm, 7);
        byte[] content = new byte[37];
        new Random(8).nextBytes(content);
        byte[] fragment = new byte[200];
        int n = keys.cipher().seal(CbcRecords.header(5), content, 0, content.length, fragment, 0);
        CbcCipher opener = keys.cipher();
        byte[] out = new byte[n];
        for (int bit = 0; bit < n * 8; bit++) {
            byte[] bad = Arrays.copyOf(fragment, n);
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThrows(BadPaddingException.class, () -> opener.open(CbcRecords.header(5), bad, 0, n, out, 0), "bit " + bit);
        }
        for (int bit = 0; bit < 11 * 8; bit++) { // the length field is the cipher's own
            byte[] header = CbcRecords.header(5);
            header[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThrows(BadPaddingException.class, () -> opener.open(header, fragment, 0, n, out, 0), "header bit " + bit);
        }
        assertEquals(content.length, opener.open(CbcRecords.header(5), fragment, 0, n, out, 0));
    }

    @ParameterizedTest(name = "{0} encryptThenMac={1}")
    @MethodSource("kinds")
    void fragmentsThatCannotBeRecordsAreRefused(MacAlgorithm mac, boolean etm) {
        CbcCipher opener = CbcRecords.of(mac, etm, 9).cipher();
        byte[] out = new byte[400];
        for (int len = 0; len < 300; len++) {
            byte[] fragment = new byte[len];
            int l = len;
            assertThrows(BadPaddingException.class, () -> opener.open(CbcRecords.header(0), fragment, 0, l, out, 0), "length " + len);
        }
        assertEquals(etm ? 32 + mac.length() : (mac == MacAlgorithm.HMAC_SHA1 ? 48 : 64), opener.minimumSealedLength());
    }

    @Test
    void eachRecordGetsAFreshIv() throws Exception {
        CbcCipher sealer = CbcRecords.of(MacAlgorithm.HMAC_SHA256, true, 10).cipher();
        byte[] a = new byte[100];
        byte[] b = new byte[100];
        sealer.seal(CbcRecords.header(1), new byte[10], 0, 10, a, 0);
        sealer.seal(CbcRecords.header(1), new byte[10], 0, 10, b, 0);
        assertFalse(Arrays.equals(Arrays.copyOf(a, 16), Arrays.copyOf(b, 16)));
    }

    @Test
    void keysOfTheWrongLengthAreRefused() {
        JcaProviders p = JcaProviders.defaults();
        java.security.SecureRandom r = new java.security.SecureRandom();
        assertThrows(IllegalArgumentException.class,
                () -> CbcCiphers.encryptThenMac(BulkCipher.AES_128_CBC, new byte[15], MacAlgorithm.HMAC_SHA1, new byte[20], r, p));
        assertThrows(IllegalArgumentException.class,
                () -> CbcCiphers.macThenEncrypt(BulkCipher.AES_128_CBC, new byte[16], MacAlgorithm.HMAC_SHA256, new byte[20], r, p));
        assertThrows(IllegalArgumentException.class,
                () -> CbcCiphers.encryptThenMac(BulkCipher.AES_128_GCM, new byte[16], MacAlgorithm.HMAC_SHA1, new byte[20], r, p));
    }

    @Test
    void toStringNamesTheAlgorithmsOnly() {
        String s = CbcRecords.of(MacAlgorithm.HMAC_SHA1, false, 11).cipher().toString();
        assertEquals("MacThenEncryptCipher[AES-128-CBC, HMAC_SHA1]", s);
    }
}
