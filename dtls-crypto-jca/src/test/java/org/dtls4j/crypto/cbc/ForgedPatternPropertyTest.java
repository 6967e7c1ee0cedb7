package org.dtls4j.crypto.cbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;
import javax.crypto.BadPaddingException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.dtls4j.crypto.CbcCipher;
import org.dtls4j.crypto.MacAlgorithm;

/**
 * Any plaintext a forger can make the receiver decrypt, with any padding and MAC byte pattern:
 * {@code open} either refuses it with {@link BadPaddingException}, never another exception, or
 * accepts exactly what a plain, obviously correct check accepts, and returns that content.
 *
 * <p>The patterns are built to sit near the edges: a claimed padding length, its bytes mostly
 * right with some wrong, a MAC that is right or has one wrong byte, for any record length.
 */
class ForgedPatternPropertyTest {

    @Property(tries = 1500)
    void macThenEncryptAcceptsOnlyWellFormedRecords(@ForAll @IntRange(min = 0, max = 1) int macChoice,
                                                    @ForAll @IntRange(min = 3, max = 40) int blocks,
                                                    @ForAll @IntRange(min = 0, max = 255) int claimedPadding,
                                                    @ForAll @IntRange(min = -1, max = 300) int wrongPaddingByte,
                                                    @ForAll boolean rightMac,
                                                    @ForAll long seed) throws Exception {
        MacAlgorithm mac = macChoice == 0 ? MacAlgorithm.HMAC_SHA1 : MacAlgorithm.HMAC_SHA256;
        CbcRecords keys = CbcRecords.of(mac, false, seed);
        Random r = new Random(seed);
        byte[] header = CbcRecords.header(seed & 0xFFFF);
        int length = blocks * 16;
        byte[] plaintext = new byte[length];
        r.nextBytes(plaintext);
        plaintext[length - 1] = (byte) claimedPadding;
        for (int i = 1; i <= claimedPadding && i < length; i++) {
            plaintext[length - 1 - i] = (byte) (i == wrongPaddingByte ? claimedPadding ^ 1 : claimedPadding);
        }
        int contentLength = length - claimedPadding - 1 - mac.length();
        if (contentLength >= 0) {
            byte[] content = Arrays.copyOf(plaintext, contentLength);
            byte[] tag = keys.hmac(CbcRecords.withLength(header, contentLength), content);
            if (!rightMac) {
                tag[r.nextInt(tag.length)] ^= (byte) (1 + r.nextInt(255));
            }
            System.arraycopy(tag, 0, plaintext, contentLength, tag.length);
        }
        byte[] record = keys.encrypt(plaintext, r);
        check(keys.cipher(), header, record, plaintext, contentLength, reference(keys, header, plaintext));
    }

    @Property(tries = 1000)
    void encryptThenMacAcceptsOnlyWellFormedPaddingUnderTheRightMac(@ForAll @IntRange(min = 0, max = 1) int macChoice,
                                                                    @ForAll @IntRange(min = 1, max = 30) int blocks,
                                                                    @ForAll @IntRange(min = 0, max = 255) int claimedPadding,
                                                                    @ForAll @IntRange(min = -1, max = 300) int wrongPaddingByte,
                                                                    @ForAll @IntRange(min = -1, max = 600) int flippedByte,
                                                                    @ForAll long seed) throws Exception {
        MacAlgorithm mac = macChoice == 0 ? MacAlgorithm.HMAC_SHA1 : MacAlgorithm.HMAC_SHA256;
        CbcRecords keys = CbcRecords.of(mac, true, seed);
        Random r = new Random(seed);
        byte[] header = CbcRecords.header(seed & 0xFFFF);
        int length = blocks * 16;
        byte[] plaintext = new byte[length];
        r.nextBytes(plaintext);
        plaintext[length - 1] = (byte) claimedPadding;
        for (int i = 1; i <= claimedPadding && i < length; i++) {
            plaintext[length - 1 - i] = (byte) (i == wrongPaddingByte ? claimedPadding ^ 1 : claimedPadding);
        }
        byte[] encrypted = keys.encrypt(plaintext, r);
        byte[] record = CbcVectorsTest.concat(encrypted, keys.hmac(CbcRecords.withLength(header, encrypted.length), encrypted));
        boolean forged = flippedByte >= 0 && flippedByte < record.length;
        if (forged) {
            record[flippedByte] ^= (byte) (1 + r.nextInt(255));
        }
        boolean paddingOk = claimedPadding + 1 <= length
                && (wrongPaddingByte < 1 || wrongPaddingByte > claimedPadding || wrongPaddingByte >= length);
        int contentLength = length - claimedPadding - 1;
        check(keys.cipher(), header, record, plaintext, contentLength, paddingOk && !forged);
    }

    /** The obvious check: padding bytes all equal to the padding length, room for the MAC, the MAC right. */
    private static boolean reference(CbcRecords keys, byte[] header, byte[] plaintext) throws Exception {
        int length = plaintext.length;
        int padding = plaintext[length - 1] & 0xFF;
        int contentLength = length - padding - 1 - keys.mac().length();
        if (contentLength < 0) {
            return false;
        }
        for (int i = 0; i <= padding; i++) {
            if ((plaintext[length - 1 - i] & 0xFF) != padding) {
                return false;
            }
        }
        byte[] content = Arrays.copyOf(plaintext, contentLength);
        byte[] tag = keys.hmac(CbcRecords.withLength(header, contentLength), content);
        return Arrays.equals(tag, Arrays.copyOfRange(plaintext, contentLength, contentLength + tag.length));
    }

    private static void check(CbcCipher opener, byte[] header, byte[] record, byte[] plaintext, int contentLength,
                              boolean acceptable) {
        byte[] out = new byte[record.length];
        int n;
        try {
            n = opener.open(header, record, 0, record.length, out, 0);
        } catch (BadPaddingException e) {
            assertTrue(!acceptable, "a well-formed record was refused");
            return;
        } catch (Exception e) {
            fail("only BadPaddingException may come out of open", e);
            return;
        }
        assertTrue(acceptable, "a forged record was accepted");
        assertEquals(contentLength, n);
        assertArrayEquals(Arrays.copyOf(plaintext, contentLength), Arrays.copyOf(out, n));
    }
}
