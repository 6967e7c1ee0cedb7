package org.dtls4j.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;

import javax.crypto.AEADBadTagException;

import org.dtls4j.crypto.AeadCipher;
import org.dtls4j.crypto.AeadCiphers;
import org.dtls4j.crypto.BulkCipher;
import org.dtls4j.crypto.JcaProviders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Record protection with a connection ID, RFC 9146 §5.3: the additional data, byte by byte, and
 * the nonce, unchanged from RFC 5288, RFC 6655 and RFC 7905.
 */
class CidRecordProtectionTest {
    private static final byte[] CID = Hex.decode("a1a2a3a4a5a6");
    private static final int EPOCH = 1;
    private static final long SEQ = 0x0000_0102_0304L;
    private static final byte[] CONTENT = "ping".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * RFC 9146 §5.3 for this record, written out from the RFC's list, one field per line:
     * DTLSInnerPlaintext "ping" || 0x17 is 5 bytes.
     */
    private static final byte[] EXPECTED_AAD = Hex.decode(
            "ffffffffffffffff"      // seq_num_placeholder: 8 bytes of 0xff
            + "19"                  // tls12_cid
            + "06"                  // cid_length
            + "19"                  // tls12_cid
            + "fefd"                // DTLSCiphertext.version
            + "0001"                // epoch
            + "000001020304"        // sequence_number
            + "a1a2a3a4a5a6"        // cid
            + "0005");              // length_of_DTLSInnerPlaintext

    /** content "ping", real_type application_data(23), no padding. */
    private static final byte[] INNER = Hex.decode("70696e67" + "17");

    /** Wraps a real cipher and keeps a copy of the nonce and additional data of the last call. */
    static final class CapturingAead implements AeadCipher {
        private final AeadCipher inner;
        byte[] nonce;
        byte[] aad;

        CapturingAead(AeadCipher inner) {
            this.inner = inner;
        }

        @Override
        public BulkCipher algorithm() {
            return inner.algorithm();
        }

        @Override
        public int seal(byte[] nonce, byte[] aad, byte[] in, int inOff, int inLen, byte[] out, int outOff)
                throws GeneralSecurityException {
            this.nonce = nonce.clone();
            this.aad = aad.clone();
            return inner.seal(nonce, aad, in, inOff, inLen, out, outOff);
        }

        @Override
        public int open(byte[] nonce, byte[] aad, byte[] in, int inOff, int inLen, byte[] out, int outOff)
                throws GeneralSecurityException {
            this.nonce = nonce.clone();
            this.aad = aad.clone();
            return inner.open(nonce, aad, in, inOff, inLen, out, outOff);
        }
    }

    @Test
    void additionalDataIsTheRfcsListOfFields() {
        byte[] aad = new byte[CidAdditionalData.length(CID.length)];
        assertEquals(29, aad.length);
        CidAdditionalData.write(aad, ProtocolVersion.DTLS_1_2, EPOCH, SEQ, CID, INNER.length);
        assertArrayEquals(EXPECTED_AAD, aad);
    }

    @Test
    void additionalDataWithALongCidAndLargeNumbers() {
        byte[] cid = new byte[255];
        Arrays.fill(cid, (byte) 0x5c);
        byte[] aad = new byte[CidAdditionalData.length(255)];
        CidAdditionalData.write(aad, 0xFEFD, 0xFFFF, RecordHeader.MAX_SEQUENCE_NUMBER, cid, 1 << 14);
        ByteBuffer expected = ByteBuffer.allocate(23 + 255)
                .putLong(-1L)                                   // 8 x 0xff
                .put((byte) 25).put((byte) 255).put((byte) 25)
                .putShort((short) 0xFEFD)
                .putShort((short) 0xFFFF)
                .putShort((short) 0xFFFF).putInt(0xFFFFFFFF)    // 2^48 - 1
                .put(cid)
                .putShort((short) 0x4000);
        assertArrayEquals(expected.array(), aad);
    }

    /** Every suite: the cipher sees exactly RFC 9146 §5.3's additional data and the usual nonce. */
    @ParameterizedTest
    @EnumSource(value = BulkCipher.class, mode = EnumSource.Mode.EXCLUDE, names = "AES_128_CBC")
    void everySuiteSealsWithTheRfcsAdditionalDataAndTheUsualNonce(BulkCipher cipher) throws Exception {
        KeyMaterial keys = KeyMaterial.of(cipher, 7);
        CapturingAead capture = new CapturingAead(AeadCiphers.create(cipher, keys.key(), JcaProviders.defaults()));
        RecordProtection p = RecordProtection.of(capture, keys.fixedIv());
        byte[] out = new byte[INNER.length + p.expansion()];
        assertEquals(out.length, p.protectWithCid(ProtocolVersion.DTLS_1_2, EPOCH, SEQ, CID, INNER, 0, INNER.length, out, 0));
        assertArrayEquals(EXPECTED_AAD, capture.aad);
        assertArrayEquals(expectedNonce(cipher, keys.fixedIv()), capture.nonce);
        if (cipher.recordIvLength() == 8) {
            // RFC 5288 §3 / RFC 6655 §3: nonce_explicit, here epoch || sequence_number, leads the fragment
            assertArrayEquals(Hex.decode("0001000001020304"), Arrays.copyOf(out, 8));
        }

        byte[] opened = new byte[INNER.length];
        capture.aad = null;
        assertEquals(INNER.length, p.unprotectWithCid(ProtocolVersion.DTLS_1_2, EPOCH, SEQ, CID, out, 0, out.length, opened, 0));
        assertArrayEquals(INNER, opened);
        assertArrayEquals(EXPECTED_AAD, capture.aad);
    }

