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

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.dtls4j.crypto.BulkCipher;
import org.dtls4j.record.CollectingSink.Delivered;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The record layer with connection IDs (RFC 9146 §3, §4, §5.3): writing, reading, what it refuses. */
class RecordLayerCidTest {
    private static final byte[] CID = CidLink.CID;
    private static final int V12 = ProtocolVersion.DTLS_1_2;

    @Test
    void aRecordWithACidByHandFromTheRfcsStructs() throws Exception {
        CidLink link = CidLink.of(BulkCipher.AES_128_GCM);
        byte[] payload = "hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] record = write(link.sender(), ContentType.APPLICATION_DATA, 1, payload);

        // DTLSInnerPlaintext: content || real_type application_data(23) || no zeros
        byte[] inner = Hex.decode("68656c6c6f" + "17");
        // RFC 9146 §5.3 additional data; length_of_DTLSInnerPlaintext = 6
        byte[] aad = Hex.decode("ffffffffffffffff" + "19" + "06" + "19" + "fefd" + "0001" + "000000000000"
                + "a1a2a3a4a5a6" + "0006");
        byte[] encContent = IndependentAead.gcmFragment(link.keys().key(), link.keys().fixedIv(),
                Hex.decode("0001000000000000"), aad, inner);
        // DTLSCiphertext: outer_type tls12_cid(25), version, epoch, sequence_number, cid, length
        byte[] header = ByteBuffer.allocate(19)
                .put((byte) 25).putShort((short) 0xFEFD).putShort((short) 1)
                .putShort((short) 0).putInt(0)
                .put(CID)
                .putShort((short) encContent.length)
                .array();
        assertArrayEquals(concat(header, encContent), record);
        assertEquals(13 + 6 + 1 + 8 + 16, link.sender().recordOverhead(1));

        CollectingSink sink = new CollectingSink();
        receive(link.receiver(), record, sink);
        Delivered d = sink.only();
        assertEquals(ContentType.APPLICATION_DATA, d.type());
        assertEquals(1, d.epoch());
        assertEquals(0, d.sequenceNumber());
        assertArrayEquals(payload, d.data());
        assertDiscards(link.receiver());
    }

    @Test
    void chachaRecordByHand() throws Exception {
        CidLink link = CidLink.of(BulkCipher.CHACHA20_POLY1305, Hex.decode("07"));
        write(link.sender(), ContentType.HANDSHAKE, 1, new byte[] {1});      // sequence number 0
        byte[] record = write(link.sender(), ContentType.ALERT, 1, new byte[] {1, 0});
        byte[] inner = Hex.decode("0100" + "15");
        byte[] aad = Hex.decode("ffffffffffffffff" + "19" + "01" + "19" + "fefd" + "0001" + "000000000001" + "07" + "0003");
        byte[] encContent = IndependentAead.chachaFragment(link.keys().key(), link.keys().fixedIv(), 1, 1, aad, inner);
        byte[] header = Hex.decode("19" + "fefd" + "0001" + "000000000001" + "07" + String.format("%04x", encContent.length));
        assertArrayEquals(concat(header, encContent), record);
    }

    @ParameterizedTest
    @EnumSource(BulkCipher.class)
    void everySuiteRoundTripsEveryTypeAndSize(BulkCipher cipher) {
        CidLink link = CidLink.of(cipher);
        ContentType[] types = ContentType.values();
        int[] sizes = {0, 1, 31, 1200, (1 << 14) - 1};
        CollectingSink sink = new CollectingSink();
        int n = 0;
        for (int size : sizes) {
            for (ContentType type : types) {
                byte[] payload = new byte[size];
                Arrays.fill(payload, (byte) n);
                if (size > 0) {
                    payload[size - 1] = 0; // a trailing zero of the content is content, not padding
                }
                receive(link.receiver(), write(link.sender(), type, 1, payload), sink);
                Delivered d = sink.records.get(n);
                assertEquals(type, d.type());
                assertEquals(n, d.sequenceNumber());
                assertArrayEquals(payload, d.data(), type + ", " + size + " bytes");
                n++;
            }
        }
        assertDiscards(link.receiver());
    }

