package org.dtls4j.record;

import static org.dtls4j.record.Records.assertDiscards;
import static org.dtls4j.record.Records.receive;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.dtls4j.crypto.BulkCipher;
import org.junit.jupiter.api.Test;

/** Padding the DTLSInnerPlaintext of records with a CID on send (RFC 9146 §4). */
class CidPaddingTest {

    /** enc_content minus explicit nonce and tag: the length of the inner plaintext that was sealed. */
    private static int innerLength(byte[] record, int cidLength, BulkCipher cipher) {
        return record.length - (13 + cidLength) - cipher.expansion();
    }

    @Test
    void toMultipleOfRoundsTheInnerPlaintextUp() {
        CidLink link = CidLink.of(BulkCipher.AES_128_GCM);
        link.sender().setWritePadding(InnerPlaintextPadding.toMultipleOf(16));
        assertEquals(13 + 6 + 1 + 15 + 24, link.sender().recordOverhead(1));
        CollectingSink sink = new CollectingSink();
        for (int len : new int[] {0, 1, 14, 15, 16, 17, 31, 1200, 1215}) {
            byte[] payload = new byte[len];
            Arrays.fill(payload, (byte) 0x77);
            byte[] out = new byte[len + link.sender().recordOverhead(1)];
            int n = link.sender().writeRecord(ContentType.APPLICATION_DATA, 1, payload, 0, len, out, 0);
            byte[] record = Arrays.copyOf(out, n);
            int inner = innerLength(record, 6, BulkCipher.AES_128_GCM);
            assertEquals(0, inner % 16, len + " bytes sealed as " + inner);
            assertTrue(inner >= len + 1 && inner <= len + 16);
            assertEquals(n - 19, CidRecordHeader.lengthAt(record, 0, 6), "the length field counts the padded record");
            receive(link.receiver(), record, sink);
            assertArrayEquals(payload, sink.records.get(sink.records.size() - 1).data());
        }
        assertDiscards(link.receiver());
    }

    @Test
    void paddingNeverTakesTheInnerPlaintextPast2To14() {
        InnerPlaintextPadding greedy = new InnerPlaintextPadding() {
            @Override
            public int padding(ContentType realType, int innerLength) {
                return 255;
            }

            @Override
            public int maxPadding() {
                return 255;
            }
        };
        CidLink link = CidLink.of(BulkCipher.AES_256_GCM);
        link.sender().setWritePadding(greedy);
        int len = (1 << 14) - 10;
        byte[] out = new byte[len + link.sender().recordOverhead(1)];
        int n = link.sender().writeRecord(ContentType.APPLICATION_DATA, 1, new byte[len], 0, len, out, 0);
        assertEquals(1 << 14, innerLength(Arrays.copyOf(out, n), 6, BulkCipher.AES_256_GCM));
        CollectingSink sink = new CollectingSink();
        receive(link.receiver(), Arrays.copyOf(out, n), sink);
        assertEquals(len, sink.only().data().length);
    }

    @Test
    void aPolicyOutOfItsRangeIsRefusedBeforeASequenceNumberIsTaken() {
        InnerPlaintextPadding liar = new InnerPlaintextPadding() {
            @Override
            public int padding(ContentType realType, int innerLength) {
                return 9;
            }

            @Override
            public int maxPadding() {
                return 8;
            }
        };
        CidLink link = CidLink.of(BulkCipher.AES_128_GCM);
        link.sender().setWritePadding(liar);
        byte[] out = new byte[200];
        assertThrows(IllegalStateException.class,
                () -> link.sender().writeRecord(ContentType.ALERT, 1, new byte[2], 0, 2, out, 0));
        assertEquals(0, link.sender().nextWriteSequence(1));
        assertThrows(NullPointerException.class, () -> link.sender().setWritePadding(null));
        assertThrows(IllegalArgumentException.class, () -> InnerPlaintextPadding.toMultipleOf(0));
        assertThrows(IllegalArgumentException.class, () -> InnerPlaintextPadding.toMultipleOf(257));
    }

    @Test
    void recordsWithoutACidAreNeverPadded() {
        Records.Link plain = Records.Link.of(BulkCipher.AES_128_GCM);
        plain.sender().setWritePadding(InnerPlaintextPadding.toMultipleOf(64));
        assertEquals(13 + 24, plain.sender().recordOverhead(1));
        assertEquals(13, plain.sender().recordOverhead(0));
        byte[] record = Records.write(plain.sender(), ContentType.APPLICATION_DATA, 1, new byte[5]);
        assertEquals(13 + 5 + 24, record.length);
    }
}
