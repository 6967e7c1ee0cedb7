package org.dtls4j.crypto.cbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Random;
import java.util.TreeSet;
import javax.crypto.BadPaddingException;
import org.dtls4j.crypto.CbcCipher;
import org.dtls4j.crypto.JcaProviders;
import org.dtls4j.crypto.MacAlgorithm;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Lucky Thirteen's signal, counted rather than timed: opening a MAC-then-encrypt record of a given
 * length costs the same number of SHA compressions whatever its padding length (0 to 255), whether
 * the padding is good or bad and whether the MAC is right. A plain HMAC over the same contents
 * does not, which shows the count can tell.
 */
class MacCompressionCountTest {
    private static final JcaProviders COUNTING = JcaProviders.builder().mac(new CountingMacProvider()).build();

    @ParameterizedTest
    @EnumSource(MacAlgorithm.class)
    void everyPaddingCostsTheSameCompressions(MacAlgorithm mac) throws Exception {
        CbcRecords keys = CbcRecords.of(mac, false, 21);
        CbcCipher opener = keys.cipher(new SecureRandom(), COUNTING);
        Random r = new Random(22);
        int length = 16 * 80;
        TreeSet<Long> costs = new TreeSet<>();
        TreeSet<Long> plainHmacCosts = new TreeSet<>();
        byte[] out = new byte[length + 16];
        for (int padding = 0; padding < 256; padding++) {
            byte[] header = CbcRecords.header(padding);
            int contentLength = length - padding - 1 - mac.length();
            byte[] content = new byte[contentLength];
            r.nextBytes(content);
            byte[] good = keys.macThenEncrypt(header, content, padding, r);
            costs.add(cost(() -> opener.open(header, good, 0, good.length, out, 0)));

            byte[] wrongMac = keys.macThenEncrypt(header, content, padding, r);
            byte[] plaintext = keys.decrypt(wrongMac, wrongMac.length);
            plaintext[contentLength] ^= 1;
            byte[] forged = keys.encrypt(plaintext, r);
            costs.add(cost(() -> assertThrows(BadPaddingException.class, () -> opener.open(header, forged, 0, forged.length, out, 0))));

            plaintext[contentLength] ^= 1;
            plaintext[length - 1 - padding / 2] ^= (byte) (padding == 0 ? 1 : 0x80);
            byte[] badPadding = keys.encrypt(plaintext, r);
            costs.add(cost(() -> assertThrows(BadPaddingException.class,
                    () -> opener.open(header, badPadding, 0, badPadding.length, out, 0))));

            javax.crypto.Mac plain = CbcRecordCipher.keyedMac(mac, keys.macKey(), COUNTING);
            plainHmacCosts.add(cost(() -> {
                plain.update(header);
                plain.update(content);
                plain.doFinal();
            }));
        }
        assertEquals(1, costs.size(), "compressions per open, over all paddings: " + costs);
        assertTrue(plainHmacCosts.size() > 1, "a plain HMAC's cost varies with the padding: " + plainHmacCosts);
        assertEquals(plainHmacCosts.last() + 1, costs.first(), "the longest content's HMAC, plus the filler's ipad block");
    }

    interface Work {
        void run() throws Exception;
    }

    private static long cost(Work w) throws Exception {
        long before = CountingMacProvider.compressions();
        w.run();
        return CountingMacProvider.compressions() - before;
    }
}
