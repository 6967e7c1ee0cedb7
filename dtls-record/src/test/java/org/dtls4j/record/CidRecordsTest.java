package org.dtls4j.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.dtls4j.crypto.BulkCipher;
import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Routing a datagram by the CID of its first record, before any connection state is touched. */
class CidRecordsTest {
    private static final byte[] CID = Hex.decode("c0ffee0102");

    /** A genuine tls12_cid record of epoch 1 carrying {@link #CID}. */
    private static byte[] genuine() {
        RecordLayer sender = new RecordLayer();
        sender.setWriteConnectionId(CID);
        sender.installWriteEpoch(1, KeyMaterial.of(BulkCipher.AES_128_GCM, 1).protection());
        return Records.write(sender, ContentType.APPLICATION_DATA, 1, new byte[] {1, 2, 3});
    }

    @Test
    void findsTheCidOfAGenuineRecord() {
        byte[] record = genuine();
        byte[] datagram = Records.concat(new byte[] {9, 9}, record, Records.rawRecord(22, 0xFEFD, 0, 0, new byte[4]));
        assertArrayEquals(CID, CidRecords.firstRecordCid(datagram, 2, datagram.length - 2, CID.length));
        assertTrue(CidRecords.firstRecordCarries(datagram, 2, datagram.length - 2, CID));
        byte[] other = CID.clone();
        other[4] ^= 1;
        assertFalse(CidRecords.firstRecordCarries(datagram, 2, datagram.length - 2, other));
    }

    @Test
    void answersNoCidForAnythingElse() {
        byte[] record = genuine();
        assertNull(CidRecords.firstRecordCid(record, 0, record.length - 1, CID.length), "length runs past the end");
        assertNull(CidRecords.firstRecordCid(record, 0, 17, CID.length), "shorter than a header");
        assertNull(CidRecords.firstRecordCid(new byte[0], 0, 0, CID.length), "empty datagram");

        byte[] plain = Records.rawRecord(23, 0xFEFD, 1, 0, new byte[30]);
        assertNull(CidRecords.firstRecordCid(plain, 0, plain.length, CID.length), "no CID in the record");

        byte[] epoch0 = record.clone();
        epoch0[3] = 0;
        epoch0[4] = 0;
        assertNull(CidRecords.firstRecordCid(epoch0, 0, epoch0.length, CID.length), "epoch 0 never uses CIDs");

        byte[] dtls10 = record.clone();
        dtls10[2] = (byte) 0xFF;
        assertNull(CidRecords.firstRecordCid(dtls10, 0, dtls10.length, CID.length), "not DTLS 1.2");

        // read with a longer CID than the one sent, the length field is somewhere else
        assertNull(CidRecords.firstRecordCid(record, 0, record.length, 8));
    }

    @Test
    void callerErrorsThrow() {
        byte[] record = genuine();
        assertThrows(IllegalArgumentException.class, () -> CidRecords.firstRecordCid(record, 0, record.length, 0));
        assertThrows(IllegalArgumentException.class, () -> CidRecords.firstRecordCid(record, 0, record.length, 256));
        assertThrows(IndexOutOfBoundsException.class, () -> CidRecords.firstRecordCid(record, 1, record.length, 5));
        assertThrows(IllegalArgumentException.class, () -> CidRecords.firstRecordCarries(record, 0, 5, new byte[0]));
    }

    /** Hostile bytes never make it throw; whatever it answers is really in the datagram. */
    @Property(tries = 2000)
    void neverThrowsOnArbitraryBytes(@ForAll @Size(max = 80) byte[] datagram,
                                     @ForAll @IntRange(min = 1, max = 255) int cidLength) {
        byte[] cid = CidRecords.firstRecordCid(datagram, 0, datagram.length, cidLength);
        if (cid != null) {
            assertEquals(cidLength, cid.length);
            assertEquals(ContentType.TLS12_CID, datagram[0] & 0xFF);
            assertArrayEquals(Arrays.copyOfRange(datagram, 11, 11 + cidLength), cid);
            assertTrue(CidRecords.firstRecordCarries(datagram, 0, datagram.length, cid));
        }
    }

    /** The same with the header bytes that matter already right, so that more of them pass. */
    @Property(tries = 2000)
    void neverThrowsOnPlausibleHeaders(@ForAll @Size(min = 13, max = 60) byte[] datagram,
                                       @ForAll @IntRange(min = 1, max = 40) int cidLength) {
        datagram[0] = (byte) ContentType.TLS12_CID;
        datagram[1] = (byte) 0xFE;
        datagram[2] = (byte) 0xFD;
        byte[] cid = CidRecords.firstRecordCid(datagram, 0, datagram.length, cidLength);
        if (cid != null) {
            int length = CidRecordHeader.lengthAt(datagram, 0, cidLength);
            assertTrue(13 + cidLength + length <= datagram.length);
        }
    }
}
