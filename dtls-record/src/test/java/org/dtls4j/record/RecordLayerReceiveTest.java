package org.dtls4j.record;

import static org.dtls4j.record.Records.assertDiscards;
import static org.dtls4j.record.Records.concat;
import static org.dtls4j.record.Records.rawRecord;
import static org.dtls4j.record.Records.receive;
import static org.dtls4j.record.Records.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.dtls4j.crypto.AeadCiphers;
import org.dtls4j.crypto.BulkCipher;
import org.dtls4j.crypto.JcaProviders;
import org.dtls4j.record.CollectingSink.Delivered;
import org.dtls4j.record.Records.Link;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The receive path of {@link RecordLayer}: delivery, and every discard reason with its counter. */
class RecordLayerReceiveTest {
    private static final int V12 = ProtocolVersion.DTLS_1_2;
    private static final int V10 = ProtocolVersion.DTLS_1_0;
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

    private static void assertDelivered(Delivered d, ContentType type, int epoch, long seq, byte[] data) {
        assertEquals(type, d.type());
        assertEquals(epoch, d.epoch());
        assertEquals(seq, d.sequenceNumber());
        assertArrayEquals(data, d.data());
    }

    @Test
    void plaintextRecordInEpochZero() {
        RecordLayer sender = new RecordLayer();
        RecordLayer receiver = new RecordLayer();
        CollectingSink sink = new CollectingSink();
        receive(receiver, write(sender, ContentType.HANDSHAKE, 0, HELLO), sink);
        assertDelivered(sink.only(), ContentType.HANDSHAKE, 0, 0, HELLO);
        assertDiscards(receiver);
    }

    @ParameterizedTest
    @EnumSource(BulkCipher.class)
    void severalRecordsOfMixedEpochsInOneDatagramArriveInOrder(BulkCipher cipher) {
        Link link = Link.of(cipher);
        byte[] datagram = concat(
                write(link.sender(), ContentType.HANDSHAKE, 0, HELLO),
                write(link.sender(), ContentType.CHANGE_CIPHER_SPEC, 0, new byte[] {1}),
                write(link.sender(), ContentType.HANDSHAKE, 1, new byte[40]),
                write(link.sender(), ContentType.APPLICATION_DATA, 1, new byte[0]),
                write(link.sender(), ContentType.ALERT, 1, new byte[] {1, 0}));
        CollectingSink sink = new CollectingSink();
        receive(link.receiver(), datagram, sink);
        assertEquals(5, sink.records.size());
        assertDelivered(sink.records.get(0), ContentType.HANDSHAKE, 0, 0, HELLO);
        assertDelivered(sink.records.get(1), ContentType.CHANGE_CIPHER_SPEC, 0, 1, new byte[] {1});
        assertDelivered(sink.records.get(2), ContentType.HANDSHAKE, 1, 0, new byte[40]);
        assertDelivered(sink.records.get(3), ContentType.APPLICATION_DATA, 1, 1, new byte[0]);
        assertDelivered(sink.records.get(4), ContentType.ALERT, 1, 2, new byte[] {1, 0});
        assertDiscards(link.receiver());
    }

    @Test
    void datagramOffsetAndLengthAreHonoured() {
        RecordLayer sender = new RecordLayer();
        RecordLayer receiver = new RecordLayer();
        byte[] record = write(sender, ContentType.HANDSHAKE, 0, HELLO);
        byte[] padded = concat(new byte[] {9, 9, 9}, record, new byte[] {7, 7});
        CollectingSink sink = new CollectingSink();
        receiver.receive(padded, 3, record.length, sink);
        assertDelivered(sink.only(), ContentType.HANDSHAKE, 0, 0, HELLO);
        assertDiscards(receiver);
    }

    @Test
    void emptyDatagramIsNothing() {
        RecordLayer receiver = new RecordLayer();
        CollectingSink sink = new CollectingSink();
        receive(receiver, new byte[0], sink);
        assertEquals(0, sink.records.size());
        assertDiscards(receiver);
    }

