package org.dtls4j.crypto.cbc;

import java.util.Arrays;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.dtls4j.crypto.BulkCipher;
import org.dtls4j.crypto.JcaProviders;
import org.dtls4j.crypto.MacAlgorithm;
import org.dtls4j.crypto.testutil.Tally;
import org.dtls4j.crypto.testutil.Wycheproof;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Wycheproof vectors through the pieces the CBC records are built from: HMAC-SHA1 and HMAC-SHA256
 * through {@link BalancedMac} (whatever filler it adds, the tag is the HMAC), and AES-128-CBC
 * through {@link CbcBlocks} in both directions.
 */
class CbcVectorsTest {
    private static final JcaProviders JCA = JcaProviders.defaults();

    @TestFactory
    Stream<DynamicTest> wycheproofHmacSha1() {
        return hmac("hmac_sha1_test.json", MacAlgorithm.HMAC_SHA1, 158, 12);
    }

    @TestFactory
    Stream<DynamicTest> wycheproofHmacSha256() {
        return hmac("hmac_sha256_test.json", MacAlgorithm.HMAC_SHA256, 162, 12);
    }

    /**
     * Applicable: keys of mac_key_length (RFC 5246 Appendix C: 20 and 32 bytes), the only length a
     * record MAC key has. Truncated tags are compared with the start of ours. Each case's message
     * is the content, with a maximum content length 0 to 256 bytes longer, so the filler varies.
     */
    private static Stream<DynamicTest> hmac(String file, MacAlgorithm alg, int passed, int skipped) {
        Tally tally = new Tally(file);
        for (Wycheproof.Case c : Wycheproof.load(file)) {
            byte[] key = c.hex("key");
            if (key.length != alg.keyLength()) {
                tally.skip("key length other than mac_key_length");
                continue;
            }
            byte[] msg = c.hex("msg");
            byte[] tag = c.hex("tag");
            BalancedMac mac = new BalancedMac(CbcRecordCipher.keyedMac(alg, key, JCA), alg, key, JCA);
            byte[] ours = new byte[alg.length()];
            try {
                mac.compute(new byte[0], msg, 0, msg.length, msg.length + (int) (c.tcId() % 257), ours);
            } catch (Exception e) {
                tally.fail(c, e.toString());
                continue;
            }
            boolean matches = Arrays.equals(Arrays.copyOf(ours, tag.length), tag);
            if (matches == "valid".equals(c.result())) {
                tally.pass();
            } else {
                tally.fail(c, matches ? "a modified tag matched" : "the tag does not match");
            }
        }
        return tally.tests(passed, skipped);
    }

    /**
     * aes_cbc_pkcs5_test.json, 128-bit keys (AES-128-CBC is the suites' cipher). A valid case's
     * {@code iv || ct} decrypts to the message with its PKCS #5 padding; sealing the same plaintext
     * with the random block R = AES^-1(iv) in front gives exactly {@code iv || ct}. The invalid
     * cases are about PKCS #5 padding, which TLS does not use.
     */
    @TestFactory
    Stream<DynamicTest> wycheproofAesCbc() throws Exception {
        String file = "aes_cbc_pkcs5_test.json";
        Tally tally = new Tally(file);
        for (Wycheproof.Case c : Wycheproof.load(file)) {
            if (c.groupInt("keySize") != 128) {
                tally.skip("AES-192 and AES-256 (no CBC suite here)");
            } else if (!"valid".equals(c.result())) {
                tally.skip("PKCS #5 padding cases");
            } else {
                aesCbcCase(c, tally);
            }
        }
        return tally.tests(24, 192);
    }

    private static void aesCbcCase(Wycheproof.Case c, Tally tally) throws Exception {
        byte[] key = c.hex("key");
        byte[] iv = c.hex("iv");
        byte[] msg = c.hex("msg");
        byte[] ct = c.hex("ct");
        int padding = 16 - msg.length % 16;
        byte[] tail = new byte[padding];
        Arrays.fill(tail, (byte) padding);
        byte[] plaintext = concat(msg, tail);
        byte[] record = concat(iv, ct);

        Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
        ecb.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"));
        FixedRandom random = new FixedRandom().then(ecb.doFinal(iv));
        CbcBlocks blocks = new CbcBlocks(BulkCipher.AES_128_CBC, key, random, JCA);
        byte[] sealed = new byte[record.length];
        int n = blocks.encrypt(msg, 0, msg.length, tail, tail.length, sealed, 0);
        byte[] opened = new byte[ct.length];
        int m = blocks.decrypt(record, 0, record.length, opened, 0);
        if (n == record.length && Arrays.equals(record, sealed) && m == plaintext.length && Arrays.equals(plaintext, opened)) {
            tally.pass();
        } else {
            tally.fail(c, "sealed or opened bytes differ");
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** A plain JCA HMAC, for tests that need an independent one. */
    static byte[] hmac(MacAlgorithm alg, byte[] key, byte[]... parts) throws Exception {
        Mac m = Mac.getInstance(alg.jcaName());
        m.init(new SecretKeySpec(key, alg.jcaName()));
        for (byte[] p : parts) {
            m.update(p);
        }
        return m.doFinal();
    }
}
