package org.dtls4j.crypto.aead;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import javax.crypto.AEADBadTagException;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.dtls4j.crypto.AeadCipher;
import org.dtls4j.crypto.AeadCiphers;
import org.dtls4j.crypto.BulkCipher;
import org.dtls4j.crypto.JcaProviders;
import org.dtls4j.crypto.testutil.Hex;
import org.dtls4j.crypto.testutil.Tally;
import org.dtls4j.crypto.testutil.Wycheproof;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The {@link AeadCipher} contract for every bulk cipher, and Wycheproof for GCM and ChaCha20-Poly1305. */
class AeadCiphersTest {

    private static final JcaProviders JCA = JcaProviders.defaults();

    /**
     * Wycheproof aes_gcm_test.json through the record cipher. Applicable: 128- and 256-bit keys
     * (the TLS suites), 12-byte IV (RFC 5288 §3), 16-byte tag. AES-192 and other IV lengths are
     * skipped.
     */
    @TestFactory
    Stream<DynamicTest> wycheproofAesGcm() {
        String file = "aes_gcm_test.json";
        Tally tally = new Tally(file);
        for (Wycheproof.Case c : Wycheproof.load(file)) {
            int keyBits = c.groupInt("keySize");
            if (keyBits == 192) {
                tally.skip("AES-192 (no TLS suite)");
            } else if (c.groupInt("ivSize") != 96) {
                tally.skip("IV not 12 bytes");
            } else {
                BulkCipher alg = keyBits == 128 ? BulkCipher.AES_128_GCM : BulkCipher.AES_256_GCM;
                runAeadCase(c, alg, tally);
            }
        }
        return tally.tests(133, 183);
    }

    /** Wycheproof chacha20_poly1305_test.json through the record cipher; only 12-byte nonces apply. */
    @TestFactory
    Stream<DynamicTest> wycheproofChaCha20Poly1305() {
        String file = "chacha20_poly1305_test.json";
        Tally tally = new Tally(file);
        for (Wycheproof.Case c : Wycheproof.load(file)) {
            if (c.groupInt("ivSize") != 96) {
                tally.skip("nonce not 12 bytes");
            } else {
                runAeadCase(c, BulkCipher.CHACHA20_POLY1305, tally);
            }
        }
        return tally.tests(316, 9);
    }