    @Test
    void truncatedHeader() {
        RecordLayer sender = new RecordLayer();
        RecordLayer receiver = new RecordLayer();
        CollectingSink sink = new CollectingSink();
        receive(receiver, new byte[] {22, (byte) 0xFE, (byte) 0xFD, 0, 0}, sink);
        assertDiscards(receiver, Discard.TRUNCATED_HEADER, 1);

        byte[] record = write(sender, ContentType.HANDSHAKE, 0, HELLO);
        receive(receiver, concat(record, Arrays.copyOf(record, 12)), sink);
        assertDelivered(sink.only(), ContentType.HANDSHAKE, 0, 0, HELLO);
        assertDiscards(receiver, Discard.TRUNCATED_HEADER, 2);
    }

    @Test
    void lengthPastTheDatagramDropsThatRecordAndTheRest() {
        RecordLayer sender = new RecordLayer();
        RecordLayer receiver = new RecordLayer();
        byte[] first = write(sender, ContentType.HANDSHAKE, 0, HELLO);
        byte[] third = write(sender, ContentType.HANDSHAKE, 0, HELLO);
        // The second record claims 200 bytes, but only its 2 bytes and the third record follow.
        byte[] second = rawRecord(22, V12, 0, 1, new byte[] {1, 2});
        second[11] = 0;
        second[12] = (byte) 200;
        CollectingSink sink = new CollectingSink();
        receive(receiver, concat(first, second, third), sink);
        assertDelivered(sink.only(), ContentType.HANDSHAKE, 0, 0, HELLO);
        assertDiscards(receiver, Discard.BAD_LENGTH, 1);
    }

    @Test
    void protectedFragmentOverTheCiphertextLimitIsAnOverflowAndTheNextRecordIsRead() {
        Link link = Link.of(BulkCipher.AES_128_GCM);
        byte[] huge = rawRecord(23, V12, 1, 0, new byte[RecordHeader.MAX_CIPHERTEXT_LENGTH + 1]);
        byte[] ok = write(link.sender(), ContentType.APPLICATION_DATA, 1, HELLO);
        CollectingSink sink = new CollectingSink();
        receive(link.receiver(), concat(huge, ok), sink);
        assertDelivered(sink.only(), ContentType.APPLICATION_DATA, 1, 0, HELLO);
        assertDiscards(link.receiver(), Discard.RECORD_OVERFLOW, 1);
    }

    @Test
    void plaintextFragmentOverTwoToTheFourteenIsAnOverflow() {
        RecordLayer receiver = new RecordLayer();
        CollectingSink sink = new CollectingSink();
        receive(receiver, rawRecord(22, V12, 0, 0, new byte[RecordHeader.MAX_PLAINTEXT_LENGTH + 1]), sink);
        assertDiscards(receiver, Discard.RECORD_OVERFLOW, 1);
        receive(receiver, rawRecord(22, V12, 0, 1, new byte[RecordHeader.MAX_PLAINTEXT_LENGTH]), sink);
        assertEquals(RecordHeader.MAX_PLAINTEXT_LENGTH, sink.only().data().length);
        assertDiscards(receiver, Discard.RECORD_OVERFLOW, 1);
    }

    @Test
    void recordThatDecryptsToMoreThanTwoToTheFourteenIsAnOverflow() throws Exception {
        Link link = Link.of(BulkCipher.AES_128_GCM);
        byte[] plaintext = new byte[RecordHeader.MAX_PLAINTEXT_LENGTH + 1];
        byte[] aad = IndependentAead.additionalData(1, 3, 23, V12, plaintext.length);
        byte[] fragment = IndependentAead.gcmFragment(link.keys().key(), link.keys().fixedIv(),
                Records.bytes(0, 1, 0, 0, 0, 0, 0, 3), aad, plaintext);
        CollectingSink sink = new CollectingSink();
        receive(link.receiver(), rawRecord(23, V12, 1, 3, fragment), sink);
        assertEquals(0, sink.records.size());
        assertDiscards(link.receiver(), Discard.RECORD_OVERFLOW, 1);
    }

