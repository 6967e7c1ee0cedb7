package org.dtls4j.crypto.aead;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.stream.Stream;
import javax.crypto.AEADBadTagException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.CCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.dtls4j.crypto.JcaProviders;
import org.dtls4j.crypto.testutil.Hex;
import org.dtls4j.crypto.testutil.Tally;
import org.dtls4j.crypto.testutil.Wycheproof;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** AES-CCM (RFC 3610) against the RFC's packet vectors, Wycheproof, and Bouncy Castle's CCM. */
class AesCcmTest {

    private static final JcaProviders JCA = JcaProviders.defaults();

    /** One RFC 3610 §8 packet vector: the first {@code aadLen} bytes of the packet are the header. */
    private static void packetVector(String key, String nonce, int aadLen, int tagLen, String packet, String expected)
            throws GeneralSecurityException {
        byte[] p = Hex.bytes(packet);
        byte[] aad = Arrays.copyOf(p, aadLen);
        byte[] msg = Arrays.copyOfRange(p, aadLen, p.length);
        byte[] want = Hex.bytes(expected);
        AesCcm ccm = new AesCcm(Hex.bytes(key), Hex.bytes(nonce).length, tagLen, JCA);

        byte[] out = new byte[msg.length + tagLen];
        assertEquals(out.length, ccm.seal(Hex.bytes(nonce), aad, msg, 0, msg.length, out, 0));
        assertArrayEquals(want, concat(aad, out), "sealed packet");

        byte[] back = new byte[msg.length];
        assertEquals(msg.length, ccm.open(Hex.bytes(nonce), aad, out, 0, out.length, back, 0));
        assertArrayEquals(msg, back, "opened packet");
    }

    @Test
    void rfc3610PacketVector1() throws Exception {
        packetVector("C0 C1 C2 C3 C4 C5 C6 C7 C8 C9 CA CB CC CD CE CF", "00 00 00 03 02 01 00 A0 A1 A2 A3 A4 A5", 8, 8,
                "00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 10 11 12 13 14 15 16 17 18 19 1A 1B 1C 1D 1E",
                "00 01 02 03 04 05 06 07 58 8C 97 9A 61 C6 63 D2 F0 66 D0 C2 C0 F9 89 80 6D 5F 6B 61 DA C3 84"
                        + " 17 E8 D1 2C FD F9 26 E0");
    }

    @Test
    void rfc3610PacketVector2() throws Exception {
        packetVector("C0 C1 C2 C3 C4 C5 C6 C7 C8 C9 CA CB CC CD CE CF", "00 00 00 04 03 02 01 A0 A1 A2 A3 A4 A5", 8, 8,
                "00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 10 11 12 13 14 15 16 17 18 19 1A 1B 1C 1D 1E 1F",
                "00 01 02 03 04 05 06 07 72 C9 1A 36 E1 35 F8 CF 29 1C A8 94 08 5C 87 E3 CC 15 C4 39 C9 E4 3A 3B"
                        + " A0 91 D5 6E 10 40 09 16");
    }

    @Test
    void rfc3610PacketVector3() throws Exception {
        packetVector("C0 C1 C2 C3 C4 C5 C6 C7 C8 C9 CA CB CC CD CE CF", "00 00 00 05 04 03 02 A0 A1 A2 A3 A4 A5", 8, 8,
                "00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 10 11 12 13 14 15 16 17 18 19 1A 1B 1C 1D 1E 1F 20",
                "00 01 02 03 04 05 06 07 51 B1 E5 F4 4A 19 7D 1D A4 6B 0F 8E 2D 28 2A E8 71 E8 38 BB 64 DA 85 96"
                        + " 57 4A DA A7 6F BD 9F B0 C5");
    }

    @Test
    void rfc3610PacketVector13() throws Exception {
        packetVector("D7 82 8D 13 B2 B0 BD C3 25 A7 62 36 DF 93 CC 6B", "00 41 2B 4E A9 CD BE 3C 96 96 76 6C FA", 8, 8,
                "0B E1 A8 8B AC E0 18 B1 08 E8 CF 97 D8 20 EA 25 84 60 E9 6A D9 CF 52 89 05 4D 89 5C EA C4 7C",
                "0B E1 A8 8B AC E0 18 B1 4C B9 7F 86 A2 A4 68 9A 87 79 47 AB 80 91 EF 53 86 A6 FF BD D0 80 F8"
                        + " E7 8C F7 CB 0C DD D7 B3");
    }

    @Test
    void rfc3610PacketVector24() throws Exception {
        packetVector("D7 82 8D 13 B2 B0 BD C3 25 A7 62 36 DF 93 CC 6B", "00 8D 49 3B 30 AE 8B 3C 96 96 76 6C FA", 12, 10,
                "6E 37 A6 EF 54 6D 95 5D 34 AB 60 59 AB F2 1C 0B 02 FE B8 8F 85 6D F4 A3 73 81 BC E3 CC 12 85 17 D4",
                "6E 37 A6 EF 54 6D 95 5D 34 AB 60 59 F3 29 05 B8 8A 64 1B 04 B9 C9 FF B5 8C C3 90 90 0F 3D A1 2A B1"
                        + " 6D CE 9E 82 EF A1 6D A6 20 59");
    }