    @Test
    void aRecordWithACidCarriesAtMost2To14MinusOneBytes() {
        CidLink link = CidLink.of(BulkCipher.AES_128_GCM);
        byte[] out = new byte[1 << 15];
        byte[] full = new byte[1 << 14];
        assertThrows(IllegalArgumentException.class,
                () -> link.sender().writeRecord(ContentType.APPLICATION_DATA, 1, full, 0, full.length, out, 0));
        assertEquals(0, link.sender().nextWriteSequence(1), "a refused record takes no sequence number");
        // the same payload without a CID is fine (RFC 5246 §6.2.1)
        Records.Link plain = Records.Link.of(BulkCipher.AES_128_GCM);
        plain.sender().writeRecord(ContentType.APPLICATION_DATA, 1, full, 0, full.length, out, 0);
    }

    @Test
    void paddingIsSkippedAndTheRealTypeFound() throws Exception {
        CidLink link = CidLink.of(BulkCipher.AES_128_CCM_8);
        byte[] padded = new DTLSInnerPlaintext(new byte[] {4, 0, 5, 0}, ContentType.HANDSHAKE, 300).encode();
        byte[] onlyType = new DTLSInnerPlaintext(new byte[0], ContentType.ALERT, 7).encode();
        CollectingSink sink = new CollectingSink();
        receive(link.receiver(), concat(link.handMade(0, CID, padded), link.handMade(1, CID, onlyType)), sink);
        assertEquals(2, sink.records.size());
        assertEquals(ContentType.HANDSHAKE, sink.records.get(0).type());
        assertArrayEquals(new byte[] {4, 0, 5, 0}, sink.records.get(0).data());
        assertEquals(ContentType.ALERT, sink.records.get(1).type());
        assertEquals(0, sink.records.get(1).data().length);
        assertDiscards(link.receiver());
    }

    @Test
    void anAllZeroInnerPlaintextIsDiscardedAfterAuthentication() throws Exception {
        CidLink link = CidLink.of(BulkCipher.AES_256_GCM);
        byte[] zeros = link.handMade(3, CID, new byte[40]);
        CollectingSink sink = new CollectingSink();
        receive(link.receiver(), zeros, sink);
        receive(link.receiver(), zeros, sink);
        assertEquals(0, sink.records.size());
        // it authenticated, so its number is marked: the second copy is a replay
        assertDiscards(link.receiver(), Discard.ALL_ZERO_INNER_PLAINTEXT, 1, Discard.REPLAY, 1);
    }

    @Test
    void anUnknownRealTypeIsDiscarded() throws Exception {
        CidLink link = CidLink.of(BulkCipher.AES_128_GCM);
        CollectingSink sink = new CollectingSink();
        // 25 (tls12_cid is never a real type), 24 (heartbeat), 99
        receive(link.receiver(), concat(link.handMade(0, CID, new byte[] {1, 25}), link.handMade(1, CID, new byte[] {1, 24, 0}),
                link.handMade(2, CID, new byte[] {99})), sink);
        assertEquals(0, sink.records.size());
        assertDiscards(link.receiver(), Discard.UNKNOWN_CONTENT_TYPE, 3);
    }

    @Test
    void anInnerPlaintextOver2To14IsAnOverflowWithoutDecryption() throws Exception {
        CountingAead counting = new CountingAead(org.dtls4j.crypto.AeadCiphers.create(BulkCipher.AES_128_GCM,
                KeyMaterial.of(BulkCipher.AES_128_GCM, 1).key(), org.dtls4j.crypto.JcaProviders.defaults()));
        RecordLayer receiver = new RecordLayer();
        receiver.setReadConnectionId(CID);
        receiver.installReadEpoch(1, RecordProtection.of(counting, KeyMaterial.of(BulkCipher.AES_128_GCM, 1).fixedIv()));
        int fragment = (1 << 14) + 1 + 24;  // explicit nonce and tag around 2^14 + 1 bytes
        byte[] record = new byte[19 + fragment];
        new CidRecordHeader(V12, 1, 0, CID, fragment).encode(record, 0);
        receive(receiver, record, new CollectingSink());
        assertDiscards(receiver, Discard.RECORD_OVERFLOW, 1);
        assertEquals(0, counting.opens);
    }

    @Test
    void aCidThatIsNotOursIsAnotherAssociations() throws Exception {
        CidLink link = CidLink.of(BulkCipher.AES_128_GCM);
        byte[] other = CID.clone();
        other[0] ^= (byte) 0x80;
        CollectingSink sink = new CollectingSink();
        receive(link.receiver(), concat(link.handMade(0, other, new byte[] {1, 23}), write(link.sender(), ContentType.ALERT, 1,
                new byte[] {1, 0})), sink);
        // the mismatching record is dropped, the next one in the datagram is still read
        assertEquals(ContentType.ALERT, sink.only().type());
        assertDiscards(link.receiver(), Discard.CID_MISMATCH, 1);
    }

