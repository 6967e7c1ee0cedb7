package org.dtls4j.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Provider selection: each family goes to the provider it is bound to, and only that family. */
class JcaProvidersTest {

    private static final Provider BC = new BouncyCastleProvider();

    @Test
    void defaultsUseTheJdkProviders() {
        JcaProviders d = JcaProviders.defaults();
        assertSame(d, JcaProviders.defaults());
        assertEquals("SunJCE", d.cipher("AES/GCM/NoPadding").getProvider().getName());
        assertEquals("SunJCE", d.mac("HmacSHA256").getProvider().getName());
        assertEquals("SUN", d.messageDigest("SHA-256").getProvider().getName());
        assertEquals("SunEC", d.keyAgreement("ECDH").getProvider().getName());
    }

    @Test
    void oneFamilyCanBeBoundAlone() {
        JcaProviders p = JcaProviders.builder().cipher(BC).build();
        assertEquals("BC", p.cipher("AES/GCM/NoPadding").getProvider().getName());
        assertNotEquals("BC", p.mac("HmacSHA256").getProvider().getName());
        assertNotEquals("BC", p.signature("SHA256withECDSA").getProvider().getName());
    }

    @Test
    void allBindsEveryFamily() {
        JcaProviders p = JcaProviders.builder().all(BC).build();
        assertEquals("BC", p.cipher("AES/ECB/NoPadding").getProvider().getName());
        assertEquals("BC", p.mac("HmacSHA384").getProvider().getName());
        assertEquals("BC", p.keyAgreement("X25519").getProvider().getName());
        assertEquals("BC", p.keyPairGenerator("EC").getProvider().getName());
        assertEquals("BC", p.signature("Ed25519").getProvider().getName());
        assertEquals("BC", p.keyFactory("RSA").getProvider().getName());
        assertEquals("BC", p.messageDigest("SHA-384").getProvider().getName());
        assertTrue(p.toString().contains("cipher=BC"), p.toString());
    }

    @Test
    void unboundFamiliesRememberTheProviderTheListChose() {
        JcaProviders p = JcaProviders.builder().build();
        for (int i = 0; i < 3; i++) {
            assertEquals("SunJCE", p.cipher("AES/GCM/NoPadding").getProvider().getName());
            assertEquals("SunJCE", p.mac("HmacSHA384").getProvider().getName());
            assertEquals("SUN", p.messageDigest("SHA-384").getProvider().getName());
        }
        assertThrows(IllegalStateException.class, () -> p.cipher("NoSuchCipher/GCM/NoPadding"));
        assertThrows(IllegalStateException.class, () -> p.cipher("NoSuchCipher/GCM/NoPadding"));
    }

    @Test
    void nullRestoresTheDefault() {
        JcaProviders p = JcaProviders.builder().all(BC).mac(null).build();
        assertEquals("SunJCE", p.mac("HmacSHA256").getProvider().getName());
        assertEquals("BC", p.cipher("AES/ECB/NoPadding").getProvider().getName());
    }

    @Test
    void missingAlgorithmsAreIllegalStateWithANameAndProvider() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> JcaProviders.defaults().cipher("NoSuchCipher/GCM/NoPadding"));
        assertTrue(e.getMessage().contains("NoSuchCipher/GCM/NoPadding"), e.getMessage());
        Provider empty = new Provider("EmptyProvider", "1", "offers nothing") {
            private static final long serialVersionUID = 1L;
        };
        JcaProviders p = JcaProviders.builder().all(empty).build();
        e = assertThrows(IllegalStateException.class, () -> p.signature("SHA256withECDSA"));
        assertTrue(e.getMessage().contains("EmptyProvider") && e.getMessage().contains("Signature"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> p.mac("HmacSHA256"));
        assertThrows(IllegalStateException.class, () -> p.keyAgreement("ECDH"));
        assertThrows(IllegalStateException.class, () -> p.keyPairGenerator("EC"));
        assertThrows(IllegalStateException.class, () -> p.keyFactory("EC"));
        assertThrows(IllegalStateException.class, () -> p.messageDigest("SHA-256"));
        assertThrows(IllegalStateException.class, () -> AeadCiphers.create(BulkCipher.AES_128_CCM, new byte[16], p));
    }

    /**
     * Macs after the first are clones of a never-keyed prototype: each is a separate engine, keyed
     * on its own, from the same provider, and computes what a Mac from {@code getInstance} does
     * (RFC 4231 test case 2).
     */
    @ParameterizedTest
    @EnumSource(names = {"JDK", "BOUNCY_CASTLE"})
    void macsAreIndependentEnginesFromTheSameProvider(MacSource source) throws Exception {
        JcaProviders p = source == MacSource.JDK ? JcaProviders.builder().build() : JcaProviders.builder().mac(BC).build();
        javax.crypto.spec.SecretKeySpec jefe = new javax.crypto.spec.SecretKeySpec(
                "Jefe".getBytes(java.nio.charset.StandardCharsets.US_ASCII), "HmacSHA256");
        byte[] data = "what do ya want for nothing?".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] expected = java.util.HexFormat.of().parseHex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        javax.crypto.Mac first = p.mac("HmacSHA256");
        javax.crypto.Mac second = p.mac("HmacSHA256");
        javax.crypto.Mac third = p.mac("HmacSHA256");
        assertTrue(first != second && second != third);
        assertEquals(first.getProvider().getName(), third.getProvider().getName());
        assertEquals(source == MacSource.JDK ? "SunJCE" : "BC", third.getProvider().getName());
        first.init(jefe);
        second.init(new javax.crypto.spec.SecretKeySpec(new byte[32], "HmacSHA256"));
        second.update(data); // a half-used engine beside does not disturb the others
        assertArrayEquals(expected, first.doFinal(data));
        third.init(jefe);
        assertArrayEquals(expected, third.doFinal(data));
        // The prototype behind them was never keyed: a new Mac still needs init.
        assertThrows(IllegalStateException.class, () -> p.mac("HmacSHA256").doFinal(data));
    }

    enum MacSource { JDK, BOUNCY_CASTLE }

    /** Records sealed through Bouncy Castle's engines open with the JDK's, and the other way round. */
    @ParameterizedTest
    @EnumSource(value = BulkCipher.class, mode = EnumSource.Mode.EXCLUDE, names = "AES_128_CBC")
    void recordCiphersInteroperateAcrossProviders(BulkCipher alg) throws Exception {
        JcaProviders bc = JcaProviders.builder().cipher(BC).build();
        byte[] key = new byte[alg.keyLength()];
        key[0] = 1;
        byte[] nonce = new byte[12];
        byte[] aad = {1, 2, 3};
        byte[] msg = new byte[100];
        msg[7] = 7;
        byte[] a = new byte[msg.length + alg.tagLength()];
        AeadCiphers.create(alg, key, bc).seal(nonce, aad, msg, 0, msg.length, a, 0);
        byte[] b = new byte[msg.length + alg.tagLength()];
        AeadCiphers.create(alg, key, JcaProviders.defaults()).seal(nonce, aad, msg, 0, msg.length, b, 0);
        assertArrayEquals(a, b);
        byte[] back = new byte[msg.length];
        AeadCiphers.create(alg, key, JcaProviders.defaults()).open(nonce, aad, a, 0, a.length, back, 0);
        assertArrayEquals(msg, back);
        AeadCiphers.create(alg, key, bc).open(nonce, aad, b, 0, b.length, back, 0);
        assertArrayEquals(msg, back);
    }
}