    /**
     * Every case of Wycheproof aes_ccm_test.json. Cases whose nonce or tag size CCM does not define
     * (RFC 3610 §2: N = 7..13, M = 4, 6, ..., 16) are all "invalid"; they pass when the constructor
     * refuses the parameters.
     */
    @TestFactory
    Stream<DynamicTest> wycheproofAesCcm() {
        String file = "aes_ccm_test.json";
        Tally tally = new Tally(file);
        for (Wycheproof.Case c : Wycheproof.load(file)) {
            int nonceLen = c.groupInt("ivSize") / 8;
            int tagLen = c.groupInt("tagSize") / 8;
            boolean valid = "valid".equals(c.result());
            AesCcm ccm;
            try {
                ccm = new AesCcm(c.hex("key"), nonceLen, tagLen, JCA);
            } catch (IllegalArgumentException e) {
                if (valid) {
                    tally.fail(c, "parameters refused: " + e.getMessage());
                } else {
                    tally.pass();
                }
                continue;
            }
            checkCase(c, ccm, valid, tally);
        }
        return tally.tests(552, 0);
    }

    private static void checkCase(Wycheproof.Case c, AesCcm ccm, boolean valid, Tally tally) {
        byte[] nonce = c.hex("iv");
        byte[] aad = c.hex("aad");
        byte[] msg = c.hex("msg");
        byte[] sealed = concat(c.hex("ct"), c.hex("tag"));
        try {
            byte[] out = new byte[msg.length + ccm.tagLength()];
            ccm.seal(nonce, aad, msg, 0, msg.length, out, 0);
            if (valid != Arrays.equals(out, sealed)) {
                tally.fail(c, "seal gave " + Hex.string(out));
                return;
            }
            byte[] back = new byte[Math.max(0, sealed.length - ccm.tagLength())];
            Arrays.fill(back, (byte) 0x5A);
            try {
                ccm.open(nonce, aad, sealed, 0, sealed.length, back, 0);
                if (valid && Arrays.equals(back, msg)) {
                    tally.pass();
                } else {
                    tally.fail(c, valid ? "open gave " + Hex.string(back) : "forgery opened");
                }
            } catch (AEADBadTagException e) {
                boolean untouched = allBytes(back, (byte) 0x5A);
                if (!valid && untouched) {
                    tally.pass();
                } else {
                    tally.fail(c, valid ? "valid case refused" : "output written before the tag was checked");
                }
            }
        } catch (GeneralSecurityException e) {
            tally.fail(c, e.toString());
        }
    }

    @Test
    void refusesShapesOutsideRfc3610() {
        byte[] key = new byte[16];
        for (int n : new int[] {0, 6, 14, 16}) {
            assertThrows(IllegalArgumentException.class, () -> new AesCcm(key, n, 16, JCA), "nonce " + n);
        }
        for (int m : new int[] {0, 2, 3, 5, 15, 18}) {
            assertThrows(IllegalArgumentException.class, () -> new AesCcm(key, 12, m, JCA), "tag " + m);
        }
        assertThrows(IllegalArgumentException.class, () -> new AesCcm(new byte[15], 12, 16, JCA));
    }

    /** With a 13-byte nonce L = 2, so l(m) < 2^16 (RFC 3610 §2). */
    @Test
    void refusesMessagesLongerThanTheLengthField() throws Exception {
        AesCcm ccm = new AesCcm(new byte[16], 13, 8, JCA);
        byte[] nonce = new byte[13];
        byte[] max = new byte[65535];
        byte[] out = new byte[65536 + 8];
        assertEquals(65535 + 8, ccm.seal(nonce, new byte[0], max, 0, max.length, out, 0));
        byte[] tooLong = new byte[65536];
        GeneralSecurityException e = assertThrows(GeneralSecurityException.class,
                () -> ccm.seal(nonce, new byte[0], tooLong, 0, tooLong.length, out, 0));
        assertTrue(e.getMessage().contains("65535"), e.getMessage());
    }

    @Test
    void wrongNonceLengthIsAGeneralSecurityException() throws Exception {
        AesCcm ccm = new AesCcm(new byte[16], 12, 16, JCA);
        byte[] in = new byte[32];
        assertThrows(GeneralSecurityException.class, () -> ccm.open(new byte[11], new byte[0], in, 0, 32, new byte[16], 0));
        assertThrows(AEADBadTagException.class, () -> ccm.open(new byte[12], new byte[0], in, 0, 15, new byte[16], 0));
    }

