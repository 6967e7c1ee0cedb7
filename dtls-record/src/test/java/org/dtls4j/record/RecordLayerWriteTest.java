package org.dtls4j.record;

import static org.dtls4j.record.Records.receive;
import static org.dtls4j.record.Records.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.dtls4j.crypto.BulkCipher;
import org.dtls4j.record.Records.Link;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The write path of {@link RecordLayer}: sequence numbers, epochs side by side, exhaustion, misuse. */
class RecordLayerWriteTest {
    private static final long MAX = RecordHeader.MAX_SEQUENCE_NUMBER;
    private static final byte[] PAYLOAD = {1, 2, 3};

    @Test
    void headerCarriesTypeVersionEpochSequenceAndLength() {
        RecordLayer layer = new RecordLayer();
        byte[] record = write(layer, ContentType.ALERT, 0, PAYLOAD);
        assertEquals("15 fefd 0000 000000000000 0003 010203".replace(" ", ""), Hex.encode(record, 0, record.length));
        record = write(layer, ContentType.ALERT, 0, PAYLOAD);
        assertEquals(1, RecordHeader.sequenceNumberAt(record, 0));
    }

    @ParameterizedTest
    @EnumSource(BulkCipher.class)
    void sequenceNumbersNeverRepeatWithinAnEpoch(BulkCipher cipher) {
        Link link = Link.of(cipher);
        Set<Long> epoch0 = new HashSet<>();
        Set<Long> epoch1 = new HashSet<>();
        Random random = new Random(31);
        for (int i = 0; i < 2000; i++) {
            int epoch = random.nextInt(3) == 0 ? 0 : 1;
            byte[] record = write(link.sender(), ContentType.HANDSHAKE, epoch, PAYLOAD);
            assertEquals(epoch, RecordHeader.epochAt(record, 0));
            long seq = RecordHeader.sequenceNumberAt(record, 0);
            Set<Long> seen = epoch == 0 ? epoch0 : epoch1;
            assertEquals(seen.size(), seq, "numbers run 0, 1, 2, ... per epoch");
            assertTrue(seen.add(seq), "repeated " + seq + " in epoch " + epoch);
        }
        assertEquals(epoch0.size(), link.sender().nextWriteSequence(0));
        assertEquals(epoch1.size(), link.sender().nextWriteSequence(1));
    }

    @ParameterizedTest
    @EnumSource(BulkCipher.class)
    void epochsAreWrittenSideBySide(BulkCipher cipher) {
        // A retransmitted flight 5: ClientKeyExchange and ChangeCipherSpec in epoch 0, Finished in epoch 1.
        Link link = Link.of(cipher);
        assertEquals(1, link.sender().writeEpoch());
        assertEquals(13, link.sender().recordOverhead(0));
        // AEAD: nonce and tag; CBC: IV, MAC and a whole block of padding at most.
        assertEquals(13 + link.keys().protection().expansion(), link.sender().recordOverhead(1));
        assertEquals(cipher.isAead() ? 13 + cipher.recordIvLength() + cipher.tagLength() : 13 + 16 + 32 + 16,
                link.sender().recordOverhead(1));
        CollectingSink sink = new CollectingSink();
        for (int flight = 0; flight < 3; flight++) {
            receive(link.receiver(), write(link.sender(), ContentType.HANDSHAKE, 0, PAYLOAD), sink);
            receive(link.receiver(), write(link.sender(), ContentType.CHANGE_CIPHER_SPEC, 0, new byte[] {1}), sink);
            receive(link.receiver(), write(link.sender(), ContentType.HANDSHAKE, 1, PAYLOAD), sink);
        }
        assertEquals(9, sink.records.size());
        for (int flight = 0; flight < 3; flight++) {
            assertEquals(0, sink.records.get(3 * flight).epoch());
            assertEquals(2 * flight, sink.records.get(3 * flight).sequenceNumber());
            assertEquals(2 * flight + 1, sink.records.get(3 * flight + 1).sequenceNumber());
            assertEquals(1, sink.records.get(3 * flight + 2).epoch());
            assertEquals(flight, sink.records.get(3 * flight + 2).sequenceNumber());
        }
        assertEquals(0, link.receiver().discards().total());
    }

    @ParameterizedTest
    @EnumSource(BulkCipher.class)
    void lastSequenceNumberIsUsedThenWritingFailsCleanly(BulkCipher cipher) {
        Link link = Link.of(cipher);
        link.sender().setNextWriteSequence(1, MAX);
        byte[] last = write(link.sender(), ContentType.APPLICATION_DATA, 1, PAYLOAD);
        assertEquals(MAX, RecordHeader.sequenceNumberAt(last, 0));

        byte[] out = new byte[3 + link.sender().recordOverhead(1)];
        SequenceNumberExhaustedException e = assertThrows(SequenceNumberExhaustedException.class,
                () -> link.sender().writeRecord(ContentType.APPLICATION_DATA, 1, PAYLOAD, 0, 3, out, 0));
        assertEquals(1, e.epoch());
        assertEquals(0, out[0], "nothing was written");
        assertThrows(SequenceNumberExhaustedException.class,
                () -> link.sender().writeRecord(ContentType.APPLICATION_DATA, 1, PAYLOAD, 0, 3, out, 0));
        // Other epochs are unaffected, and the receiver takes the last number.
        write(link.sender(), ContentType.HANDSHAKE, 0, PAYLOAD);
        CollectingSink sink = new CollectingSink();
        receive(link.receiver(), last, sink);
        assertEquals(MAX, sink.only().sequenceNumber());
    }

