package org.dtls4j.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link JcaProviders#forSignature}: keys move into the bound signature provider's own classes,
 * sign and verify exactly as before, and stay untouched when there is nothing to move them to.
 */
class ForSignatureTest {

    private static final Provider BC = new BouncyCastleProvider();
    private static final byte[] DATA = "ServerKeyExchange params".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private static KeyPair jdkKeyPair(SignatureScheme s) throws Exception {
        switch (s.family()) {
            case ECDSA: {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec(s == SignatureScheme.ECDSA_SECP384R1_SHA384 ? "secp384r1" : "secp256r1"));
                return g.generateKeyPair();
            }
            case EDDSA:
                return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            default: {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048);
                return g.generateKeyPair();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = SignatureScheme.class, names = {"ECDSA_SECP256R1_SHA256", "ECDSA_SECP384R1_SHA384",
        "RSA_PSS_RSAE_SHA256", "RSA_PKCS1_SHA256", "ED25519"})
    void importedKeysSignAndVerifyAcrossProviders(SignatureScheme s) throws Exception {
        KeyPair jdk = jdkKeyPair(s);
        JcaProviders bc = JcaProviders.builder().signature(BC).build();
        PrivateKey signing = bc.forSignature(jdk.getPrivate());
        PublicKey verifying = bc.forSignature(jdk.getPublic());
        assertTrue(signing.getClass().getName().startsWith("org.bouncycastle"), signing.getClass().getName());
        assertTrue(verifying.getClass().getName().startsWith("org.bouncycastle"), verifying.getClass().getName());
        assertTrue(s.supportsKey(signing));

        // Signed by BC with the imported key, checked by the JDK with the original key, and back.
        byte[] bySigned = Signatures.sign(s, signing, DATA, RANDOM, bc);
        assertTrue(Signatures.verify(s, jdk.getPublic(), DATA, bySigned, JcaProviders.defaults()));
        byte[] byJdk = Signatures.sign(s, jdk.getPrivate(), DATA, RANDOM, JcaProviders.defaults());
        assertTrue(Signatures.verify(s, jdk.getPublic(), DATA, byJdk, bc));
        byJdk[byJdk.length - 1] ^= 1;
        assertTrue(!Signatures.verify(s, jdk.getPublic(), DATA, byJdk, bc), "a changed signature must fail");
    }

    @Test
    void unboundSignatureFamilyKeepsTheKey() throws Exception {
        KeyPair kp = jdkKeyPair(SignatureScheme.ECDSA_SECP256R1_SHA256);
        JcaProviders p = JcaProviders.builder().cipher(BC).build();
        assertSame(kp.getPrivate(), p.forSignature(kp.getPrivate()));
        assertSame(kp.getPublic(), p.forSignature(kp.getPublic()));
        assertSame(null, p.forSignature((PrivateKey) null));
    }

    @Test
    void aKeyThatCannotBeExportedIsKept() {
        PrivateKey token = new PrivateKey() {
            @Override
            public String getAlgorithm() {
                return "EC";
            }

            @Override
            public String getFormat() {
                return null;
            }

            @Override
            public byte[] getEncoded() {
                return null;
            }
        };
        assertSame(token, JcaProviders.builder().signature(BC).build().forSignature(token));
    }

    @Test
    void importedPublicKeysAreRememberedUpToTheLimit() throws Exception {
        JcaProviders bc = JcaProviders.builder().signature(BC).build();
        PublicKey first = jdkKeyPair(SignatureScheme.ECDSA_SECP256R1_SHA256).getPublic();
        PublicKey imported = bc.forSignature(first);
        assertSame(imported, bc.forSignature(first), "the same key again is the same imported object");
        for (int i = 0; i < JcaProviders.IMPORTED_KEYS; i++) {
            bc.forSignature(jdkKeyPair(SignatureScheme.ED25519).getPublic());
        }
        PublicKey again = bc.forSignature(first);
        assertNotSame(imported, again, "the oldest key was evicted");
        assertEquals(imported, again);
    }
}