    @Test
    void unknownContentTypeDropsOnlyThatRecord() {
        RecordLayer sender = new RecordLayer();
        RecordLayer receiver = new RecordLayer();
        byte[] unknown = rawRecord(99, V12, 0, 7, HELLO);
        byte[] heartbeat = rawRecord(24, V12, 0, 8, HELLO);
        byte[] ok = write(sender, ContentType.ALERT, 0, new byte[] {1, 0});
        CollectingSink sink = new CollectingSink();
        receive(receiver, concat(unknown, heartbeat, ok), sink);
        assertDelivered(sink.only(), ContentType.ALERT, 0, 0, new byte[] {1, 0});
        assertDiscards(receiver, Discard.UNKNOWN_CONTENT_TYPE, 2);
    }

    @Test
    void epochZeroAcceptsDtls10AndDtls12Only() {
        RecordLayer receiver = new RecordLayer();
        CollectingSink sink = new CollectingSink();
        receive(receiver, rawRecord(22, V10, 0, 0, HELLO), sink);
        receive(receiver, rawRecord(22, V12, 0, 1, HELLO), sink);
        receive(receiver, rawRecord(22, 0x0303, 0, 2, HELLO), sink);
        receive(receiver, rawRecord(22, 0xFEFE, 0, 3, HELLO), sink);
        receive(receiver, rawRecord(22, 0xFEFC, 0, 4, HELLO), sink);
        assertEquals(2, sink.records.size());
        assertDiscards(receiver, Discard.BAD_VERSION, 3);
    }

    @Test
    void protectedEpochsAcceptDtls12Only() {
        Link link = Link.of(BulkCipher.AES_128_GCM);
        byte[] record = write(link.sender(), ContentType.APPLICATION_DATA, 1, HELLO);
        record[1] = (byte) 0xFE;
        record[2] = (byte) 0xFF;
        CollectingSink sink = new CollectingSink();
        receive(link.receiver(), record, sink);
        assertEquals(0, sink.records.size());
        assertDiscards(link.receiver(), Discard.BAD_VERSION, 1);
    }

    @Test
    void senderMayUseDtls10InEpochZero() {
        RecordLayer sender = new RecordLayer();
        RecordLayer receiver = new RecordLayer();
        byte[] out = new byte[HELLO.length + 13];
        sender.writeRecord(ContentType.HANDSHAKE, V10, 0, HELLO, 0, HELLO.length, out, 0);
        assertEquals(V10, RecordHeader.versionAt(out, 0));
        CollectingSink sink = new CollectingSink();
        receive(receiver, out, sink);
        assertDelivered(sink.only(), ContentType.HANDSHAKE, 0, 0, HELLO);
    }

    @Test
    void epochNeitherInstalledNorNextIsUnknown() {
        Link link = Link.of(BulkCipher.AES_128_GCM);
        CollectingSink sink = new CollectingSink(true);
        receive(link.receiver(), rawRecord(23, V12, 3, 0, new byte[40]), sink);
        receive(link.receiver(), rawRecord(23, V12, 0xFFFF, 0, new byte[40]), sink);
        assertEquals(0, sink.futureRecords.size());
        assertDiscards(link.receiver(), Discard.UNKNOWN_EPOCH, 2);
    }

    @Test
    void retiredEpochIsUnknownButOlderEpochsStayReadableUntilRetired() {
        Link link = Link.of(BulkCipher.AES_128_GCM);
        CollectingSink sink = new CollectingSink();
        receive(link.receiver(), write(link.sender(), ContentType.HANDSHAKE, 0, HELLO), sink);
        assertEquals(1, sink.records.size(), "epoch 0 is still read after epoch 1 is installed");
        link.receiver().retireReadEpochsBelow(1);
        assertEquals(1, link.receiver().readEpoch());
        receive(link.receiver(), write(link.sender(), ContentType.HANDSHAKE, 0, HELLO), sink);
        assertEquals(1, sink.records.size());
        assertDiscards(link.receiver(), Discard.UNKNOWN_EPOCH, 1);
    }