    /** GCM: salt || epoch || seq. ChaCha20-Poly1305: IV XOR (0^32 || epoch || seq). CCM as GCM. */
    private static byte[] expectedNonce(BulkCipher cipher, byte[] fixedIv) {
        byte[] seqNum = Hex.decode("0001000001020304");
        if (cipher == BulkCipher.CHACHA20_POLY1305) {
            byte[] nonce = fixedIv.clone();
            for (int i = 0; i < 8; i++) {
                nonce[4 + i] ^= seqNum[i];
            }
            return nonce;
        }
        return ByteBuffer.allocate(12).put(fixedIv).put(seqNum).array();
    }

    /** Known answers built from raw JCA with the hand-written additional data, for GCM and ChaCha20. */
    @Test
    void knownAnswerAgainstRawJca() throws Exception {
        KeyMaterial gcm = KeyMaterial.of(BulkCipher.AES_128_GCM, 11);
        byte[] expectedGcm = IndependentAead.gcmFragment(gcm.key(), gcm.fixedIv(),
                Hex.decode("0001000001020304"), EXPECTED_AAD, INNER);
        assertArrayEquals(expectedGcm, seal(gcm.protection()));

        KeyMaterial chacha = KeyMaterial.of(BulkCipher.CHACHA20_POLY1305, 12);
        byte[] expectedChacha = IndependentAead.chachaFragment(chacha.key(), chacha.fixedIv(), EPOCH, SEQ,
                EXPECTED_AAD, INNER);
        assertArrayEquals(expectedChacha, seal(chacha.protection()));
    }

    private static byte[] seal(RecordProtection p) throws GeneralSecurityException {
        byte[] out = new byte[INNER.length + p.expansion()];
        p.protectWithCid(ProtocolVersion.DTLS_1_2, EPOCH, SEQ, CID, INNER, 0, INNER.length, out, 0);
        return out;
    }

    /** Each field of the additional data is bound: changing any one on the way in fails the tag. */
    @ParameterizedTest
    @EnumSource(value = BulkCipher.class, mode = EnumSource.Mode.EXCLUDE, names = "AES_128_CBC")
    void everyAdditionalDataFieldIsAuthenticated(BulkCipher cipher) throws Exception {
        KeyMaterial keys = KeyMaterial.of(cipher, 3);
        byte[] sealed = seal(keys.protection());
        RecordProtection opener = keys.protection();
        byte[] out = new byte[sealed.length];
        byte[] otherCid = CID.clone();
        otherCid[5] ^= 1;
        assertThrows(AEADBadTagException.class, () -> opener.unprotectWithCid(0xFEFF, EPOCH, SEQ, CID, sealed, 0, sealed.length, out, 0));
        assertThrows(AEADBadTagException.class, () -> opener.unprotectWithCid(0xFEFD, 2, SEQ, CID, sealed, 0, sealed.length, out, 0));
        assertThrows(AEADBadTagException.class, () -> opener.unprotectWithCid(0xFEFD, EPOCH, SEQ + 1, CID, sealed, 0, sealed.length, out, 0));
        assertThrows(AEADBadTagException.class, () -> opener.unprotectWithCid(0xFEFD, EPOCH, SEQ, otherCid, sealed, 0, sealed.length, out, 0));
        assertThrows(AEADBadTagException.class, () -> opener.unprotectWithCid(0xFEFD, EPOCH, SEQ, Arrays.copyOf(CID, 5), sealed, 0, sealed.length, out, 0));
        // the RFC 6347 additional data of the same record does not open it either
        assertThrows(AEADBadTagException.class, () -> opener.unprotect(ContentType.APPLICATION_DATA, 0xFEFD, EPOCH, SEQ, sealed, 0, sealed.length, out, 0));
        // and the genuine call still does, so the failures above are the fields' doing
        assertEquals(INNER.length, opener.unprotectWithCid(0xFEFD, EPOCH, SEQ, CID, sealed, 0, sealed.length, out, 0));
    }

    @Test
    void argumentsOutOfRangeAreRefused() {
        RecordProtection p = KeyMaterial.of(BulkCipher.AES_128_GCM, 1).protection();
        byte[] out = new byte[1 << 15];
        byte[] big = new byte[(1 << 14) + 1];
        assertThrows(IllegalArgumentException.class, () -> p.protectWithCid(0xFEFD, 1, 0, CID, INNER, 0, 0, out, 0));
        assertThrows(IllegalArgumentException.class, () -> p.protectWithCid(0xFEFD, 1, 0, CID, big, 0, big.length, out, 0));
        assertThrows(IllegalArgumentException.class, () -> p.protectWithCid(0xFEFD, 1, 0, new byte[0], INNER, 0, INNER.length, out, 0));
        assertThrows(IllegalArgumentException.class, () -> p.protectWithCid(0xFEFD, 1, 0, new byte[256], INNER, 0, INNER.length, out, 0));
        assertThrows(GeneralSecurityException.class, () -> p.unprotectWithCid(0xFEFD, 1, 0, CID, out, 0, 23, out, 100));
    }

    @Test
    void theLongestInnerPlaintextRoundTrips() throws Exception {
        RecordProtection p = KeyMaterial.of(BulkCipher.AES_256_GCM, 5).protection();
        byte[] inner = new byte[1 << 14];
        inner[inner.length - 1] = 23;
        byte[] sealed = new byte[inner.length + p.expansion()];
        p.protectWithCid(0xFEFD, 1, 9, CID, inner, 0, inner.length, sealed, 0);
        byte[] opened = new byte[inner.length];
        assertEquals(inner.length, KeyMaterial.of(BulkCipher.AES_256_GCM, 5).protection()
                .unprotectWithCid(0xFEFD, 1, 9, CID, sealed, 0, sealed.length, opened, 0));
        assertArrayEquals(inner, opened);
    }
}