    private static void runAeadCase(Wycheproof.Case c, BulkCipher alg, Tally tally) {
        boolean valid = "valid".equals(c.result());
        byte[] nonce = c.hex("iv");
        byte[] aad = c.hex("aad");
        byte[] msg = c.hex("msg");
        byte[] sealed = AesCcmTest.concat(c.hex("ct"), c.hex("tag"));
        try {
            AeadCipher sealer = AeadCiphers.create(alg, c.hex("key"), JCA);
            byte[] out = new byte[msg.length + alg.tagLength()];
            sealer.seal(nonce, aad, msg, 0, msg.length, out, 0);
            if (valid != Arrays.equals(out, sealed)) {
                tally.fail(c, "seal gave " + Hex.string(out));
                return;
            }
            AeadCipher opener = AeadCiphers.create(alg, c.hex("key"), JCA);
            byte[] back = new byte[Math.max(0, sealed.length - alg.tagLength())];
            Arrays.fill(back, (byte) 0x5A);
            try {
                opener.open(nonce, aad, sealed, 0, sealed.length, back, 0);
                if (valid && Arrays.equals(back, msg)) {
                    tally.pass();
                } else {
                    tally.fail(c, valid ? "open gave " + Hex.string(back) : "forgery opened");
                }
            } catch (AEADBadTagException e) {
                if (!valid && AesCcmTest.allBytes(back, (byte) 0x5A)) {
                    tally.pass();
                } else {
                    tally.fail(c, valid ? "valid case refused" : "output written before the tag was checked");
                }
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            tally.fail(c, e.toString());
        }
    }

    /** Many records in a row through one sealer and one opener, varying sizes and nonces. */
    @ParameterizedTest
    @EnumSource(value = BulkCipher.class, mode = EnumSource.Mode.EXCLUDE, names = "AES_128_CBC")
    void roundTripsManyRecordsThroughOneInstance(BulkCipher alg) throws Exception {
        Random rnd = new Random(alg.ordinal());
        byte[] key = new byte[alg.keyLength()];
        rnd.nextBytes(key);
        AeadCipher sealer = AeadCiphers.create(alg, key, JCA);
        AeadCipher opener = AeadCiphers.create(alg, key, JCA);
        assertSame(alg, sealer.algorithm());
        for (int seq = 0; seq < 200; seq++) {
            byte[] nonce = nonce(seq);
            byte[] aad = new byte[13];
            rnd.nextBytes(aad);
            byte[] msg = new byte[rnd.nextInt(1500)];
            rnd.nextBytes(msg);
            byte[] sealed = new byte[msg.length + alg.tagLength()];
            assertEquals(sealed.length, sealer.seal(nonce, aad, msg, 0, msg.length, sealed, 0));
            byte[] back = new byte[msg.length];
            assertEquals(msg.length, opener.open(nonce, aad, sealed, 0, sealed.length, back, 0));
            assertArrayEquals(msg, back, "record " + seq);
        }
    }

    /** Changing one bit of the record, the additional data or the nonce is refused; nothing is written. */
    @Property(tries = 150)
    void tamperingIsRefused(@ForAll BulkCipher alg, @ForAll @Size(max = 200) byte[] msg,
                            @ForAll @IntRange(min = 0, max = 100_000) int where, @ForAll @IntRange(min = 0, max = 2) int target)
            throws Exception {
        Assume.that(alg.isAead());
        AeadCipher sealer = AeadCiphers.create(alg, new byte[alg.keyLength()], JCA);
        AeadCipher opener = AeadCiphers.create(alg, new byte[alg.keyLength()], JCA);
        byte[] nonce = nonce(where);
        byte[] aad = Hex.bytes("000100000000000717fefd0010");
        byte[] sealed = new byte[msg.length + alg.tagLength()];
        sealer.seal(nonce, aad, msg, 0, msg.length, sealed, 0);
        byte[] flipped = target == 0 ? sealed : target == 1 ? aad : nonce;
        int bit = where % (flipped.length * 8);
        flipped[bit / 8] ^= (byte) (1 << (bit % 8));
        byte[] out = new byte[msg.length];
        Arrays.fill(out, (byte) 0x77);
        assertThrows(AEADBadTagException.class, () -> opener.open(nonce, aad, sealed, 0, sealed.length, out, 0));
        assertTrue(AesCcmTest.allBytes(out, (byte) 0x77), "nothing written on a bad tag");
    }

    /**
     * A forged record carrying the nonce of a genuine record that has not arrived yet must not
     * stop the genuine one from opening; a duplicate must not throw anything but
     * GeneralSecurityException. For ChaCha20-Poly1305 this exercises the JDK's refusal to
     * re-initialise with the previous key and nonce.
     */
    @ParameterizedTest
    @EnumSource(value = BulkCipher.class, mode = EnumSource.Mode.EXCLUDE, names = "AES_128_CBC")
    void genuineRecordOpensAfterAForgeryWithTheSameNonce(BulkCipher alg) throws Exception {
        byte[] key = new byte[alg.keyLength()];
        Arrays.fill(key, (byte) 9);
        AeadCipher sealer = AeadCiphers.create(alg, key, JCA);
        AeadCipher opener = AeadCiphers.create(alg, key, JCA);
        byte[] nonce = nonce(42);
        byte[] aad = new byte[13];
        byte[] msg = "application data".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] genuine = new byte[msg.length + alg.tagLength()];
        sealer.seal(nonce, aad, msg, 0, msg.length, genuine, 0);

        byte[] forged = new byte[genuine.length];
        new Random(1).nextBytes(forged);
        byte[] out = new byte[msg.length];
        assertThrows(AEADBadTagException.class, () -> opener.open(nonce, aad, forged, 0, forged.length, out, 0));
        assertThrows(AEADBadTagException.class, () -> opener.open(nonce, aad, forged, 0, forged.length, out, 0));

        assertEquals(msg.length, opener.open(nonce, aad, genuine, 0, genuine.length, out, 0));
        assertArrayEquals(msg, out);
        // A duplicate of the genuine record (the replay window would normally drop it) still opens.
        Arrays.fill(out, (byte) 0);
        assertEquals(msg.length, opener.open(nonce, aad, genuine, 0, genuine.length, out, 0));
        assertArrayEquals(msg, out);
        // And the next record, with a fresh nonce, is unaffected.
        byte[] next = new byte[msg.length + alg.tagLength()];
        sealer.seal(nonce(43), aad, msg, 0, msg.length, next, 0);
        assertEquals(msg.length, opener.open(nonce(43), aad, next, 0, next.length, out, 0));
    }

