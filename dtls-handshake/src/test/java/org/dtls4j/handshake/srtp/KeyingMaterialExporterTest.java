package org.dtls4j.handshake.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.dtls4j.crypto.JcaProviders;
import org.dtls4j.crypto.PrfHash;
import org.dtls4j.handshake.KeyingMaterialExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 5705 §4 known answers: the expected bytes come from P_hash written out here with
 * {@code javax.crypto.Mac} straight from RFC 5246 §5, and the seed assembled by hand, so the test
 * shares no code with {@code Prf} nor with the exporter's seed.
 */
class KeyingMaterialExporterTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] MASTER = HEX.parseHex(
            "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
    private static final byte[] CLIENT_RANDOM = filled(32, 0x11);
    private static final byte[] SERVER_RANDOM = filled(32, 0x22);

    private static KeyingMaterialExporter exporter(PrfHash hash, byte[] master, boolean ems) {
        return new KeyingMaterialExporter(hash, master, CLIENT_RANDOM, SERVER_RANDOM, ems, JcaProviders.defaults());
    }

    @Test
    void withoutContextIsPrfOverTheRandoms() throws Exception {
        byte[] expected = pHash("HmacSHA256", MASTER, cat(ascii("EXTRACTOR-dtls_srtp"), CLIENT_RANDOM, SERVER_RANDOM), 60);
        assertArrayEquals(expected, exporter(PrfHash.SHA256, MASTER, false).export("EXTRACTOR-dtls_srtp", null, 60));
    }

    @Test
    void withContextAppendsItsUint16LengthAndTheContext() throws Exception {
        byte[] context = "my context".getBytes(StandardCharsets.US_ASCII);
        byte[] expected = pHash("HmacSHA256", MASTER,
                cat(ascii("EXPORTER-test"), CLIENT_RANDOM, SERVER_RANDOM, new byte[] {0, 10}, context), 100);
        assertArrayEquals(expected, exporter(PrfHash.SHA256, MASTER, false).export("EXPORTER-test", context, 100));
    }

    /** RFC 5705 §4: no context and a zero-length context are different inputs. */
    @Test
    void anEmptyContextIsNotNoContext() throws Exception {
        KeyingMaterialExporter e = exporter(PrfHash.SHA256, MASTER, false);
        byte[] empty = e.export("EXPORTER-test", new byte[0], 32);
        byte[] none = e.export("EXPORTER-test", null, 32);
        assertFalse(Arrays.equals(empty, none));
        assertArrayEquals(pHash("HmacSHA256", MASTER, cat(ascii("EXPORTER-test"), CLIENT_RANDOM, SERVER_RANDOM,
                new byte[] {0, 0}), 32), empty);
    }

    @Test
    void sha384SuitesUseP_SHA384() throws Exception {
        byte[] expected = pHash("HmacSHA384", MASTER, cat(ascii("EXPORTER-x"), CLIENT_RANDOM, SERVER_RANDOM), 130);
        assertArrayEquals(expected, exporter(PrfHash.SHA384, MASTER, true).export("EXPORTER-x", null, 130));
    }

    /**
     * RFC 7627: with extended master secret the exporter formula is unchanged; its master secret is
     * PRF(pre_master_secret, "extended master secret", session_hash), and the seed still holds the
     * randoms (RFC 5705 §4), not the session hash.
     */
    @Test
    void withExtendedMasterSecretTheSeedStillHoldsTheRandoms() throws Exception {
        byte[] premaster = filled(32, 0x33);
        byte[] sessionHash = filled(32, 0x44);
        byte[] ems = pHash("HmacSHA256", premaster, cat(ascii("extended master secret"), sessionHash), 48);
        byte[] context = {1, 2, 3};
        byte[] expected = pHash("HmacSHA256", ems,
                cat(ascii("EXTRACTOR-dtls_srtp"), CLIENT_RANDOM, SERVER_RANDOM, new byte[] {0, 3}, context), 60);
        KeyingMaterialExporter e = exporter(PrfHash.SHA256, ems, true);
        assertTrue(e.extendedMasterSecret());
        assertArrayEquals(expected, e.export("EXTRACTOR-dtls_srtp", context, 60));
    }

    @ParameterizedTest
    @ValueSource(strings = {"client finished", "server finished", "master secret", "extended master secret", "key expansion"})
    void thePrfsOwnLabelsAreRefused(String label) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> exporter(PrfHash.SHA256, MASTER, true).export(label, null, 12));
        assertTrue(e.getMessage().contains("reserved"), e.getMessage());
    }

    @Test
    void badArgumentsAreRefused() {
        KeyingMaterialExporter e = exporter(PrfHash.SHA256, MASTER, true);
        assertThrows(IllegalArgumentException.class, () -> e.export("", null, 12));
        assertThrows(IllegalArgumentException.class, () -> e.export("EXPORTER-caf\u00e9", null, 12));
        assertThrows(IllegalArgumentException.class, () -> e.export("EXPORTER-x", null, -1));
        assertThrows(IllegalArgumentException.class, () -> e.export("EXPORTER-x", new byte[65536], 12));
        assertEquals(0, e.export("EXPORTER-x", new byte[65535], 0).length);
    }

    @Test
    void nothingIsExportedAfterDestroy() {
        KeyingMaterialExporter e = exporter(PrfHash.SHA256, MASTER, true);
        e.destroy();
        assertTrue(e.isDestroyed());
        assertThrows(IllegalStateException.class, () -> e.export("EXPORTER-x", null, 12));
    }

    // ------------------------------------------------------------------ RFC 5246 §5, independently

    /** P_hash(secret, seed) with seed = label + seed already joined; A(0) = seed. */
    static byte[] pHash(String hmac, byte[] secret, byte[] seed, int length) throws Exception {
        Mac mac = Mac.getInstance(hmac);
        mac.init(new SecretKeySpec(secret, hmac));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] a = seed;
        while (out.size() < length) {
            a = mac.doFinal(a);
            mac.update(a);
            mac.update(seed);
            out.write(mac.doFinal());
        }
        return Arrays.copyOf(out.toByteArray(), length);
    }

    static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
