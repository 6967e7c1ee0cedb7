package org.dtls4j.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.util.Arrays;
import java.util.stream.Stream;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.dtls4j.crypto.testutil.Hex;
import org.dtls4j.crypto.testutil.Tally;
import org.dtls4j.crypto.testutil.Wycheproof;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ECDHE against Wycheproof and against itself. Policy for Wycheproof "acceptable" cases:
 * <ul>
 *   <li>NIST curves, compressed public key: refused, because RFC 8422 §5.1.2 says implementations
 *       "MUST NOT support other formats" than uncompressed.</li>
 *   <li>x25519: every public key is processed as RFC 7748 §5 says (mask the top bit, reduce
 *       non-canonical u); the agreement is refused exactly when the shared secret is all zeros
 *       (RFC 7748 §6.1, RFC 8422 §5.11), and otherwise must give the listed secret.</li>
 * </ul>
 */
class EcdheKeyPairTest {

    private static final JcaProviders JCA = JcaProviders.defaults();
    private static final SecureRandom RANDOM = new SecureRandom();

    @TestFactory
    Stream<DynamicTest> wycheproofEcdhSecp256r1() throws Exception {
        return ecdhVectors("ecdh_secp256r1_ecpoint_test.json", NamedGroup.SECP256R1, 355);
    }

    @TestFactory
    Stream<DynamicTest> wycheproofEcdhSecp384r1() throws Exception {
        return ecdhVectors("ecdh_secp384r1_ecpoint_test.json", NamedGroup.SECP384R1, 790);
    }

    private static Stream<DynamicTest> ecdhVectors(String file, NamedGroup group, int expected) throws Exception {
        Tally tally = new Tally(file);
        ECParameterSpec params = ecParams(group);
        KeyFactory kf = KeyFactory.getInstance("EC");
        for (Wycheproof.Case c : Wycheproof.load(file)) {
            PrivateKey priv = kf.generatePrivate(new ECPrivateKeySpec(new BigInteger((String) c.test.get("private"), 16), params));
            EcdheKeyPair kp = EcdheKeyPair.of(group, priv, new byte[0], JCA);
            boolean compressed = c.flags().contains("CompressedPoint");
            boolean mustAgree = "valid".equals(c.result()) && !compressed;
            expectAgreement(tally, c, kp, mustAgree);
        }
        return tally.tests(expected, 0);
    }