    /** Sealing twice in a row under one nonce is refused: it would repeat the keystream. */
    @ParameterizedTest
    @EnumSource(value = BulkCipher.class, mode = EnumSource.Mode.EXCLUDE, names = "AES_128_CBC")
    void sealingTwiceWithOneNonceIsRefused(BulkCipher alg) throws Exception {
        AeadCipher sealer = AeadCiphers.create(alg, new byte[alg.keyLength()], JCA);
        byte[] out = new byte[64];
        sealer.seal(nonce(1), new byte[0], new byte[8], 0, 8, out, 0);
        assertThrows(GeneralSecurityException.class, () -> sealer.seal(nonce(1), new byte[0], new byte[8], 0, 8, out, 0));
        sealer.seal(nonce(2), new byte[0], new byte[8], 0, 8, out, 0);
    }

    @ParameterizedTest
    @EnumSource(value = BulkCipher.class, mode = EnumSource.Mode.EXCLUDE, names = "AES_128_CBC")
    void shortInputAndWrongNonceAreGeneralSecurityExceptions(BulkCipher alg) {
        AeadCipher c = AeadCiphers.create(alg, new byte[alg.keyLength()], JCA);
        byte[] in = new byte[alg.tagLength() - 1];
        byte[] out = new byte[32];
        assertThrows(AEADBadTagException.class, () -> c.open(nonce(0), new byte[0], in, 0, in.length, out, 0));
        assertThrows(GeneralSecurityException.class, () -> c.open(new byte[8], new byte[0], new byte[32], 0, 32, out, 0));
        assertThrows(GeneralSecurityException.class, () -> c.seal(new byte[13], new byte[0], new byte[1], 0, 1, out, 0));
    }

    /** A too-small output array is a ShortBufferException, as JCA reports it, and nothing is written. */
    @ParameterizedTest
    @EnumSource(value = BulkCipher.class, mode = EnumSource.Mode.EXCLUDE, names = "AES_128_CBC")
    void shortOutputIsAShortBufferException(BulkCipher alg) throws Exception {
        AeadCipher sealer = AeadCiphers.create(alg, new byte[alg.keyLength()], JCA);
        AeadCipher opener = AeadCiphers.create(alg, new byte[alg.keyLength()], JCA);
        byte[] msg = new byte[40];
        byte[] small = new byte[40 + alg.tagLength() - 1];
        assertThrows(javax.crypto.ShortBufferException.class, () -> sealer.seal(nonce(1), new byte[0], msg, 0, 40, small, 0));
        byte[] sealed = new byte[40 + alg.tagLength()];
        sealer.seal(nonce(2), new byte[0], msg, 0, 40, sealed, 0);
        byte[] out = new byte[39];
        Arrays.fill(out, (byte) 0x11);
        assertThrows(javax.crypto.ShortBufferException.class, () -> opener.open(nonce(2), new byte[0], sealed, 0, sealed.length, out, 0));
        assertTrue(AesCcmTest.allBytes(out, (byte) 0x11));
    }