    @Test
    void nextEpochIsCountedWhenTheSinkDoesNotKeepIt() {
        Link link = Link.of(BulkCipher.AES_128_GCM);
        RecordLayer early = new RecordLayer();
        CollectingSink sink = new CollectingSink();
        receive(early, write(link.sender(), ContentType.HANDSHAKE, 1, HELLO), sink);
        assertEquals(0, sink.records.size());
        assertDiscards(early, Discard.FUTURE_EPOCH, 1);
    }

    @ParameterizedTest
    @EnumSource(BulkCipher.class)
    void nextEpochGoesToTheSinkAndCanBeReFedOnceInstalled(BulkCipher cipher) {
        Link link = Link.of(cipher);
        RecordLayer receiver = new RecordLayer();
        byte[] finished = write(link.sender(), ContentType.HANDSHAKE, 1, HELLO);
        byte[] ccs = write(link.sender(), ContentType.CHANGE_CIPHER_SPEC, 0, new byte[] {1});
        CollectingSink sink = new CollectingSink(true);
        receive(receiver, concat(finished, ccs), sink);
        assertEquals(1, sink.futureRecords.size());
        assertArrayEquals(finished, sink.futureRecords.get(0), "the whole record, header included");
        assertDelivered(sink.only(), ContentType.CHANGE_CIPHER_SPEC, 0, 0, new byte[] {1});
        assertDiscards(receiver);

        receiver.installReadEpoch(1, link.keys().protection());
        byte[] kept = sink.futureRecords.get(0);
        receiver.receiveRecord(kept, 0, kept.length, sink);
        assertEquals(2, sink.records.size());
        assertDelivered(sink.records.get(1), ContentType.HANDSHAKE, 1, 0, HELLO);
        assertDiscards(receiver);
    }

    @Test
    void receiveRecordChecksTheWholeRecordLength() {
        RecordLayer sender = new RecordLayer();
        RecordLayer receiver = new RecordLayer();
        byte[] record = write(sender, ContentType.HANDSHAKE, 0, HELLO);
        CollectingSink sink = new CollectingSink();
        byte[] longer = concat(record, new byte[] {0});
        receiver.receiveRecord(longer, 0, longer.length, sink);
        receiver.receiveRecord(record, 0, record.length - 1, sink);
        receiver.receiveRecord(record, 0, 12, sink);
        assertEquals(0, sink.records.size());
        assertDiscards(receiver, Discard.BAD_LENGTH, 2, Discard.TRUNCATED_HEADER, 1);
        receiver.receiveRecord(record, 0, record.length, sink);
        assertDelivered(sink.only(), ContentType.HANDSHAKE, 0, 0, HELLO);
    }

    @ParameterizedTest
    @EnumSource(value = BulkCipher.class, mode = EnumSource.Mode.EXCLUDE, names = "AES_128_CBC")
    void replayIsDroppedWithoutDecrypting(BulkCipher cipher) {
        KeyMaterial keys = KeyMaterial.of(cipher, 21);
        RecordLayer sender = new RecordLayer();
        sender.installWriteEpoch(1, keys.protection());
        CountingAead counting = new CountingAead(AeadCiphers.create(cipher, keys.key(), JcaProviders.defaults()));
        RecordLayer receiver = new RecordLayer();
        receiver.installReadEpoch(1, RecordProtection.of(counting, keys.fixedIv()));

        byte[] datagram = write(sender, ContentType.APPLICATION_DATA, 1, HELLO);
        CollectingSink sink = new CollectingSink();
        receive(receiver, datagram, sink);
        assertEquals(1, counting.opens);
        receive(receiver, datagram, sink);
        receive(receiver, concat(datagram, datagram), sink);
        assertEquals(1, counting.opens, "a replayed record is never decrypted");
        assertEquals(1, sink.records.size());
        assertDiscards(receiver, Discard.REPLAY, 3);
    }