    @Test
    void epochZeroNeverUsesACid() {
        CidLink link = CidLink.of(BulkCipher.AES_128_GCM);
        // the handshake's plaintext records still flow in epoch 0, in the RFC 6347 format
        byte[] hello = write(link.sender(), ContentType.HANDSHAKE, 0, new byte[] {1, 2, 3});
        assertEquals(22, hello[0]);
        assertEquals(13 + 3, hello.length);
        // a tls12_cid record claiming epoch 0 is refused
        byte[] cidInEpoch0 = new byte[19 + 30];
        new CidRecordHeader(V12, 0, 5, CID, 30).encode(cidInEpoch0, 0);
        CollectingSink sink = new CollectingSink();
        receive(link.receiver(), concat(cidInEpoch0, hello), sink);
        // framed with our CID's length, it is dropped alone and the next record is read
        Delivered d = sink.only();
        assertEquals(ContentType.HANDSHAKE, d.type());
        assertEquals(0, d.epoch());
        assertDiscards(link.receiver(), Discard.CID_MISMATCH, 1);
    }

    @Test
    void anRfc6347RecordWhereWeExpectOurCidIsInvalid() {
        CidLink link = CidLink.of(BulkCipher.AES_128_GCM);
        RecordLayer noCid = new RecordLayer();
        noCid.installWriteEpoch(1, link.keys().protection());
        CollectingSink sink = new CollectingSink();
        receive(link.receiver(), write(noCid, ContentType.APPLICATION_DATA, 1, new byte[] {7}), sink);
        assertEquals(0, sink.records.size());
        assertDiscards(link.receiver(), Discard.CID_MISMATCH, 1);
    }

    @Test
    void aCidRecordWhereWeAskedForNoneIsRefused() throws Exception {
        // the sender has a CID for us, but we never asked for one
        CidLink link = CidLink.of(BulkCipher.AES_128_GCM);
        RecordLayer receiver = new RecordLayer();
        receiver.installReadEpoch(1, link.keys().protection());
        CollectingSink sink = new CollectingSink();
        receive(receiver, write(link.sender(), ContentType.APPLICATION_DATA, 1, new byte[100]), sink);
        // read as if it had no CID, its length field is the CID's first two bytes, 0xa1a2: too long
        assertDiscards(receiver, Discard.BAD_LENGTH, 1);
        // with a CID whose first bytes make a length that fits, it is framed and refused
        byte[] fits = link.handMade(1, Hex.decode("0003aabbcc"), new byte[] {1, 23});
        receive(receiver, fits, sink);
        assertTrue(receiver.discards().count(Discard.CID_MISMATCH) == 1, receiver.discards().toString());
        assertEquals(0, sink.records.size());
    }

    /**
     * RFC 9146 §3: a zero-length CID means RFC 6347 records in that direction. Here the client asked
     * for a 6-byte CID and the server for none: client-to-server records have no CID, server-to-client
     * records carry the client's.
     */
    @Test
    void aZeroLengthCidMeansTheRfc6347FormatInThatDirection() {
        KeyMaterial c2s = KeyMaterial.of(BulkCipher.AES_128_GCM, 1);
        KeyMaterial s2c = KeyMaterial.of(BulkCipher.AES_128_GCM, 2);
        RecordLayer client = new RecordLayer();
        RecordLayer server = new RecordLayer();
        client.setReadConnectionId(CID);
        client.setWriteConnectionId(new byte[0]);
        server.setReadConnectionId(new byte[0]);
        server.setWriteConnectionId(CID);
        client.installWriteEpoch(1, c2s.protection());
        server.installReadEpoch(1, c2s.protection());
        server.installWriteEpoch(1, s2c.protection());
        client.installReadEpoch(1, s2c.protection());

        byte[] toServer = write(client, ContentType.APPLICATION_DATA, 1, new byte[] {1});
        assertEquals(23, toServer[0]);
        assertEquals(13 + 24, client.recordOverhead(1));
        byte[] toClient = write(server, ContentType.APPLICATION_DATA, 1, new byte[] {2});
        assertEquals(25, toClient[0]);

        CollectingSink atServer = new CollectingSink();
        CollectingSink atClient = new CollectingSink();
        receive(server, toServer, atServer);
        receive(client, toClient, atClient);
        assertArrayEquals(new byte[] {1}, atServer.only().data());
        assertArrayEquals(new byte[] {2}, atClient.only().data());
        // and the server, which asked for no CID, refuses a record that carries one
        receive(server, toClient, atServer);
        assertEquals(1, atServer.records.size());
        assertTrue(server.discards().total() >= 1);
    }