    /** Same output as Bouncy Castle's independent CCM for random shapes, both directions. */
    @Property(tries = 300)
    void agreesWithBouncyCastle(@ForAll("shapes") int[] shape, @ForAll @Size(32) byte[] keyMaterial,
                                @ForAll @Size(max = 600) byte[] msg, @ForAll @Size(max = 300) byte[] aad)
            throws Exception {
        int keyLen = shape[0];
        int nonceLen = shape[1];
        int tagLen = shape[2];
        byte[] key = Arrays.copyOf(keyMaterial, keyLen);
        byte[] nonce = Arrays.copyOfRange(keyMaterial, 32 - nonceLen, 32);
        AesCcm ccm = new AesCcm(key, nonceLen, tagLen, JCA);
        byte[] ours = new byte[msg.length + tagLen];
        ccm.seal(nonce, aad, msg, 0, msg.length, ours, 0);
        assertArrayEquals(bouncyCastleSeal(key, nonce, tagLen, aad, msg), ours);
        byte[] back = new byte[msg.length];
        ccm.open(nonce, aad, ours, 0, ours.length, back, 0);
        assertArrayEquals(msg, back);
    }

    @Provide
    Arbitrary<int[]> shapes() {
        return Combinators.combine(
                Arbitraries.of(16, 24, 32),
                Arbitraries.integers().between(7, 13),
                Arbitraries.of(4, 6, 8, 10, 12, 14, 16))
                .as((k, n, m) -> new int[] {k, n, m});
    }

    /** Additional data of 0xFF00 bytes or more takes the six-byte length encoding (RFC 3610 §2.2). */
    @Test
    void longAdditionalDataUsesTheSixByteLengthEncoding() throws Exception {
        byte[] key = Hex.bytes("000102030405060708090a0b0c0d0e0f");
        byte[] nonce = new byte[12];
        for (int aadLen : new int[] {0xFEFF, 0xFF00, 0x10000}) {
            byte[] aad = new byte[aadLen];
            Arrays.fill(aad, (byte) 7);
            byte[] msg = Hex.bytes("00112233445566778899");
            AesCcm ccm = new AesCcm(key, 12, 16, JCA);
            byte[] ours = new byte[msg.length + 16];
            ccm.seal(nonce, aad, msg, 0, msg.length, ours, 0);
            assertArrayEquals(bouncyCastleSeal(key, nonce, 16, aad, msg), ours, "aad length " + aadLen);
        }
    }

    /** Any single flipped bit anywhere in ciphertext or tag is refused, and nothing is written. */
    @Property(tries = 200)
    void everyBitFlipIsRefused(@ForAll @Size(max = 100) byte[] msg, @ForAll @IntRange(min = 0, max = 10_000) int where,
                               @ForAll boolean shortTag) throws Exception {
        int tagLen = shortTag ? 8 : 16;
        AesCcm ccm = new AesCcm(new byte[16], 12, tagLen, JCA);
        byte[] nonce = new byte[12];
        byte[] aad = {1, 2, 3};
        byte[] sealed = new byte[msg.length + tagLen];
        ccm.seal(nonce, aad, msg, 0, msg.length, sealed, 0);
        int bit = where % (sealed.length * 8);
        sealed[bit / 8] ^= (byte) (1 << (bit % 8));
        byte[] out = new byte[msg.length];
        Arrays.fill(out, (byte) 0x33);
        assertThrows(AEADBadTagException.class, () -> ccm.open(nonce, aad, sealed, 0, sealed.length, out, 0));
        assertTrue(allBytes(out, (byte) 0x33), "output untouched");
    }

    /** Offsets inside larger arrays are honoured on both sides. */
    @Test
    void worksAtOffsets() throws Exception {
        AesCcm ccm = new AesCcm(new byte[16], 12, 16, JCA);
        byte[] nonce = new byte[12];
        byte[] msg = new byte[300];
        for (int i = 0; i < msg.length; i++) {
            msg[i] = (byte) i;
        }
        byte[] in = new byte[7 + msg.length + 5];
        System.arraycopy(msg, 0, in, 7, msg.length);
        byte[] sealed = new byte[11 + msg.length + 16];
        assertEquals(msg.length + 16, ccm.seal(nonce, new byte[0], in, 7, msg.length, sealed, 11));
        byte[] out = new byte[3 + msg.length];
        assertEquals(msg.length, ccm.open(nonce, new byte[0], sealed, 11, msg.length + 16, out, 3));
        assertArrayEquals(msg, Arrays.copyOfRange(out, 3, out.length));
        byte[] direct = new byte[msg.length + 16];
        ccm.seal(nonce, new byte[0], msg, 0, msg.length, direct, 0);
        assertArrayEquals(direct, Arrays.copyOfRange(sealed, 11, sealed.length));
    }

    static byte[] bouncyCastleSeal(byte[] key, byte[] nonce, int tagLen, byte[] aad, byte[] msg)
            throws InvalidCipherTextException {
        CCMBlockCipher bc = (CCMBlockCipher) CCMBlockCipher.newInstance(AESEngine.newInstance());
        bc.init(true, new AEADParameters(new KeyParameter(key), tagLen * 8, nonce, aad));
        byte[] out = new byte[bc.getOutputSize(msg.length)];
        int n = bc.processBytes(msg, 0, msg.length, out, 0);
        bc.doFinal(out, n);
        return out;
    }

    static boolean allBytes(byte[] b, byte v) {
        for (byte x : b) {
            if (x != v) {
                return false;
            }
        }
        return true;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

}
