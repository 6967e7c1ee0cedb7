package org.dtls4j.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Random;

import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.DecodeException;
import org.dtls4j.crypto.BulkCipher;
import org.dtls4j.crypto.JcaProviders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RecordProtectionTest {
    private static final int V12 = ProtocolVersion.DTLS_1_2;

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** A whole protected record, header included, as it goes on the wire. */
    private static byte[] protectedRecord(RecordProtection p, ContentType type, int epoch, long seq, byte[] plaintext)
            throws GeneralSecurityException {
        byte[] out = new byte[RecordHeader.LENGTH + plaintext.length + p.expansion()];
        int n = p.protect(type, V12, epoch, seq, plaintext, 0, plaintext.length, out, RecordHeader.LENGTH);
        new RecordHeader(type, V12, epoch, seq, n).encode(out, 0);
        return Arrays.copyOf(out, RecordHeader.LENGTH + n);
    }

    @ParameterizedTest
    @EnumSource(BulkCipher.class)
    void roundTripsForEveryCipherAndSize(BulkCipher cipher) throws GeneralSecurityException {
        KeyMaterial keys = KeyMaterial.of(cipher, 1);
        RecordProtection sender = keys.protection();
        RecordProtection receiver = keys.protection();
        long seq = 0;
        for (int len : new int[] {0, 1, 15, 16, 17, 100, 1400, RecordHeader.MAX_PLAINTEXT_LENGTH}) {
            byte[] plaintext = randomBytes(len, len);
            byte[] fragment = new byte[len + sender.expansion() + 3];
            int n = sender.protect(ContentType.APPLICATION_DATA, V12, 1, seq, plaintext, 0, len, fragment, 3);
            assertEquals(sender.protectedLength(len), n);
            assertTrue(n <= len + sender.expansion());
            byte[] back = new byte[receiver.plaintextCapacity(n) + 5];
            int m = receiver.unprotect(ContentType.APPLICATION_DATA, V12, 1, seq, fragment, 3, n, back, 5);
            assertEquals(len, m);
            assertArrayEquals(plaintext, Arrays.copyOfRange(back, 5, 5 + len));
            if (len >= 16) {
                byte[] body = Arrays.copyOfRange(fragment, 3 + cipher.recordIvLength(), 3 + cipher.recordIvLength() + len);
                assertFalse(Arrays.equals(plaintext, body), "ciphertext differs from plaintext");
            }
            seq++;
        }
    }

    @ParameterizedTest
    @EnumSource(value = BulkCipher.class, mode = EnumSource.Mode.EXCLUDE, names = "AES_128_CBC")
    void explicitNonceOnTheWireIsEpochAndSequenceNumber(BulkCipher cipher) throws GeneralSecurityException {
        RecordProtection p = KeyMaterial.of(cipher, 2).protection();
        byte[] out = new byte[64];
        int n = p.protect(ContentType.HANDSHAKE, V12, 0x0102, 0x030405060708L, new byte[10], 0, 10, out, 0);
        assertEquals(10 + cipher.recordIvLength() + cipher.tagLength(), n);
        if (cipher.recordIvLength() > 0) {
            // RFC 5288 §3 / RFC 6655 §3: nonce_explicit, here epoch || sequence_number.
            assertEquals("0102030405060708", Hex.encode(out, 0, 8));
        }
    }

    /**
     * Any single flipped bit anywhere in a protected record, header included, gets it rejected:
     * by the header codec, by the framing (length no longer matches), or by authentication,
     * since the additional data covers type, version, epoch, sequence number and length.
     */
    @ParameterizedTest
    @EnumSource(BulkCipher.class)
    void everySingleBitFlipIsRejected(BulkCipher cipher) throws GeneralSecurityException {
        KeyMaterial keys = KeyMaterial.of(cipher, 3);
        byte[] record = protectedRecord(keys.protection(), ContentType.APPLICATION_DATA, 1, 42, randomBytes(24, 3));
        RecordProtection receiver = keys.protection();
        byte[] out = new byte[record.length];
        receiver.unprotect(ContentType.APPLICATION_DATA, V12, 1, 42, record, 13, record.length - 13, out, 0);

        int rejectedByAuthentication = 0;
        for (int bit = 0; bit < record.length * 8; bit++) {
            byte[] flipped = record.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            RecordHeader h;
            try {
                h = RecordHeader.decode(new ByteReader(flipped));
            } catch (DecodeException e) {
                continue; // type no longer known: rejected by the codec
            }
            if (h.length() != flipped.length - RecordHeader.LENGTH) {
                continue; // rejected by framing
            }
            final RecordHeader header = h;
            assertThrows(GeneralSecurityException.class, () -> receiver.unprotect(header.type(), header.version(),
                    header.epoch(), header.sequenceNumber(), flipped, 13, flipped.length - 13, out, 0),
                    "bit " + bit + " flipped was accepted");
            rejectedByAuthentication++;
        }
        // Everything but the type byte's unknown codes and the 16 length bits reaches the cipher.
        assertTrue(rejectedByAuthentication >= (record.length - 3) * 8 - 8, "only " + rejectedByAuthentication);
    }

    @Test
    void gcmMatchesAnIndependentComputation() throws Exception {
        byte[] key = Hex.decode("000102030405060708090a0b0c0d0e0f");
        byte[] salt = Hex.decode("a0a1a2a3");
        byte[] plaintext = "hello, record layer".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        RecordProtection p = RecordProtection.create(BulkCipher.AES_128_GCM, key, salt, JcaProviders.defaults());
        byte[] out = new byte[plaintext.length + p.expansion()];
        p.protect(ContentType.APPLICATION_DATA, V12, 1, 5, plaintext, 0, plaintext.length, out, 0);

        // nonce = salt || 0001 000000000005; aad = 0001000000000005 || 17 || fefd || 0013
        byte[] aad = Hex.decode("0001000000000005 17 fefd 0013");
        assertArrayEquals(aad, IndependentAead.additionalData(1, 5, 23, V12, plaintext.length));
        byte[] expected = IndependentAead.gcmFragment(key, salt, Hex.decode("0001000000000005"), aad, plaintext);
        assertEquals(Hex.encode(expected, 0, expected.length), Hex.encode(out, 0, out.length));
    }

    @Test
    void chachaMatchesAnIndependentComputation() throws Exception {
        byte[] key = randomBytes(32, 7);
        byte[] iv = Hex.decode("0c0d0e0f 1011121314151617");
        byte[] plaintext = "twelve bytes".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        RecordProtection p = RecordProtection.create(BulkCipher.CHACHA20_POLY1305, key, iv, JcaProviders.defaults());
        byte[] out = new byte[plaintext.length + p.expansion()];
        p.protect(ContentType.HANDSHAKE, V12, 2, 0x0000_0102_0304L, plaintext, 0, plaintext.length, out, 0);

        byte[] aad = Hex.decode("0002000001020304 16 fefd 000c");
        byte[] expected = IndependentAead.chachaFragment(key, iv, 2, 0x0102_0304L, aad, plaintext);
        assertEquals(Hex.encode(expected, 0, expected.length), Hex.encode(out, 0, out.length));
    }

    @Test
    void chachaNonceIsIvXorPaddedSequenceNumber() throws Exception {
        // Written out: IV 0c0d0e0f 1011121314151617 XOR 00000000 0002000001020304 = 0c0d0e0f 1013121315171513
        byte[] key = randomBytes(32, 8);
        byte[] plaintext = new byte[5];
        javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("ChaCha20-Poly1305");
        c.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(key, "ChaCha20"),
                new javax.crypto.spec.IvParameterSpec(Hex.decode("0c0d0e0f 1013121315171513")));
        c.updateAAD(Hex.decode("0002000001020304 17 fefd 0005"));
        byte[] expected = c.doFinal(plaintext);

        RecordProtection p = RecordProtection.create(BulkCipher.CHACHA20_POLY1305, key,
                Hex.decode("0c0d0e0f 1011121314151617"), JcaProviders.defaults());
        byte[] out = new byte[5 + 16];
        p.protect(ContentType.APPLICATION_DATA, V12, 2, 0x0102_0304L, plaintext, 0, 5, out, 0);
        assertArrayEquals(expected, out);
    }

    @Test
    void receiverUsesTheExplicitNonceAsSent() throws Exception {
        // RFC 5288 §3 lets a sender choose any distinct nonce_explicit, not only the sequence number.
        byte[] key = randomBytes(16, 9);
        byte[] salt = randomBytes(4, 10);
        byte[] plaintext = randomBytes(30, 11);
        byte[] aad = IndependentAead.additionalData(1, 77, 23, V12, plaintext.length);
        byte[] fragment = IndependentAead.gcmFragment(key, salt, Hex.decode("f00dfacecafebeef"), aad, plaintext);
        RecordProtection p = RecordProtection.create(BulkCipher.AES_128_GCM, key, salt, JcaProviders.defaults());
        byte[] out = new byte[plaintext.length];
        assertEquals(30, p.unprotect(ContentType.APPLICATION_DATA, V12, 1, 77, fragment, 0, fragment.length, out, 0));
        assertArrayEquals(plaintext, out);
    }

    @ParameterizedTest
    @EnumSource(BulkCipher.class)
    void fragmentShorterThanNonceAndTagFails(BulkCipher cipher) {
        RecordProtection p = KeyMaterial.of(cipher, 4).protection();
        byte[] fragment = new byte[p.expansion() - 1];
        byte[] out = new byte[8];
        assertThrows(GeneralSecurityException.class,
                () -> p.unprotect(ContentType.ALERT, V12, 1, 0, fragment, 0, fragment.length, out, 0));
    }

    @ParameterizedTest
    @EnumSource(BulkCipher.class)
    void failedAuthenticationWritesNothing(BulkCipher cipher) throws GeneralSecurityException {
        KeyMaterial keys = KeyMaterial.of(cipher, 5);
        byte[] record = protectedRecord(keys.protection(), ContentType.ALERT, 1, 0, new byte[] {1, 2});
        record[record.length - 1] ^= 1;
        byte[] out = new byte[16];
        Arrays.fill(out, (byte) 0x5A);
        RecordProtection receiver = keys.protection();
        assertThrows(GeneralSecurityException.class,
                () -> receiver.unprotect(ContentType.ALERT, V12, 1, 0, record, 13, record.length - 13, out, 0));
        for (byte b : out) {
            assertEquals((byte) 0x5A, b);
        }
    }

    @Test
    void theFixedIvIsCopied() throws GeneralSecurityException {
        KeyMaterial keys = KeyMaterial.of(BulkCipher.AES_128_GCM, 6);
        byte[] iv = keys.fixedIv().clone();
        RecordProtection sender = RecordProtection.create(BulkCipher.AES_128_GCM, keys.key(), iv, JcaProviders.defaults());
        iv[0] ^= 1;
        byte[] record = protectedRecord(sender, ContentType.ALERT, 1, 0, new byte[] {1, 2});
        byte[] out = new byte[2];
        keys.protection().unprotect(ContentType.ALERT, V12, 1, 0, record, 13, record.length - 13, out, 0);
        assertArrayEquals(new byte[] {1, 2}, out);
    }

    @ParameterizedTest
    @EnumSource(value = BulkCipher.class, mode = EnumSource.Mode.EXCLUDE, names = "AES_128_CBC")
    void rejectsKeyMaterialOfTheWrongLength(BulkCipher cipher) {
        byte[] key = new byte[cipher.keyLength()];
        byte[] iv = new byte[cipher.fixedIvLength()];
        JcaProviders jca = JcaProviders.defaults();
        assertThrows(IllegalArgumentException.class,
                () -> RecordProtection.create(cipher, key, new byte[iv.length + 1], jca));
        assertThrows(IllegalArgumentException.class,
                () -> RecordProtection.create(cipher, new byte[key.length - 1], iv, jca));
        assertEquals(cipher, RecordProtection.create(cipher, key, iv, jca).algorithm());
    }

    @Test
    void refusesToProtectMoreThanAFullRecord() {
        RecordProtection p = KeyMaterial.of(BulkCipher.AES_128_GCM, 12).protection();
        int len = RecordHeader.MAX_PLAINTEXT_LENGTH + 1;
        byte[] big = new byte[len];
        byte[] out = new byte[len + 64];
        assertThrows(IllegalArgumentException.class,
                () -> p.protect(ContentType.APPLICATION_DATA, V12, 1, 0, big, 0, len, out, 0));
    }

    @Test
    void toStringNamesTheAlgorithmOnly() {
        KeyMaterial keys = KeyMaterial.of(BulkCipher.AES_256_GCM, 13);
        String s = keys.protection().toString();
        assertEquals("RecordProtection[AES-256-GCM]", s);
    }
}