    @ParameterizedTest
    @EnumSource(value = BulkCipher.class, mode = EnumSource.Mode.EXCLUDE, names = "AES_128_CBC")
    void wrongKeyLengthIsRefusedAtCreation(BulkCipher alg) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AeadCiphers.create(alg, new byte[alg.keyLength() + 1], JCA));
        assertTrue(e.getMessage().contains(String.valueOf(alg.keyLength())), e.getMessage());
    }

    /** Offsets inside larger arrays are honoured, as the record layer seals in place in a datagram buffer. */
    @ParameterizedTest
    @EnumSource(value = BulkCipher.class, mode = EnumSource.Mode.EXCLUDE, names = "AES_128_CBC")
    void honoursOffsets(BulkCipher alg) throws Exception {
        AeadCipher sealer = AeadCiphers.create(alg, new byte[alg.keyLength()], JCA);
        AeadCipher opener = AeadCiphers.create(alg, new byte[alg.keyLength()], JCA);
        byte[] msg = new byte[100];
        Arrays.fill(msg, (byte) 0x42);
        byte[] in = new byte[13 + 100];
        System.arraycopy(msg, 0, in, 13, 100);
        byte[] datagram = new byte[29 + 100 + alg.tagLength() + 7];
        int n = sealer.seal(nonce(5), new byte[13], in, 13, 100, datagram, 29);
        byte[] out = new byte[3 + 100];
        assertEquals(100, opener.open(nonce(5), new byte[13], datagram, 29, n, out, 3));
        assertArrayEquals(msg, Arrays.copyOfRange(out, 3, 103));
    }

    /**
     * CCM allocates nothing per record (all scratch is held by the instance); GCM and
     * ChaCha20-Poly1305 allocate only JCA's fixed per-init objects, never in proportion to the
     * record, so no record is copied. Measured with the JVM's per-thread allocation counter.
     */
    @ParameterizedTest
    @EnumSource(value = BulkCipher.class, mode = EnumSource.Mode.EXCLUDE, names = "AES_128_CBC")
    void noPerRecordAllocationBeyondJca(BulkCipher alg) throws Exception {
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(mx.isThreadAllocatedMemorySupported());
        mx.setThreadAllocatedMemoryEnabled(true);
        AeadCipher sealer = AeadCiphers.create(alg, new byte[alg.keyLength()], JCA);
        AeadCipher opener = AeadCiphers.create(alg, new byte[alg.keyLength()], JCA);
        double small = bytesPerRecord(mx, sealer, opener, 64, 0);
        double large = bytesPerRecord(mx, sealer, opener, 2048, 1);
        String what = alg + ": " + small + " bytes per 64-byte record, " + large + " per 2048-byte record";
        if (alg.name().contains("CCM")) {
            assertTrue(large < 1.0 && small < 1.0, what);
        } else {
            assertTrue(large - small < 256, what);
        }
    }

    private static double bytesPerRecord(com.sun.management.ThreadMXBean mx, AeadCipher sealer, AeadCipher opener,
                                         int size, int epoch) throws GeneralSecurityException {
        byte[] aad = new byte[13];
        byte[] msg = new byte[size];
        byte[] sealed = new byte[size + 16];
        byte[] back = new byte[size];
        byte[] nonce = new byte[12];
        int rounds = 5_000;
        long tid = Thread.currentThread().getId();
        long start = 0;
        for (int i = 0; i < 2 * rounds; i++) {
            if (i == rounds) {
                start = mx.getThreadAllocatedBytes(tid); // the first half warms up the JIT
            }
            nonce[4] = (byte) epoch;
            nonce[9] = (byte) (i >>> 16);
            nonce[10] = (byte) (i >>> 8);
            nonce[11] = (byte) i;
            int n = sealer.seal(nonce, aad, msg, 0, size, sealed, 0);
            opener.open(nonce, aad, sealed, 0, n, back, 0);
        }
        return (mx.getThreadAllocatedBytes(tid) - start) / (double) rounds;
    }

    @Test
    void toStringNamesTheAlgorithmOnly() {
        for (BulkCipher alg : BulkCipher.values()) {
            if (!alg.isAead()) {
                continue;
            }
            byte[] key = new byte[alg.keyLength()];
            Arrays.fill(key, (byte) 0xAB);
            String s = AeadCiphers.create(alg, key, JCA).toString();
            assertFalse(s.toLowerCase(java.util.Locale.ROOT).contains("abab"), s);
        }
    }

    /** nonce = 4 zero salt bytes, then the 8-byte sequence number, as the record layer builds it. */
    static byte[] nonce(long seq) {
        byte[] n = new byte[12];
        for (int i = 0; i < 8; i++) {
            n[11 - i] = (byte) (seq >>> (8 * i));
        }
        return n;
    }
}
