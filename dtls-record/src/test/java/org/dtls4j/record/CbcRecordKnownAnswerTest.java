package org.dtls4j.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;

import org.dtls4j.crypto.BulkCipher;
import org.dtls4j.crypto.CbcCiphers;
import org.dtls4j.crypto.JcaProviders;
import org.dtls4j.crypto.MacAlgorithm;
import org.junit.jupiter.api.Test;

/**
 * Whole CBC records written by {@link RecordLayer} against the same records built independently
 * with Bouncy Castle's AES block function and HMAC ({@link IndependentCbc}), one encrypt-then-MAC
 * and one MAC-then-encrypt, with and without a connection ID. The record's random block R is
 * fixed, so its IV, AES_K(R), is known (see {@code CbcBlocks}).
 */
class CbcRecordKnownAnswerTest {
    private static final byte[] KEY = Hex.decode("000102030405060708090a0b0c0d0e0f");
    private static final byte[] MAC_KEY = Hex.decode("a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf");
    private static final byte[] SHA1_MAC_KEY = Arrays.copyOf(MAC_KEY, 20);
    private static final byte[] R = Hex.decode("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
    private static final byte[] CONTENT = "GET /.well-known/core".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] CID = Hex.decode("c1c2c3c4");
    private static final int V12 = ProtocolVersion.DTLS_1_2;

    private static RecordLayer writer(MacAlgorithm mac, byte[] macKey, boolean etm, byte[] peerCid) {
        FixedRandom random = new FixedRandom().then(R);
        RecordLayer w = new RecordLayer();
        w.setWriteConnectionId(peerCid);
        w.installWriteEpoch(1, RecordProtection.of(etm
                ? CbcCiphers.encryptThenMac(BulkCipher.AES_128_CBC, KEY, mac, macKey, random, JcaProviders.defaults())
                : CbcCiphers.macThenEncrypt(BulkCipher.AES_128_CBC, KEY, mac, macKey, random, JcaProviders.defaults())));
        w.setNextWriteSequence(1, 5);
        return w;
    }

    private static RecordLayer reader(MacAlgorithm mac, byte[] macKey, boolean etm, byte[] ownCid) {
        RecordLayer r = new RecordLayer();
        r.setReadConnectionId(ownCid);
        r.installReadEpoch(1, RecordProtection.of(etm
                ? CbcCiphers.encryptThenMac(BulkCipher.AES_128_CBC, KEY, mac, macKey, new FixedRandom(), JcaProviders.defaults())
                : CbcCiphers.macThenEncrypt(BulkCipher.AES_128_CBC, KEY, mac, macKey, new FixedRandom(), JcaProviders.defaults())));
        return r;
    }

    private static byte[] written(RecordLayer w, byte[] payload) {
        byte[] out = new byte[payload.length + w.recordOverhead(1)];
        int n = w.writeRecord(ContentType.APPLICATION_DATA, 1, payload, 0, payload.length, out, 0);
        return Arrays.copyOf(out, n);
    }

    private static void assertOpens(RecordLayer reader, byte[] record, byte[] content) {
        CollectingSink sink = new CollectingSink();
        reader.receive(record, 0, record.length, sink);
        assertEquals(0, reader.discards().total(), reader.discards().toString());
        assertArrayEquals(content, sink.only().data());
        assertEquals(5, sink.only().sequenceNumber());
    }

    /**
     * RFC 7366 §3: MAC(MAC_write_key, seq_num + type + version + length + IV + ENC(content +
     * padding + padding_length)), length being that of IV and ciphertext (erratum 4212).
     */
    @Test
    void encryptThenMacSha256() {
        byte[] iv = IndependentCbc.aes(KEY, R);
        byte[] header = IndependentCbc.macHeader(1, 5, 23, V12, 0);
        byte[] fragment = IndependentCbc.encryptThenMac(MacAlgorithm.HMAC_SHA256, KEY, MAC_KEY, iv, header, CONTENT,
                IndependentCbc.minimalPadding(CONTENT.length));
        assertEquals(16 + 32 + 32, fragment.length, "IV, 21 + 11 bytes, MAC");
        byte[] expected = IndependentAead.record(23, V12, 1, 5, fragment);

        byte[] record = written(writer(MacAlgorithm.HMAC_SHA256, MAC_KEY, true, null), CONTENT);
        assertEquals(Hex.encode(expected, 0, expected.length), Hex.encode(record, 0, record.length));
        assertOpens(reader(MacAlgorithm.HMAC_SHA256, MAC_KEY, true, null), expected, CONTENT);
    }

