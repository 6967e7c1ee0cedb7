package org.dtls4j.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.tls.PRFAlgorithm;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.dtls4j.crypto.testutil.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The TLS 1.2 PRF (RFC 5246 §5) against the published P_SHA256 / P_SHA384 vectors (posted to the
 * IETF TLS list, reused by many stacks' tests), and the derived secrets against independent
 * implementations: Bouncy Castle's TLS PRF for master secret, extended master secret and
 * verify_data, and the JDK's own TLS key derivation for the key block.
 */
class PrfTest {

    private static final JcaProviders JCA = JcaProviders.defaults();
    private static final BcTlsCrypto BC = new BcTlsCrypto(new SecureRandom());

    @Test
    void pSha256KnownAnswer() {
        byte[] out = Prf.prf(PrfHash.SHA256, Hex.bytes("9bbe436ba940f017b17652849a71db35"), "test label",
                Hex.bytes("a0ba9f936cda311827a6f796ffd5198c"), 100, JCA);
        assertArrayEquals(Hex.bytes(
                "e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a"
                + "6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17abfd3797c0564bab"
                + "4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff701"
                + "87347b66"), out);
    }

    @Test
    void pSha384KnownAnswer() {
        byte[] out = Prf.prf(PrfHash.SHA384, Hex.bytes("b80b733d6ceefcdc71566ea48e5567df"), "test label",
                Hex.bytes("cd665cf6a8447dd6ff8b27555edb7465"), 148, JCA);
        assertArrayEquals(Hex.bytes(
                "7b0c18e9ced410ed1804f2cfa34a336a1c14dffb4900bb5fd7942107e81c83cd"
                + "e9ca0faa60be9fe34f82b1233c9146a0e534cb400fed2700884f9dc236f80edd"
                + "8bfa961144c9e8d792eca722a7b32fc3d416d473ebc2c5fd4abfdad05d918425"
                + "9b5bf8cd4d90fa0d31e2dec479e4f1a26066f2eea9a69236a3e52655c9e9aee6"
                + "91c8f3a26854308d5eaa3be85e0990703d73e56f"), out);
    }

    /** P_hash is a stream: a shorter output is a prefix of a longer one, across block boundaries. */
    @Property(tries = 100)
    void shorterOutputIsAPrefix(@ForAll @IntRange(max = 200) int shorter, @ForAll @IntRange(max = 200) int extra,
                                @ForAll PrfHash hash) {
        byte[] secret = Hex.bytes("0102030405");
        byte[] seed = Hex.bytes("aabbcc");
        byte[] a = Prf.prf(hash, secret, "label", seed, shorter, JCA);
        byte[] b = Prf.prf(hash, secret, "label", seed, shorter + extra, JCA);
        assertEquals(shorter, a.length);
        assertArrayEquals(a, Arrays.copyOf(b, shorter));
    }

    @Property(tries = 100)
    void prfMatchesBouncyCastle(@ForAll PrfHash hash, @ForAll @Size(max = 80) byte[] secret,
                                @ForAll @Size(max = 80) byte[] seed, @ForAll @IntRange(min = 1, max = 300) int length) {
        // Includes the empty secret, which JCA refuses as an HMAC key and Prf handles itself.
        byte[] ours = Prf.prf(hash, secret, "some label", seed, length, JCA);
        assertArrayEquals(bouncyCastle(hash, secret, "some label", seed, length), ours);
    }

    @Property(tries = 50)
    void masterSecretMatchesBouncyCastle(@ForAll PrfHash hash, @ForAll @Size(min = 1, max = 66) byte[] premaster,
                                         @ForAll @Size(32) byte[] clientRandom, @ForAll @Size(32) byte[] serverRandom) {
        byte[] ours = Prf.masterSecret(hash, premaster, clientRandom, serverRandom, JCA);
        assertEquals(48, ours.length);
        assertArrayEquals(bouncyCastle(hash, premaster, "master secret", concat(clientRandom, serverRandom), 48), ours);
    }

    @Property(tries = 50)
    void extendedMasterSecretMatchesBouncyCastle(@ForAll PrfHash hash, @ForAll @Size(min = 1, max = 66) byte[] premaster,
                                                 @ForAll @Size(min = 32, max = 48) byte[] sessionHash) {
        byte[] ours = Prf.extendedMasterSecret(hash, premaster, sessionHash, JCA);
        assertArrayEquals(bouncyCastle(hash, premaster, "extended master secret", sessionHash, 48), ours);
    }

    @Property(tries = 50)
    void verifyDataMatchesBouncyCastle(@ForAll PrfHash hash, @ForAll @Size(48) byte[] masterSecret,
                                       @ForAll @Size(48) byte[] transcriptHash, @ForAll boolean client) {
        byte[] handshakeHash = Arrays.copyOf(transcriptHash, hash.length());
        String label = client ? Prf.CLIENT_FINISHED : Prf.SERVER_FINISHED;
        byte[] ours = Prf.verifyData(hash, masterSecret, label, handshakeHash, JCA);
        assertEquals(12, ours.length);
        assertArrayEquals(bouncyCastle(hash, masterSecret, label, handshakeHash, 12), ours);
    }

    @Test
    void clientAndServerFinishedDiffer() {
        byte[] ms = new byte[48];
        byte[] h = new byte[32];
        assertNotEquals(Hex.string(Prf.verifyData(PrfHash.SHA256, ms, Prf.CLIENT_FINISHED, h, JCA)),
                Hex.string(Prf.verifyData(PrfHash.SHA256, ms, Prf.SERVER_FINISHED, h, JCA)));
    }

    /**
     * The key block cut for every suite against the JDK's TLS 1.2 key derivation (the code behind
     * its own TLS stack): catches a swapped random order, a wrong slice order or wrong lengths,
     * MAC keys of the CBC suites included.
     */
    @ParameterizedTest
    @EnumSource(CipherSuite.class)
    void keyBlockMatchesTheJdkTlsKeyDerivation(CipherSuite suite) throws Exception {
        Random rnd = new Random(suite.id());
        byte[] ms = new byte[48];
        byte[] cr = new byte[32];
        byte[] sr = new byte[32];
        rnd.nextBytes(ms);
        rnd.nextBytes(cr);
        rnd.nextBytes(sr);
        KeyBlock ours = Prf.keyBlock(suite, ms, cr, sr, JCA);

        BulkCipher c = suite.cipher();
        PrfHash h = suite.prfHash();
        // sun.security.internal.spec.TlsKeyMaterialParameterSpec(masterSecret, major, minor,
        //     clientRandom, serverRandom, cipherAlgorithm, cipherKeyLength, expandedCipherKeyLength,
        //     ivLength, macKeyLength, prfHashAlg, prfHashLength, prfBlockSize), by reflection because
        // the package is internal to java.base.
        Class<?> specClass = Class.forName("sun.security.internal.spec.TlsKeyMaterialParameterSpec");
        Object spec = specClass.getConstructor(SecretKey.class, int.class, int.class, byte[].class, byte[].class,
                String.class, int.class, int.class, int.class, int.class, String.class, int.class, int.class)
                .newInstance(new SecretKeySpec(ms, "TlsMasterSecret"), 3, 3, cr, sr,
                        c == BulkCipher.CHACHA20_POLY1305 ? "ChaCha20-Poly1305" : "AES",
                        c.keyLength(), c.keyLength(), c.fixedIvLength(), suite.macKeyLength(), h.digestAlgorithm(), h.length(),
                        h == PrfHash.SHA384 ? 128 : 64);
        KeyGenerator g = KeyGenerator.getInstance("SunTls12KeyMaterial");
        g.init((AlgorithmParameterSpec) spec);
        SecretKey jdk = g.generateKey();

        assertArrayEquals(keyBytes(jdk, "getClientMacKey"), ours.clientWriteMacKey(), "client_write_MAC_key");
        assertArrayEquals(keyBytes(jdk, "getServerMacKey"), ours.serverWriteMacKey(), "server_write_MAC_key");
        assertArrayEquals(keyBytes(jdk, "getClientCipherKey"), ours.clientWriteKey(), "client_write_key");
        assertArrayEquals(keyBytes(jdk, "getServerCipherKey"), ours.serverWriteKey(), "server_write_key");
        assertArrayEquals(ivBytes(jdk, "getClientIv"), ours.clientWriteIv(), "client_write_IV");
        assertArrayEquals(ivBytes(jdk, "getServerIv"), ours.serverWriteIv(), "server_write_IV");
        assertEquals(c.keyLength(), ours.clientWriteKey().length);
        assertEquals(c.fixedIvLength(), ours.serverWriteIv().length);
        assertEquals(suite.macKeyLength(), ours.serverWriteMacKey().length);
    }

    @Test
    void randomsMustBe32Bytes() {
        byte[] ms = new byte[48];
        assertThrows(IllegalArgumentException.class, () -> Prf.masterSecret(PrfHash.SHA256, ms, new byte[31], new byte[32], JCA));
        assertThrows(IllegalArgumentException.class,
                () -> Prf.keyBlock(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8, ms, new byte[32], new byte[33], JCA));
    }

    @Test
    void labelsMustBeAscii() {
        assertThrows(IllegalArgumentException.class, () -> Prf.prf(PrfHash.SHA256, new byte[1], "cl\u00e9", new byte[0], 12, JCA));
    }

    /** The JDK leaves out the keys and IVs a suite does not have; those are empty here. */
    private static byte[] keyBytes(Object keyMaterial, String getter) throws ReflectiveOperationException {
        SecretKey k = (SecretKey) keyMaterial.getClass().getMethod(getter).invoke(keyMaterial);
        return k == null ? new byte[0] : k.getEncoded();
    }

    private static byte[] ivBytes(Object keyMaterial, String getter) throws ReflectiveOperationException {
        IvParameterSpec iv = (IvParameterSpec) keyMaterial.getClass().getMethod(getter).invoke(keyMaterial);
        return iv == null ? new byte[0] : iv.getIV();
    }

    static byte[] bouncyCastle(PrfHash hash, byte[] secret, String label, byte[] seed, int length) {
        int alg = hash == PrfHash.SHA256 ? PRFAlgorithm.tls_prf_sha256 : PRFAlgorithm.tls_prf_sha384;
        return BC.createSecret(secret).deriveUsingPRF(alg, label, seed, length).extract();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

}