    @Test
    void aRecordOfTheNextEpochIsFramedWithOurCidAndKept() {
        KeyMaterial keys = KeyMaterial.of(BulkCipher.AES_128_GCM, 4);
        RecordLayer sender = new RecordLayer();
        sender.setWriteConnectionId(CID);
        sender.installWriteEpoch(1, keys.protection());
        RecordLayer receiver = new RecordLayer();
        receiver.setReadConnectionId(CID);     // the hellos are done, the keys not yet installed

        byte[] finished = write(sender, ContentType.HANDSHAKE, 1, new byte[] {20, 0, 0, 12});
        byte[] plainNext = Records.rawRecord(22, V12, 1, 9, new byte[40]);
        byte[] otherCid = finished.clone();
        otherCid[12] ^= 1;
        byte[] hello = rawRecord(22, V12, 0, 1, new byte[] {2});
        CollectingSink sink = new CollectingSink(true);
        receive(receiver, concat(finished, plainNext, otherCid, hello), sink);
        assertEquals(1, sink.futureRecords.size());
        assertArrayEquals(finished, sink.futureRecords.get(0));
        assertEquals(0, sink.only().epoch());
        assertDiscards(receiver, Discard.CID_MISMATCH, 2);

        receiver.installReadEpoch(1, keys.protection());
        byte[] kept = sink.futureRecords.get(0);
        receiver.receiveRecord(kept, 0, kept.length, sink);
        assertEquals(ContentType.HANDSHAKE, sink.records.get(1).type());
        assertArrayEquals(new byte[] {20, 0, 0, 12}, sink.records.get(1).data());
        // a re-fed record whose length does not match is still a BAD_LENGTH
        receiver.receiveRecord(Arrays.copyOf(kept, kept.length + 1), 0, kept.length + 1, sink);
        assertDiscards(receiver, Discard.CID_MISMATCH, 2, Discard.BAD_LENGTH, 1);
    }

    @Test
    void epochsInstalledBeforeTheCidWasSetKeepTheirFormat() {
        KeyMaterial k1 = KeyMaterial.of(BulkCipher.AES_128_GCM, 5);
        KeyMaterial k2 = KeyMaterial.of(BulkCipher.AES_128_GCM, 6);
        RecordLayer sender = new RecordLayer();
        RecordLayer receiver = new RecordLayer();
        sender.installWriteEpoch(1, k1.protection());
        receiver.installReadEpoch(1, k1.protection());
        sender.setWriteConnectionId(CID);
        receiver.setReadConnectionId(CID);
        sender.installWriteEpoch(2, k2.protection());
        receiver.installReadEpoch(2, k2.protection());

        byte[] e1 = write(sender, ContentType.APPLICATION_DATA, 1, new byte[] {1});
        byte[] e2 = write(sender, ContentType.APPLICATION_DATA, 2, new byte[] {2});
        assertEquals(23, e1[0]);
        assertEquals(25, e2[0]);
        CollectingSink sink = new CollectingSink();
        receive(receiver, concat(e1, e2), sink);
        assertEquals(2, sink.records.size());
        assertDiscards(receiver);
    }

    @Test
    void cidArgumentsAreCheckedAndCopied() {
        RecordLayer layer = new RecordLayer();
        assertThrows(IllegalArgumentException.class, () -> layer.setReadConnectionId(new byte[256]));
        assertThrows(IllegalArgumentException.class, () -> layer.setWriteConnectionId(new byte[256]));
        byte[] cid = CID.clone();
        layer.setWriteConnectionId(cid);
        cid[0] = 0;
        layer.installWriteEpoch(1, KeyMaterial.of(BulkCipher.AES_128_GCM, 1).protection());
        byte[] record = write(layer, ContentType.ALERT, 1, new byte[] {1, 0});
        assertArrayEquals(CID, Arrays.copyOfRange(record, 11, 17));
        layer.setWriteConnectionId(null);
        layer.setReadConnectionId(null);
    }
}
