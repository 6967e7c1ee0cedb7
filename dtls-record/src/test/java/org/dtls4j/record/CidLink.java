package org.dtls4j.record;

import org.dtls4j.crypto.BulkCipher;

/**
 * A sender and a receiver with epoch 1 keyed alike and a CID in that direction: the receiver asked
 * for {@code cid}, the sender puts it into its records (RFC 9146 §3).
 */
record CidLink(RecordLayer sender, RecordLayer receiver, KeyMaterial keys, byte[] cid) {

    static final byte[] CID = Hex.decode("a1a2a3a4a5a6");

    static CidLink of(BulkCipher cipher) {
        return of(cipher, CID);
    }

    static CidLink of(BulkCipher cipher, byte[] cid) {
        KeyMaterial keys = KeyMaterial.of(cipher, cipher.ordinal() + 200);
        RecordLayer sender = new RecordLayer();
        RecordLayer receiver = new RecordLayer();
        sender.setWriteConnectionId(cid);
        receiver.setReadConnectionId(cid);
        sender.installWriteEpoch(1, keys.protection());
        receiver.installReadEpoch(1, keys.protection());
        return new CidLink(sender, receiver, keys, cid.clone());
    }

    /** A tls12_cid record of epoch 1 made by hand: any inner plaintext, any CID, own sequence number. */
    byte[] handMade(long seq, byte[] recordCid, byte[] innerPlaintext) throws Exception {
        RecordProtection p = keys.protection();
        int headerLength = CidRecordHeader.headerLength(recordCid.length);
        byte[] record = new byte[headerLength + innerPlaintext.length + p.expansion()];
        int n = p.protectWithCid(ProtocolVersion.DTLS_1_2, 1, seq, recordCid, innerPlaintext, 0, innerPlaintext.length,
                record, headerLength);
        new CidRecordHeader(ProtocolVersion.DTLS_1_2, 1, seq, recordCid, n).encode(record, 0);
        return java.util.Arrays.copyOf(record, headerLength + n);
    }
}