    /**
     * Epoch 0 has no MAC, so it has no replay window either: a window there would move on forged
     * records (one with sequence number 2^48-1 would hide every genuine record after it). Duplicates
     * reach the handshake layer, which drops them by message_seq.
     */
    @Test
    void epochZeroHasNoReplayWindow() {
        RecordLayer sender = new RecordLayer();
        RecordLayer receiver = new RecordLayer();
        byte[] record = write(sender, ContentType.HANDSHAKE, 0, HELLO);
        CollectingSink sink = new CollectingSink();
        receive(receiver, concat(record, record), sink);
        assertEquals(2, sink.records.size());
        assertEquals(0, receiver.discards().total());
    }

    @Test
    void aForgedHighEpochZeroSequenceNumberHidesNothing() {
        RecordLayer receiver = new RecordLayer(128);
        CollectingSink sink = new CollectingSink();
        receive(receiver, rawRecord(22, V12, 0, RecordHeader.MAX_SEQUENCE_NUMBER, HELLO), sink);
        receive(receiver, rawRecord(22, V12, 0, 0, HELLO), sink);
        receive(receiver, rawRecord(22, V12, 0, 1, HELLO), sink);
        assertEquals(3, sink.records.size());
        assertEquals(0, receiver.discards().total());
    }

    @ParameterizedTest
    @EnumSource(BulkCipher.class)
    void badTagIsDroppedAndNothingIsDelivered(BulkCipher cipher) {
        Link link = Link.of(cipher);
        byte[] record = write(link.sender(), ContentType.APPLICATION_DATA, 1, HELLO);
        record[record.length - 1] ^= 0x40;
        CollectingSink sink = new CollectingSink();
        receive(link.receiver(), record, sink);
        assertEquals(0, sink.records.size());
        assertDiscards(link.receiver(), Discard.BAD_MAC, 1);
    }

    /**
     * OpenSSL CVE-2016-2181: a forged record with sequence number 2^48-1 and a bad tag moved the
     * replay window, so every genuine record after it was refused. Here it must not, and neither
     * may a forgery that borrows the number of a genuine record still on its way.
     */
    @ParameterizedTest
    @EnumSource(BulkCipher.class)
    void forgedRecordsDoNotMoveTheWindow(BulkCipher cipher) {
        Link link = Link.of(cipher);
        int fragmentLength = Records.minimumFragment(cipher) + 16;
        CollectingSink sink = new CollectingSink();
        receive(link.receiver(), rawRecord(23, V12, 1, RecordHeader.MAX_SEQUENCE_NUMBER, new byte[fragmentLength]), sink);
        receive(link.receiver(), rawRecord(23, V12, 1, 1, new byte[fragmentLength]), sink);
        assertDiscards(link.receiver(), Discard.BAD_MAC, 2);

        byte[] first = write(link.sender(), ContentType.APPLICATION_DATA, 1, HELLO);
        byte[] second = write(link.sender(), ContentType.APPLICATION_DATA, 1, HELLO);
        receive(link.receiver(), first, sink);
        receive(link.receiver(), second, sink);
        assertEquals(2, sink.records.size());
        assertEquals(1, sink.records.get(1).sequenceNumber());
        assertDiscards(link.receiver(), Discard.BAD_MAC, 2);
    }

