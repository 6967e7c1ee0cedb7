package org.dtls4j.record;

import static org.dtls4j.record.Records.assertDiscards;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.dtls4j.crypto.BulkCipher;
import org.dtls4j.crypto.CbcCiphers;
import org.dtls4j.crypto.JcaProviders;
import org.dtls4j.crypto.MacAlgorithm;
import org.dtls4j.record.CollectingSink.Delivered;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CBC records through the {@link RecordLayer}: round trips, the discard of bad MACs and bad padding
 * (counted as {@link Discard#BAD_MAC}, like an AEAD tag that does not verify; never an exception,
 * never a window move: RFC 6347 §4.1.2.6, §4.1.2.7), and the record lengths.
 */
class CbcRecordLayerTest {
    private static final int V12 = ProtocolVersion.DTLS_1_2;
    private static final byte[] KEY = Hex.decode("2b7e151628aed2a6abf7158809cf4f3c");

    /** Both MACs, both orders. */
    record Kind(MacAlgorithm mac, boolean encryptThenMac) {
        byte[] macKey() {
            byte[] k = new byte[mac.keyLength()];
            Arrays.fill(k, (byte) 0x5C);
            return k;
        }

        RecordProtection protection() {
            SecureRandom r = new SecureRandom();
            return RecordProtection.of(encryptThenMac
                    ? CbcCiphers.encryptThenMac(BulkCipher.AES_128_CBC, KEY, mac, macKey(), r, JcaProviders.defaults())
                    : CbcCiphers.macThenEncrypt(BulkCipher.AES_128_CBC, KEY, mac, macKey(), r, JcaProviders.defaults()));
        }

        /**
         * A record of epoch 1 made by hand with at least {@code minPadding} padding bytes (rounded
         * up to fill the last block); {@code wrongPaddingByte} 1..padding spoils one of them.
         */
        byte[] handMade(long seq, byte[] content, int minPadding, int wrongPaddingByte, boolean wrongMac) {
            int minimal = IndependentCbc.minimalPadding(content.length + (encryptThenMac ? 0 : mac.length()));
            int padding = minimal + 16 * Math.max(0, (minPadding - minimal + 15) / 16);
            byte[] header = IndependentCbc.macHeader(1, seq, 23, V12, 0);
            byte[] iv = new byte[16];
            new Random(seq).nextBytes(iv);
            byte[] fragment = encryptThenMac
                    ? IndependentCbc.encryptThenMac(mac, KEY, macKey(), iv, header, content, padding)
                    : IndependentCbc.macThenEncrypt(mac, KEY, macKey(), iv, header, content, padding);
            if (wrongPaddingByte > 0) {
                // Decrypt, spoil one padding byte, encrypt again; for encrypt-then-MAC a fresh MAC, so
                // only the padding is wrong.
                int encrypted = fragment.length - (encryptThenMac ? mac.length() : 0);
                byte[] plaintext = decrypt(Arrays.copyOf(fragment, encrypted));
                plaintext[plaintext.length - 1 - wrongPaddingByte] ^= 0x01;
                byte[] ivAndCiphertext = IndependentCbc.concat(iv, IndependentCbc.cbc(KEY, iv, plaintext));
                fragment = encryptThenMac
                        ? IndependentCbc.concat(ivAndCiphertext, IndependentCbc.hmac(mac, macKey(),
                                IndependentCbc.withLength(header, ivAndCiphertext.length), ivAndCiphertext))
                        : ivAndCiphertext;
            }
            if (wrongMac) {
                int at = encryptThenMac ? fragment.length - 1 : 16 + (fragment.length - 16) / 2;
                fragment[at] ^= 0x20;
            }
            return IndependentAead.record(23, V12, 1, seq, fragment);
        }

        @Override
        public String toString() {
            return mac + (encryptThenMac ? " encrypt-then-MAC" : " MAC-then-encrypt");
        }
    }

    static Stream<Arguments> kinds() {
        return Stream.of(new Kind(MacAlgorithm.HMAC_SHA1, true), new Kind(MacAlgorithm.HMAC_SHA1, false),
                new Kind(MacAlgorithm.HMAC_SHA256, true), new Kind(MacAlgorithm.HMAC_SHA256, false)).map(Arguments::of);
    }

    private static byte[] decrypt(byte[] ivAndCiphertext) {
        try {
            javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES/CBC/NoPadding");
            c.init(javax.crypto.Cipher.DECRYPT_MODE, new javax.crypto.spec.SecretKeySpec(KEY, "AES"),
                    new javax.crypto.spec.IvParameterSpec(ivAndCiphertext, 0, 16));
            return c.doFinal(ivAndCiphertext, 16, ivAndCiphertext.length - 16);
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static RecordLayer receiver(Kind kind) {
        RecordLayer r = new RecordLayer();
        r.installReadEpoch(1, kind.protection());
        return r;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void everySizeRoundTripsWithinTheAnnouncedOverhead(Kind kind) {
        RecordLayer sender = new RecordLayer();
        sender.installWriteEpoch(1, kind.protection());
        RecordLayer receiver = receiver(kind);
        CollectingSink sink = new CollectingSink();
        Random r = new Random(1);
        int overhead = sender.recordOverhead(1);
        assertEquals(13 + 16 + kind.mac().length() + 16, overhead);
        for (int len : new int[] {0, 1, 15, 16, 17, 100, 1200, 1400, RecordHeader.MAX_PLAINTEXT_LENGTH}) {
            byte[] payload = new byte[len];
            r.nextBytes(payload);
            byte[] record = Records.write(sender, ContentType.APPLICATION_DATA, 1, payload);
            assertTrue(record.length <= len + overhead && record.length > len + overhead - 16, len + ": " + record.length);
            receiver.receive(record, 0, record.length, sink);
            assertArrayEquals(payload, sink.records.get(sink.records.size() - 1).data());
        }
        assertDiscards(receiver);
    }

    /** RFC 5246 §6.2.3.2: padding of any length up to 255 from the peer is taken. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void longPaddingFromThePeerIsTaken(Kind kind) {
        RecordLayer receiver = receiver(kind);
        CollectingSink sink = new CollectingSink();
        byte[] content = new byte[64 - (kind.encryptThenMac() ? 0 : kind.mac().length())];
        for (int padding : new int[] {15, 31, 255}) {
            byte[] record = kind.handMade(padding, content, padding, 0, false);
            receiver.receive(record, 0, record.length, sink);
        }
        assertEquals(3, sink.records.size());
        assertDiscards(receiver);
    }

    /**
     * A bad MAC and a bad padding are dropped alike: counted as BAD_MAC, nothing delivered, no
     * exception, and the replay window untouched, so the genuine record with the same sequence
     * number still arrives.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void badMacAndBadPaddingAreDroppedAndCountedLikeABadTag(Kind kind) {
        RecordLayer receiver = receiver(kind);
        CollectingSink sink = new CollectingSink();
        byte[] content = "genuine".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int padding = 24;
        List<byte[]> forged = List.of(
                kind.handMade(7, content, padding, 0, true),       // MAC wrong
                kind.handMade(7, content, padding, 1, false),      // first padding byte wrong
                kind.handMade(7, content, padding, padding, false), // last padding byte wrong
                kind.handMade(7, content, padding, 13, true));     // both
        for (byte[] f : forged) {
            receiver.receive(f, 0, f.length, sink);
        }
        assertEquals(0, sink.records.size());
        assertDiscards(receiver, Discard.BAD_MAC, 4);

        byte[] genuine = kind.handMade(7, content, padding, 0, false);
        receiver.receive(genuine, 0, genuine.length, sink);
        assertArrayEquals(content, sink.only().data());
        assertDiscards(receiver, Discard.BAD_MAC, 4);
    }

    /** A length that cannot be a record: too short is TOO_SHORT_FOR_CIPHER, off the block grid BAD_MAC. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void fragmentsOfImpossibleLengthsAreDropped(Kind kind) {
        RecordLayer receiver = receiver(kind);
        int shortest = kind.protection().minimumFragmentLength();
        receiver.receive(IndependentAead.record(23, V12, 1, 0, new byte[shortest - 1]), 0, 13 + shortest - 1, new CollectingSink());
        byte[] misaligned = IndependentAead.record(23, V12, 1, 1, new byte[shortest + 5]);
        receiver.receive(misaligned, 0, misaligned.length, new CollectingSink());
        assertDiscards(receiver, Discard.TOO_SHORT_FOR_CIPHER, 1, Discard.BAD_MAC, 1);
    }

    /** RFC 5246 §6.2.3: a genuine record whose content exceeds 2^14 is an overflow, once it has authenticated. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void contentOverTwoToTheFourteenIsAnOverflow(Kind kind) {
        RecordLayer receiver = receiver(kind);
        byte[] record = kind.handMade(3, new byte[RecordHeader.MAX_PLAINTEXT_LENGTH + 1], 0, 0, false);
        CollectingSink sink = new CollectingSink();
        receiver.receive(record, 0, record.length, sink);
        assertEquals(0, sink.records.size());
        assertDiscards(receiver, Discard.RECORD_OVERFLOW, 1);
    }

    /**
     * Forged records of every shape among genuine ones, MAC-then-encrypt and encrypt-then-MAC: the
     * genuine ones arrive intact, nothing else is delivered in epoch 1, every record has exactly
     * one outcome, and nothing throws.
     */
    @Property(tries = 300)
    void forgedBlocksAmongGenuineRecordsAreOnlyEverDiscarded(@ForAll @IntRange(min = 0, max = 3) int kindIndex,
                                                             @ForAll @Size(max = 12) List<@IntRange(min = 0, max = 40) Integer> forgedBlocks,
                                                             @ForAll @IntRange(max = 6) int genuineCount,
                                                             @ForAll long seed) {
        Kind kind = kinds().map(a -> (Kind) a.get()[0]).toList().get(kindIndex);
        RecordLayer sender = new RecordLayer();
        sender.installWriteEpoch(1, kind.protection());
        RecordLayer receiver = receiver(kind);
        Random r = new Random(seed);
        List<byte[]> parts = new ArrayList<>();
        for (int i = 0; i < genuineCount; i++) {
            parts.add(Records.write(sender, ContentType.APPLICATION_DATA, 1, new byte[] {(byte) i, 42}));
        }
        for (int blocks : forgedBlocks) {
            byte[] fragment = new byte[16 * blocks + (r.nextInt(4) == 0 ? r.nextInt(16) : 0)
                    + (kind.encryptThenMac() ? kind.mac().length() : 0)];
            r.nextBytes(fragment);
            parts.add(IndependentAead.record(23, V12, 1, genuineCount + r.nextInt(100), fragment));
        }
        Collections.shuffle(parts, r);
        CollectingSink sink = new CollectingSink();
        byte[] datagram = Records.concat(parts.toArray(new byte[0][]));
        receiver.receive(datagram, 0, datagram.length, sink);

        assertEquals(genuineCount, sink.records.size());
        for (Delivered d : sink.records) {
            assertTrue(d.sequenceNumber() < genuineCount, "forged record delivered: " + d);
            assertArrayEquals(new byte[] {(byte) d.sequenceNumber(), 42}, d.data());
        }
        assertEquals(parts.size(), sink.records.size() + receiver.discards().total(), receiver.discards().toString());
    }
}