    @Test
    void payloadMayBeAFullRecordButNoMore() {
        RecordLayer layer = new RecordLayer();
        int max = RecordHeader.MAX_PLAINTEXT_LENGTH;
        byte[] big = new byte[max + 1];
        byte[] out = new byte[max + 100];
        assertEquals(max + 13, layer.writeRecord(ContentType.APPLICATION_DATA, 0, big, 0, max, out, 0));
        assertThrows(IllegalArgumentException.class,
                () -> layer.writeRecord(ContentType.APPLICATION_DATA, 0, big, 0, max + 1, out, 0));
        assertEquals(1, layer.nextWriteSequence(0));
    }

    @Test
    void noRoomInTheOutputConsumesNoSequenceNumber() {
        Link link = Link.of(BulkCipher.AES_128_GCM);
        int needed = PAYLOAD.length + link.sender().recordOverhead(1);
        byte[] small = new byte[needed - 1];
        assertThrows(IllegalArgumentException.class,
                () -> link.sender().writeRecord(ContentType.APPLICATION_DATA, 1, PAYLOAD, 0, 3, small, 0));
        byte[] exact = new byte[needed + 4];
        assertThrows(IllegalArgumentException.class,
                () -> link.sender().writeRecord(ContentType.APPLICATION_DATA, 1, PAYLOAD, 0, 3, exact, 5));
        assertEquals(0, link.sender().nextWriteSequence(1));
        assertEquals(needed, link.sender().writeRecord(ContentType.APPLICATION_DATA, 1, PAYLOAD, 0, 3, exact, 4));
    }

    @Test
    void writingAnEpochThatIsNotInstalledIsAnError() {
        RecordLayer layer = new RecordLayer();
        byte[] out = new byte[100];
        assertThrows(IllegalArgumentException.class,
                () -> layer.writeRecord(ContentType.HANDSHAKE, 1, PAYLOAD, 0, 3, out, 0));
        assertThrows(IllegalArgumentException.class, () -> layer.recordOverhead(1));
        assertThrows(IllegalArgumentException.class, () -> layer.nextWriteSequence(2));
    }

    @Test
    void retiredWriteEpochCannotBeWritten() {
        Link link = Link.of(BulkCipher.AES_128_GCM);
        link.sender().retireWriteEpochsBelow(1);
        assertThrows(IllegalArgumentException.class, () -> write(link.sender(), ContentType.HANDSHAKE, 0, PAYLOAD));
        write(link.sender(), ContentType.HANDSHAKE, 1, PAYLOAD);
        assertThrows(IllegalArgumentException.class, () -> link.sender().retireWriteEpochsBelow(2));
    }

    @Test
    void epochsAreInstalledInOrderOnly() {
        KeyMaterial keys = KeyMaterial.of(BulkCipher.AES_128_GCM, 41);
        RecordLayer layer = new RecordLayer();
        assertEquals(0, layer.readEpoch());
        assertEquals(0, layer.writeEpoch());
        assertThrows(IllegalArgumentException.class, () -> layer.installReadEpoch(0, keys.protection()));
        assertThrows(IllegalArgumentException.class, () -> layer.installReadEpoch(2, keys.protection()));
        assertThrows(IllegalArgumentException.class, () -> layer.installWriteEpoch(2, keys.protection()));
        assertThrows(NullPointerException.class, () -> layer.installWriteEpoch(1, null));
        layer.installReadEpoch(1, keys.protection());
        layer.installReadEpoch(2, keys.protection());
        assertEquals(2, layer.readEpoch());
        assertEquals(0, layer.writeEpoch());
        assertThrows(IllegalArgumentException.class, () -> layer.retireReadEpochsBelow(3));
    }

    @Test
    void theEpochMustNotWrap() {
        RecordProtection protection = KeyMaterial.of(BulkCipher.AES_128_GCM, 42).protection();
        RecordLayer layer = new RecordLayer();
        for (int epoch = 1; epoch <= RecordHeader.MAX_EPOCH; epoch++) {
            layer.installWriteEpoch(epoch, protection);
            layer.retireWriteEpochsBelow(epoch);
        }
        assertEquals(RecordHeader.MAX_EPOCH, layer.writeEpoch());
        assertThrows(IllegalStateException.class, () -> layer.installWriteEpoch(0x10000, protection));
    }

    @Test
    void replayWindowSizeIsValidated() {
        assertThrows(IllegalArgumentException.class, () -> new RecordLayer(32));
        assertThrows(IllegalArgumentException.class, () -> new RecordLayer(100));
        new RecordLayer(1024);
    }
}
