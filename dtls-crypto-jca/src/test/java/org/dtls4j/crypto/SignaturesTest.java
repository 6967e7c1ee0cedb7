package org.dtls4j.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.dtls4j.crypto.testutil.Tally;
import org.dtls4j.crypto.testutil.Wycheproof;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Signing and verification for every scheme, and Wycheproof verification vectors: "valid" must
 * verify and "invalid" must not. The one "acceptable" case in these files
 * (rsa_signature_2048_sha256_test.json tcId 8, a DigestInfo whose hash AlgorithmIdentifier omits
 * the NULL parameter) must verify: RFC 4055 §2.1 says of the SHA-2 AlgorithmIdentifiers "All
 * implementations MUST accept both NULL and absent parameters as legal and equivalent encodings",
 * and the JDK provider does so.
 */
class SignaturesTest {

    private static final JcaProviders JCA = JcaProviders.defaults();
    private static final JcaProviders BC = JcaProviders.builder().all(new BouncyCastleProvider()).build();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] DATA = "ServerKeyExchange params".getBytes(StandardCharsets.US_ASCII);
    private static final Map<SignatureScheme, KeyPair> KEYS = new EnumMap<>(SignatureScheme.class);

    static {
        try {
            KeyPair p256 = ec("secp256r1");
            KeyPair p384 = ec("secp384r1");
            KeyPair p521 = ec("secp521r1");
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(2048, RANDOM);
            KeyPair rsa2048 = rsa.generateKeyPair();
            KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            for (SignatureScheme s : SignatureScheme.values()) {
                KEYS.put(s, s.name().startsWith("RSA") ? rsa2048 : s == SignatureScheme.ED25519 ? ed
                        : s == SignatureScheme.ECDSA_SECP256R1_SHA256 ? p256
                        : s == SignatureScheme.ECDSA_SECP384R1_SHA384 ? p384 : p521);
            }
        } catch (java.security.GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static KeyPair ec(String curve) throws java.security.GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve), RANDOM);
        return g.generateKeyPair();
    }

    @TestFactory
    Stream<DynamicTest> wycheproofEcdsaP256() {
        return verifyVectors("ecdsa_secp256r1_sha256_test.json", SignatureScheme.ECDSA_SECP256R1_SHA256, "EC", JCA, 470, 1);
    }

    @TestFactory
    Stream<DynamicTest> wycheproofEcdsaP384() {
        return verifyVectors("ecdsa_secp384r1_sha384_test.json", SignatureScheme.ECDSA_SECP384R1_SHA384, "EC", JCA, 490, 1);
    }

    /** The same ECDSA vectors with Bouncy Castle as the Signature provider: no provider defect to step around. */
    @TestFactory
    Stream<DynamicTest> wycheproofEcdsaWithBouncyCastle() {
        return Stream.concat(
                verifyVectors("ecdsa_secp256r1_sha256_test.json", SignatureScheme.ECDSA_SECP256R1_SHA256, "EC", BC, 471, 0),
                verifyVectors("ecdsa_secp384r1_sha384_test.json", SignatureScheme.ECDSA_SECP384R1_SHA384, "EC", BC, 491, 0));
    }

    @TestFactory
    Stream<DynamicTest> wycheproofRsaPss() {
        return verifyVectors("rsa_pss_2048_sha256_mgf1_32_test.json", SignatureScheme.RSA_PSS_RSAE_SHA256, "RSA", JCA, 108, 0);
    }

    @TestFactory
    Stream<DynamicTest> wycheproofRsaPkcs1() {
        return verifyVectors("rsa_signature_2048_sha256_test.json", SignatureScheme.RSA_PKCS1_SHA256, "RSA", JCA, 259, 0);
    }

    @TestFactory
    Stream<DynamicTest> wycheproofEd25519() {
        return verifyVectors("ed25519_test.json", SignatureScheme.ED25519, "Ed25519", JCA, 150, 0);
    }

    /**
     * Runs one file. A "valid" signature that the chosen provider refuses but Bouncy Castle
     * verifies through the same {@link Signatures#verify} path is a provider defect, counted as
     * skipped with that reason (the expected count pins how many there are). The JDK 17 SunEC
     * provider has one such case per ECDSA file: Wycheproof's "k*G has a large x-coordinate", where
     * x(kG) &gt;= n, which a genuine signer produces with probability about 2^-128. The refusal errs
     * on the safe side.
     */
    private static Stream<DynamicTest> verifyVectors(String file, SignatureScheme scheme, String keyAlg, JcaProviders p,
                                                     int expectedPassed, int expectedProviderDefects) {
        Tally tally = new Tally(file + (p == BC ? " (Bouncy Castle)" : ""));
        for (Wycheproof.Case c : Wycheproof.load(file)) {
            try {
                PublicKey key = KeyFactory.getInstance(keyAlg)
                        .generatePublic(new X509EncodedKeySpec(c.groupHex("publicKeyDer")));
                boolean expected = !"invalid".equals(c.result());
                boolean ok = Signatures.verify(scheme, key, c.hex("msg"), c.hex("sig"), p);
                if (ok == expected) {
                    tally.pass();
                } else if (expected && p != BC && Signatures.verify(scheme, key, c.hex("msg"), c.hex("sig"), BC)) {
                    tally.skip("provider defect: " + c.comment());
                } else {
                    tally.fail(c, ok ? "verified" : "did not verify");
                }
            } catch (Exception e) {
                tally.fail(c, e.toString());
            }
        }
        return tally.tests(expectedPassed, expectedProviderDefects);
    }

    @ParameterizedTest
    @EnumSource(SignatureScheme.class)
    void signThenVerify(SignatureScheme s) throws Exception {
        KeyPair kp = KEYS.get(s);
        byte[] sig = Signatures.sign(s, kp.getPrivate(), DATA, RANDOM, JCA);
        assertTrue(Signatures.verify(s, kp.getPublic(), DATA, sig, JCA));
        byte[] other = DATA.clone();
        other[0] ^= 1;
        assertFalse(Signatures.verify(s, kp.getPublic(), other, sig, JCA), "other data");
        byte[] bent = sig.clone();
        bent[bent.length / 2] ^= 0x10;
        assertFalse(Signatures.verify(s, kp.getPublic(), DATA, bent, JCA), "changed signature");
    }

    /** Signatures made with one provider verify with the other, both ways: the parameters agree. */
    @ParameterizedTest
    @EnumSource(SignatureScheme.class)
    void interoperatesWithBouncyCastle(SignatureScheme s) throws Exception {
        KeyPair kp = KEYS.get(s);
        assertTrue(Signatures.verify(s, kp.getPublic(), DATA, Signatures.sign(s, kp.getPrivate(), DATA, RANDOM, BC), JCA));
        assertTrue(Signatures.verify(s, kp.getPublic(), DATA, Signatures.sign(s, kp.getPrivate(), DATA, RANDOM, JCA), BC));
    }

    /** RSA-PSS rsae uses a salt as long as the hash (RFC 8446 §4.2.3); a 20-byte salt does not verify. */
    @Test
    void pssSaltLengthIsTheHashLength() throws Exception {
        KeyPair kp = KEYS.get(SignatureScheme.RSA_PSS_RSAE_SHA256);
        for (int salt : new int[] {32, 20}) {
            Signature raw = Signature.getInstance("RSASSA-PSS");
            raw.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, salt, 1));
            raw.initSign(kp.getPrivate());
            raw.update(DATA);
            assertEquals(salt == 32, Signatures.verify(SignatureScheme.RSA_PSS_RSAE_SHA256, kp.getPublic(), DATA, raw.sign(), JCA),
                    "salt " + salt);
        }
    }

    /** verify never throws: garbage of any length is simply not a signature. */
    @Property(tries = 100)
    void garbageNeverVerifiesAndNeverThrows(@ForAll SignatureScheme s, @ForAll @Size(max = 300) byte[] garbage) {
        assertFalse(Signatures.verify(s, KEYS.get(s).getPublic(), DATA, garbage, JCA));
    }

    @Test
    void keysThatDoNotFitAreRefused() throws Exception {
        KeyPair p256 = KEYS.get(SignatureScheme.ECDSA_SECP256R1_SHA256);
        KeyPair p384 = KEYS.get(SignatureScheme.ECDSA_SECP384R1_SHA384);
        byte[] sig = Signatures.sign(SignatureScheme.ECDSA_SECP256R1_SHA256, p256.getPrivate(), DATA, RANDOM, JCA);
        assertFalse(Signatures.verify(SignatureScheme.ECDSA_SECP384R1_SHA384, p256.getPublic(), DATA, sig, JCA));
        assertFalse(Signatures.verify(SignatureScheme.RSA_PKCS1_SHA256, p256.getPublic(), DATA, sig, JCA));
        assertFalse(Signatures.verify(SignatureScheme.ECDSA_SECP256R1_SHA256, null, DATA, sig, JCA));
        // TLS 1.2 lets 0x0403 sign with a P-384 key (RFC 5246 §7.4.1.4.1): it must sign and verify.
        byte[] crossCurve = Signatures.sign(SignatureScheme.ECDSA_SECP256R1_SHA256, p384.getPrivate(), DATA, RANDOM, JCA);
        assertTrue(Signatures.verify(SignatureScheme.ECDSA_SECP256R1_SHA256, p384.getPublic(), DATA, crossCurve, JCA));
        InvalidKeyException e = assertThrows(InvalidKeyException.class,
                () -> Signatures.sign(SignatureScheme.ED25519, p256.getPrivate(), DATA, RANDOM, JCA));
        assertTrue(e.getMessage().contains("ed25519"), e.getMessage());
        assertThrows(InvalidKeyException.class,
                () -> Signatures.sign(SignatureScheme.RSA_PSS_RSAE_SHA256, p256.getPrivate(), DATA, RANDOM, JCA));
    }

    @Test
    void supportsKeyFollowsTheScheme() throws Exception {
        KeyPair p256 = KEYS.get(SignatureScheme.ECDSA_SECP256R1_SHA256);
        assertTrue(SignatureScheme.ECDSA_SECP256R1_SHA256.supportsKey(p256.getPublic()));
        assertTrue(SignatureScheme.ECDSA_SECP256R1_SHA256.supportsKey(p256.getPrivate()));
        // TLS 1.2 (RFC 5246 §7.4.1.4.1): the ECDSA code points name a hash, not a curve.
        assertTrue(SignatureScheme.ECDSA_SECP384R1_SHA384.supportsKey(p256.getPublic()));
        assertFalse(SignatureScheme.ECDSA_SECP384R1_SHA384.matchesCurve(p256.getPublic()));
        assertTrue(SignatureScheme.ECDSA_SECP256R1_SHA256.matchesCurve(p256.getPublic()));
        assertFalse(SignatureScheme.ED25519.supportsKey(p256.getPublic()));
        assertFalse(SignatureScheme.RSA_PSS_RSAE_SHA256.supportsKey(null));

        // 1024-bit RSA: emLen 128 is too short for PSS with SHA-512 (needs 2 * 64 + 2), fine for PKCS#1.
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(1024, RANDOM);
        KeyPair rsa1024 = g.generateKeyPair();
        assertTrue(SignatureScheme.RSA_PSS_RSAE_SHA384.supportsKey(rsa1024.getPublic()));
        assertFalse(SignatureScheme.RSA_PSS_RSAE_SHA512.supportsKey(rsa1024.getPublic()));
        assertTrue(SignatureScheme.RSA_PKCS1_SHA512.supportsKey(rsa1024.getPublic()));

        // An RSASSA-PSS key (id-RSASSA-PSS) is not an rsaEncryption key: not for the rsae schemes.
        KeyPairGenerator pss = KeyPairGenerator.getInstance("RSASSA-PSS");
        pss.initialize(2048, RANDOM);
        assertFalse(SignatureScheme.RSA_PSS_RSAE_SHA256.supportsKey(pss.generateKeyPair().getPublic()));

        assertFalse(SignatureScheme.ED25519.supportsKey(KeyPairGenerator.getInstance("Ed448").generateKeyPair().getPublic()));
        assertTrue(SignatureScheme.ED25519.supportsKey(KEYS.get(SignatureScheme.ED25519).getPublic()));
    }

    /** The curve table's group orders are the ones the JDK knows for those curves. */
    @ParameterizedTest
    @EnumSource(org.dtls4j.crypto.sig.EcdsaCurve.class)
    void curveOrdersMatchTheJdk(org.dtls4j.crypto.sig.EcdsaCurve curve) throws Exception {
        java.security.AlgorithmParameters ap = java.security.AlgorithmParameters.getInstance("EC");
        ap.init(new ECGenParameterSpec(curve.secName()));
        assertTrue(curve.matches(ap.getParameterSpec(java.security.spec.ECParameterSpec.class)));
    }

    @Test
    void codePointsRoundTrip() {
        for (SignatureScheme s : SignatureScheme.values()) {
            assertEquals(s, SignatureScheme.fromCode(s.code()).orElseThrow());
        }
        assertTrue(SignatureScheme.fromCode(0x0201).isEmpty()); // rsa_pkcs1_sha1: not offered
        assertEquals(0x0403, SignatureScheme.ECDSA_SECP256R1_SHA256.code());
        assertEquals(0x0807, SignatureScheme.ED25519.code());
        assertEquals("rsa_pss_rsae_sha256", SignatureScheme.RSA_PSS_RSAE_SHA256.ianaName());
    }

    @Test
    void defaultPreferenceIsEcdsaThenPssThenEd25519ThenPkcs1() {
        var p = SignatureScheme.defaultPreference();
        assertEquals(SignatureScheme.values().length, p.size());
        assertEquals(Arrays.asList(SignatureScheme.values()).stream().sorted().count(), p.stream().distinct().count());
        int lastEcdsa = p.indexOf(SignatureScheme.ECDSA_SECP521R1_SHA512);
        int firstPss = p.indexOf(SignatureScheme.RSA_PSS_RSAE_SHA256);
        int ed = p.indexOf(SignatureScheme.ED25519);
        int firstPkcs1 = p.indexOf(SignatureScheme.RSA_PKCS1_SHA256);
        assertEquals(0, p.indexOf(SignatureScheme.ECDSA_SECP256R1_SHA256));
        assertTrue(lastEcdsa < firstPss && firstPss < ed && ed < firstPkcs1, p.toString());
        assertThrows(UnsupportedOperationException.class, () -> p.add(SignatureScheme.ED25519));
    }
}
