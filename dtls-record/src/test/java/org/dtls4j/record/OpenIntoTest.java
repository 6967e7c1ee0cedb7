package org.dtls4j.record;

import static org.dtls4j.record.Records.assertDiscards;
import static org.dtls4j.record.Records.concat;
import static org.dtls4j.record.Records.receive;
import static org.dtls4j.record.Records.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dtls4j.crypto.BulkCipher;
import org.dtls4j.record.Records.Link;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link RecordSink#openInto}: a protected record is opened into the sink's own array, which
 * {@code onRecord} then receives; asked only for records that passed the checks before
 * decryption, never for plaintext or replayed records.
 */
class OpenIntoTest {

    /** Offers a fresh array of exactly the length asked for, and remembers what it offered and got. */
    private static final class OwnArraySink implements RecordSink {
        final List<byte[]> offered = new ArrayList<>();
        final List<Integer> asked = new ArrayList<>();
        final List<byte[]> buffers = new ArrayList<>();
        final List<byte[]> contents = new ArrayList<>();
        final List<ContentType> types = new ArrayList<>();

        @Override
        public byte[] openInto(int epoch, int maxLength) {
            asked.add(maxLength);
            byte[] a = new byte[maxLength];
            offered.add(a);
            return a;
        }

        @Override
        public void onRecord(ContentType type, int epoch, long sequenceNumber, byte[] buf, int off, int len) {
            types.add(type);
            buffers.add(buf);
            contents.add(Arrays.copyOfRange(buf, off, off + len));
        }
    }

    @ParameterizedTest
    @EnumSource(BulkCipher.class)
    void aProtectedRecordOpensIntoTheSinksArray(BulkCipher cipher) {
        Link link = Link.of(cipher);
        byte[] payload = "into the sink's own array".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        OwnArraySink sink = new OwnArraySink();
        receive(link.receiver(), write(link.sender(), ContentType.APPLICATION_DATA, 1, payload), sink);

        if (cipher.isAead()) {
            assertEquals(List.of(payload.length), sink.asked, "the plaintext length, known from the AEAD's expansion");
        } else {
            // CBC: the MAC and padding are inside the ciphertext, so the array holds them too until opened
            assertEquals(1, sink.asked.size());
            assertTrue(sink.asked.get(0) >= payload.length, sink.asked::toString);
        }
        assertSame(sink.offered.get(0), sink.buffers.get(0), "delivered in the sink's array");
        assertArrayEquals(payload, sink.contents.get(0));
        assertDiscards(link.receiver());
    }

    @Test
    void aCidRecordOpensItsWholeInnerPlaintextIntoTheSinksArray() {
        CidLink link = CidLink.of(BulkCipher.AES_128_GCM);
        byte[] payload = {1, 2, 3, 4, 5};
        OwnArraySink sink = new OwnArraySink();
        receive(link.receiver(), write(link.sender(), ContentType.HANDSHAKE, 1, payload), sink);

        assertEquals(List.of(payload.length + 1), sink.asked, "content and real_type: the type is still hidden");
        assertSame(sink.offered.get(0), sink.buffers.get(0));
        assertEquals(List.of(ContentType.HANDSHAKE), sink.types);
        assertArrayEquals(payload, sink.contents.get(0));
        assertDiscards(link.receiver());
    }

    @Test
    void aForgedRecordIsOpenedIntoTheArrayButNotDelivered() {
        Link link = Link.of(BulkCipher.AES_128_GCM);
        byte[] record = write(link.sender(), ContentType.APPLICATION_DATA, 1, new byte[40]);
        record[record.length - 1] ^= 1;
        OwnArraySink sink = new OwnArraySink();
        receive(link.receiver(), record, sink);

        assertEquals(1, sink.asked.size());
        assertTrue(sink.buffers.isEmpty());
        assertDiscards(link.receiver(), Discard.BAD_MAC, 1);
    }

    @Test
    void plaintextAndReplayedRecordsAreNeverOpenedIntoTheSinksArray() {
        Link link = Link.of(BulkCipher.AES_128_GCM);
        byte[] epoch0 = write(link.sender(), ContentType.HANDSHAKE, 0, new byte[] {9, 9});
        byte[] epoch1 = write(link.sender(), ContentType.APPLICATION_DATA, 1, new byte[] {7});
        OwnArraySink sink = new OwnArraySink();
        receive(link.receiver(), concat(epoch0, epoch1, epoch1), sink);

        assertEquals(1, sink.asked.size(), "asked once: not for epoch 0, not for the replay");
        assertEquals(List.of(ContentType.HANDSHAKE, ContentType.APPLICATION_DATA), sink.types);
        assertSame(sink.offered.get(0), sink.buffers.get(1));
        assertDiscards(link.receiver(), Discard.REPLAY, 1);
    }

    @Test
    void anArrayTooShortIsTheSinksBug() {
        Link link = Link.of(BulkCipher.AES_128_GCM);
        byte[] record = write(link.sender(), ContentType.APPLICATION_DATA, 1, new byte[100]);
        RecordSink shortArray = new RecordSink() {
            @Override
            public byte[] openInto(int epoch, int maxLength) {
                return new byte[maxLength - 1];
            }

            @Override
            public void onRecord(ContentType type, int epoch, long sequenceNumber, byte[] buf, int off, int len) {
            }
        };
        assertThrows(IllegalStateException.class, () -> receive(link.receiver(), record, shortArray));
    }
}