    /**
     * RFC 5246 §6.2.3.2: IV || ENC(content || MAC(seq_num + type + version + length + content) ||
     * padding || padding_length), length being that of the content.
     */
    @Test
    void macThenEncryptSha1() {
        byte[] iv = IndependentCbc.aes(KEY, R);
        byte[] header = IndependentCbc.macHeader(1, 5, 23, V12, 0);
        byte[] fragment = IndependentCbc.macThenEncrypt(MacAlgorithm.HMAC_SHA1, KEY, SHA1_MAC_KEY, iv, header, CONTENT,
                IndependentCbc.minimalPadding(CONTENT.length + 20));
        assertEquals(16 + 48, fragment.length, "IV, 21 + 20 + 7 bytes");
        byte[] expected = IndependentAead.record(23, V12, 1, 5, fragment);

        byte[] record = written(writer(MacAlgorithm.HMAC_SHA1, SHA1_MAC_KEY, false, null), CONTENT);
        assertEquals(Hex.encode(expected, 0, expected.length), Hex.encode(record, 0, record.length));
        assertOpens(reader(MacAlgorithm.HMAC_SHA1, SHA1_MAC_KEY, false, null), expected, CONTENT);
    }

    /** RFC 9146 §5.2: the MAC input begins as the AEAD additional data, with the IV-and-ciphertext length. */
    @Test
    void encryptThenMacWithAConnectionId() {
        byte[] inner = IndependentCbc.concat(CONTENT, new byte[] {23});  // DTLSInnerPlaintext, no zeros
        byte[] iv = IndependentCbc.aes(KEY, R);
        byte[] header = cidMacHeader();
        byte[] fragment = IndependentCbc.encryptThenMac(MacAlgorithm.HMAC_SHA256, KEY, MAC_KEY, iv, header, inner,
                IndependentCbc.minimalPadding(inner.length));
        byte[] expected = cidRecord(fragment);

        byte[] record = written(writer(MacAlgorithm.HMAC_SHA256, MAC_KEY, true, CID), CONTENT);
        assertEquals(Hex.encode(expected, 0, expected.length), Hex.encode(record, 0, record.length));
        assertOpens(reader(MacAlgorithm.HMAC_SHA256, MAC_KEY, true, CID), expected, CONTENT);
    }

    /** RFC 9146 §5.1: the same header with length_of_DTLSInnerPlaintext, then the inner plaintext. */
    @Test
    void macThenEncryptWithAConnectionId() {
        byte[] inner = IndependentCbc.concat(CONTENT, new byte[] {23});
        byte[] iv = IndependentCbc.aes(KEY, R);
        byte[] fragment = IndependentCbc.macThenEncrypt(MacAlgorithm.HMAC_SHA256, KEY, MAC_KEY, iv, cidMacHeader(), inner,
                IndependentCbc.minimalPadding(inner.length + 32));
        byte[] expected = cidRecord(fragment);

        byte[] record = written(writer(MacAlgorithm.HMAC_SHA256, MAC_KEY, false, CID), CONTENT);
        assertEquals(Hex.encode(expected, 0, expected.length), Hex.encode(record, 0, record.length));
        assertOpens(reader(MacAlgorithm.HMAC_SHA256, MAC_KEY, false, CID), expected, CONTENT);
    }

    /** RFC 9146 §5.1 and §5.2, one field per line; the length field is set per record. */
    private static byte[] cidMacHeader() {
        return Hex.decode(
                "ffffffffffffffff"      // seq_num_placeholder
                + "19"                  // tls12_cid
                + "04"                  // cid_length
                + "19"                  // tls12_cid
                + "fefd"                // DTLSCiphertext.version
                + "0001"                // epoch
                + "000000000005"        // sequence_number
                + "c1c2c3c4"            // cid
                + "0000");              // length, filled in
    }

    /** A tls12_cid record (RFC 9146 §4) carrying {@code fragment}. */
    private static byte[] cidRecord(byte[] fragment) {
        byte[] header = Hex.decode("19" + "fefd" + "0001" + "000000000005" + "c1c2c3c4");
        return IndependentCbc.concat(header, new byte[] {(byte) (fragment.length >>> 8), (byte) fragment.length}, fragment);
    }
}