    @ParameterizedTest
    @EnumSource(BulkCipher.class)
    void fragmentShorterThanNonceAndTagIsTooShort(BulkCipher cipher) {
        Link link = Link.of(cipher);
        CollectingSink sink = new CollectingSink();
        int shortest = Records.minimumFragment(cipher);
        receive(link.receiver(), rawRecord(23, V12, 1, 0, new byte[shortest - 1]), sink);
        assertEquals(0, sink.records.size());
        assertDiscards(link.receiver(), Discard.TOO_SHORT_FOR_CIPHER, 1);
        // Exactly nonce + tag is an empty plaintext (for CBC: IV, one block, MAC): long enough,
        // and here a bad tag.
        receive(link.receiver(), rawRecord(23, V12, 1, 0, new byte[shortest]), sink);
        assertDiscards(link.receiver(), Discard.TOO_SHORT_FOR_CIPHER, 1, Discard.BAD_MAC, 1);
    }

    @Test
    void everyBadRecordInOneDatagramIsCountedAndTheGoodOnesDelivered() {
        Link link = Link.of(BulkCipher.CHACHA20_POLY1305);
        byte[] good0 = write(link.sender(), ContentType.HANDSHAKE, 0, HELLO);
        byte[] good1 = write(link.sender(), ContentType.APPLICATION_DATA, 1, HELLO);
        byte[] forged = Records.copy(good1);
        forged[forged.length - 1] ^= 1;
        byte[] datagram = concat(
                rawRecord(30, V12, 0, 9, HELLO),                        // UNKNOWN_CONTENT_TYPE
                rawRecord(22, 0x0303, 0, 9, HELLO),                     // BAD_VERSION
                rawRecord(22, V12, 7, 9, HELLO),                        // UNKNOWN_EPOCH
                rawRecord(22, V12, 2, 9, HELLO),                        // FUTURE_EPOCH
                rawRecord(23, V12, 1, 9, new byte[3]),                  // TOO_SHORT_FOR_CIPHER
                rawRecord(23, V12, 1, 0, new byte[RecordHeader.MAX_CIPHERTEXT_LENGTH + 1]), // RECORD_OVERFLOW
                forged,                                                 // BAD_MAC
                good0, good1,
                good1,                                                  // REPLAY
                Arrays.copyOf(good0, good0.length - 1));                // BAD_LENGTH
        CollectingSink sink = new CollectingSink();
        receive(link.receiver(), datagram, sink);
        assertEquals(2, sink.records.size());
        assertDiscards(link.receiver(), Discard.UNKNOWN_CONTENT_TYPE, 1, Discard.BAD_VERSION, 1,
                Discard.UNKNOWN_EPOCH, 1, Discard.FUTURE_EPOCH, 1, Discard.TOO_SHORT_FOR_CIPHER, 1,
                Discard.RECORD_OVERFLOW, 1, Discard.BAD_MAC, 1, Discard.REPLAY, 1, Discard.BAD_LENGTH, 1);
        assertEquals(9, link.receiver().discards().total());
        assertTrue(link.receiver().discards().toString().contains("BAD_MAC=1"));
    }

    @Test
    void sinkMustNotReenterReceive() {
        RecordLayer sender = new RecordLayer();
        RecordLayer receiver = new RecordLayer();
        byte[] record = write(sender, ContentType.HANDSHAKE, 0, HELLO);
        RecordSink reentrant = (type, epoch, seq, buf, off, len) -> receiver.receive(record, 0, record.length,
                new CollectingSink());
        assertThrows(IllegalStateException.class, () -> receiver.receive(record, 0, record.length, reentrant));
        // The layer is usable again afterwards.
        CollectingSink sink = new CollectingSink();
        receive(receiver, write(sender, ContentType.HANDSHAKE, 0, HELLO), sink);
        assertEquals(1, sink.records.size());
    }

    @Test
    void badIndexesAreTheCallersError() {
        RecordLayer receiver = new RecordLayer();
        CollectingSink sink = new CollectingSink();
        assertThrows(IndexOutOfBoundsException.class, () -> receiver.receive(new byte[10], 5, 6, sink));
        assertThrows(IndexOutOfBoundsException.class, () -> receiver.receiveRecord(new byte[10], -1, 2, sink));
    }
}