    @TestFactory
    Stream<DynamicTest> wycheproofX25519() throws Exception {
        String file = "x25519_test.json";
        Tally tally = new Tally(file);
        KeyFactory kf = KeyFactory.getInstance("XDH");
        for (Wycheproof.Case c : Wycheproof.load(file)) {
            PrivateKey priv = kf.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, c.hex("private")));
            EcdheKeyPair kp = EcdheKeyPair.of(NamedGroup.X25519, priv, new byte[0], JCA);
            boolean zero = Arrays.equals(c.hex("shared"), new byte[32]);
            expectAgreement(tally, c, kp, !zero);
        }
        return tally.tests(518, 0);
    }

    private static void expectAgreement(Tally tally, Wycheproof.Case c, EcdheKeyPair kp, boolean mustAgree) {
        try {
            byte[] secret = kp.agree(c.hex("public"));
            if (mustAgree && Arrays.equals(secret, c.hex("shared"))) {
                tally.pass();
            } else {
                tally.fail(c, mustAgree ? "wrong secret " + Hex.string(secret) : "accepted, secret " + Hex.string(secret));
            }
        } catch (InvalidKeyException e) {
            if (mustAgree) {
                tally.fail(c, "refused: " + e.getMessage());
            } else {
                tally.pass();
            }
        } catch (RuntimeException e) {
            tally.fail(c, e.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(NamedGroup.class)
    void bothSidesAgree(NamedGroup group) throws Exception {
        EcdheKeyPair a = EcdheKeyPair.generate(group, RANDOM, JCA);
        EcdheKeyPair b = EcdheKeyPair.generate(group, RANDOM, JCA);
        assertSame(group, a.group());
        assertEquals(group.publicKeyLength(), a.publicKey().length);
        byte[] ab = a.agree(b.publicKey());
        assertArrayEquals(ab, b.agree(a.publicKey()));
        assertEquals(group == NamedGroup.SECP384R1 ? 48 : 32, ab.length);
        assertNotEquals(Hex.string(a.publicKey()), Hex.string(b.publicKey()));
    }

    /** A key pair made by Bouncy Castle agrees with one made by the JDK: the wire encodings interoperate. */
    @ParameterizedTest
    @EnumSource(NamedGroup.class)
    void interoperatesAcrossProviders(NamedGroup group) throws Exception {
        JcaProviders bc = JcaProviders.builder().all(new BouncyCastleProvider()).build();
        EcdheKeyPair ours = EcdheKeyPair.generate(group, RANDOM, JCA);
        EcdheKeyPair theirs = EcdheKeyPair.generate(group, RANDOM, bc);
        assertArrayEquals(ours.agree(theirs.publicKey()), theirs.agree(ours.publicKey()));
    }

    @Test
    void publicKeyIsACopy() {
        EcdheKeyPair a = EcdheKeyPair.generate(NamedGroup.X25519, RANDOM, JCA);
        byte[] pk = a.publicKey();
        pk[0] ^= 1;
        assertNotEquals(Hex.string(pk), Hex.string(a.publicKey()));
    }

    @ParameterizedTest
    @EnumSource(NamedGroup.class)
    void wrongLengthIsRefused(NamedGroup group) {
        EcdheKeyPair a = EcdheKeyPair.generate(group, RANDOM, JCA);
        byte[] good = EcdheKeyPair.generate(group, RANDOM, JCA).publicKey();
        assertRefused(a, Arrays.copyOf(good, good.length - 1), "must be");
        assertRefused(a, Arrays.copyOf(good, good.length + 1), "must be");
        assertRefused(a, new byte[0], "must be");
    }

    @ParameterizedTest
    @EnumSource(value = NamedGroup.class, names = {"SECP256R1", "SECP384R1"})
    void nistCurvePeerKeysAreValidated(NamedGroup group) throws Exception {
        EcdheKeyPair a = EcdheKeyPair.generate(group, RANDOM, JCA);
        byte[] good = EcdheKeyPair.generate(group, RANDOM, JCA).publicKey();
        int n = (good.length - 1) / 2;

        byte[] compressed = new byte[1 + n];
        compressed[0] = (byte) (2 + (good[good.length - 1] & 1));
        System.arraycopy(good, 1, compressed, 1, n);
        assertRefused(a, compressed, "must be");

        byte[] wrongForm = good.clone();
        wrongForm[0] = 0x06; // hybrid form, also not allowed
        assertRefused(a, wrongForm, "not in uncompressed form");

        assertRefused(a, new byte[] {0}, "point at infinity");

        byte[] offCurve = good.clone();
        offCurve[offCurve.length - 1] ^= 1;
        assertRefused(a, offCurve, "not a point on the curve");

        // x = p (out of range), y copied: must be refused before any curve arithmetic.
        BigInteger p = ((java.security.spec.ECFieldFp) ecParams(group).getCurve().getField()).getP();
        byte[] bigX = good.clone();
        byte[] pBytes = p.toByteArray();
        System.arraycopy(pBytes, pBytes.length - n, bigX, 1, n);
        assertRefused(a, bigX, "outside the field");

        assertRefused(a, new byte[good.length], "not in uncompressed form");
    }

    /** RFC 7748 §5: the top bit of the last byte is ignored, so these two keys are the same key. */
    @Test
    void x25519IgnoresTheTopBit() throws Exception {
        EcdheKeyPair a = EcdheKeyPair.generate(NamedGroup.X25519, RANDOM, JCA);
        byte[] peer = EcdheKeyPair.generate(NamedGroup.X25519, RANDOM, JCA).publicKey();
        byte[] high = peer.clone();
        high[31] |= (byte) 0x80;
        assertArrayEquals(a.agree(peer), a.agree(high));
    }

    /** u = 0 and u = 1 are low-order points: the result is all zeros and must be refused (RFC 7748 §6.1). */
    @Test
    void x25519LowOrderPointsAreRefused() {
        EcdheKeyPair a = EcdheKeyPair.generate(NamedGroup.X25519, RANDOM, JCA);
        byte[] one = new byte[32];
        one[0] = 1;
        InvalidKeyException e = assertThrows(InvalidKeyException.class, () -> a.agree(new byte[32]));
        assertTrue(e.getMessage().startsWith("x25519"), e.getMessage());
        assertThrows(InvalidKeyException.class, () -> a.agree(one));
    }

    @Test
    void generationFailureNamesTheGroup() {
        JcaProviders noEc = JcaProviders.builder().keyPairGenerator(new java.security.Provider("Empty", "1", "no engines") {
            private static final long serialVersionUID = 1L;
        }).build();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> EcdheKeyPair.generate(NamedGroup.SECP256R1, RANDOM, noEc));
        assertTrue(e.getMessage().contains("EC"), e.getMessage());
    }

    private static void assertRefused(EcdheKeyPair kp, byte[] peer, String messagePart) {
        InvalidKeyException e = assertThrows(InvalidKeyException.class, () -> kp.agree(peer));
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
        assertTrue(e.getMessage().startsWith(kp.group().tlsName()), e.getMessage());
    }

    static ECParameterSpec ecParams(NamedGroup group) throws GeneralSecurityException {
        AlgorithmParameters ap = AlgorithmParameters.getInstance("EC");
        ap.init(new ECGenParameterSpec(group.tlsName()));
        return ap.getParameterSpec(ECParameterSpec.class);
    }
}
