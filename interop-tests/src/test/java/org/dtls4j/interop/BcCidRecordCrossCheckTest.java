package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.bouncycastle.tls.ConnectionEnd;
import org.bouncycastle.tls.EncryptionAlgorithm;
import org.bouncycastle.tls.MACAlgorithm;
import org.bouncycastle.tls.PRFAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.crypto.TlsCipher;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.TlsDecodeResult;
import org.bouncycastle.tls.crypto.TlsEncodeResult;
import org.bouncycastle.tls.crypto.TlsNonceGenerator;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.dtls4j.crypto.BulkCipher;
import org.dtls4j.crypto.CbcCiphers;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.crypto.JcaProviders;
import org.dtls4j.crypto.KeyBlock;
import org.dtls4j.crypto.Prf;
import org.dtls4j.crypto.PrfHash;
import org.dtls4j.record.ContentType;
import org.dtls4j.record.RecordLayer;
import org.dtls4j.record.RecordProtection;
import org.dtls4j.record.RecordSink;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * RFC 9146 record protection checked against Bouncy Castle's independent implementation
 * ({@code TlsAEADCipher} over BC's lightweight crypto, no JCA): the same master secret and randoms
 * give both the same key block, and a record with a CID sealed by one must be byte for byte what
 * the other seals, and open on the other side.
 *
 * <p>The CBC suites' records with a CID (RFC 9146 §5.1 MAC-then-encrypt, §5.2 encrypt-then-MAC)
 * carry a random IV, so they cannot match byte for byte; there each side opens what the other
 * sealed, both ways, with the key block derived on each side.
 *
 * <p>BC builds its cipher from a {@code TlsCryptoParameters} that normally comes from a live
 * handshake; here its {@code SecurityParameters} are filled in by reflection (their fields are
 * package-private), which is the only way to reach BC's record protection without a handshake.
 */
class BcCidRecordCrossCheckTest {
    private static final byte[] CID = {(byte) 0xa1, (byte) 0xa2, (byte) 0xa3, (byte) 0xa4, (byte) 0xa5, (byte) 0xa6};
    private static final int EPOCH = 1;

    /** Cryptographic parameters without a handshake behind them: DTLS 1.2, fixed secrets. */
    private static final class Params extends TlsCryptoParameters {
        private final SecurityParameters sp;
        private final boolean server;

        Params(SecurityParameters sp, boolean server) {
            super(null);
            this.sp = sp;
            this.server = server;
        }

        @Override
        public SecurityParameters getSecurityParametersConnection() {
            return sp;
        }

        @Override
        public SecurityParameters getSecurityParametersHandshake() {
            return sp;
        }

        @Override
        public boolean isServer() {
            return server;
        }

        /** Where BC's CBC cipher takes its random IV bytes from (the context would give them). */
        @Override
        public TlsNonceGenerator getNonceGenerator() {
            SecureRandom random = new SecureRandom();
            return size -> {
                byte[] nonce = new byte[size];
                random.nextBytes(nonce);
                return nonce;
            };
        }

        @Override
        public ProtocolVersion getServerVersion() {
            return ProtocolVersion.DTLSv12;
        }

        @Override
        public ProtocolVersion getClientVersion() {
            return ProtocolVersion.DTLSv12;
        }
    }

    private static void set(SecurityParameters sp, String field, Object value) throws ReflectiveOperationException {
        Field f = SecurityParameters.class.getDeclaredField(field);
        f.setAccessible(true);
        f.set(sp, value);
    }

    private static int bcAlgorithm(BulkCipher cipher) {
        switch (cipher) {
            case AES_128_GCM: return EncryptionAlgorithm.AES_128_GCM;
            case AES_256_GCM: return EncryptionAlgorithm.AES_256_GCM;
            case CHACHA20_POLY1305: return EncryptionAlgorithm.CHACHA20_POLY1305;
            case AES_128_CCM: return EncryptionAlgorithm.AES_128_CCM;
            case AES_128_CCM_8: return EncryptionAlgorithm.AES_128_CCM_8;
            case AES_256_CCM: return EncryptionAlgorithm.AES_256_CCM;
            case AES_256_CCM_8: return EncryptionAlgorithm.AES_256_CCM_8;
            default: throw new IllegalArgumentException(cipher.name());
        }
    }

    /**
     * AES-128-CBC records with a CID, MAC-then-encrypt and encrypt-then-MAC, HMAC-SHA256 and
     * HMAC-SHA1: every record dtls4j seals (empty, short, 1,200 bytes, three content types) opens in
     * Bouncy Castle's {@code TlsBlockCipher} with the real type, and every record BC seals opens in
     * dtls4j's record layer. Each side cuts the key block itself (dtls4j's MAC keys first,
     * RFC 5246 §6.3), so a disagreement there fails too.
     */
    @ParameterizedTest(name = "{0} encrypt_then_mac={1}")
    @CsvSource({"TLS_PSK_WITH_AES_128_CBC_SHA256, true", "TLS_PSK_WITH_AES_128_CBC_SHA256, false",
        "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, true", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, false"})
    void cbcRecordsWithACidOpenOnBothSides(CipherSuite suite, boolean encryptThenMac) throws Exception {
        Random random = new Random(suite.id());
        byte[] master = new byte[48];
        byte[] clientRandom = new byte[32];
        byte[] serverRandom = new byte[32];
        random.nextBytes(master);
        random.nextBytes(clientRandom);
        random.nextBytes(serverRandom);

        BcTlsCrypto crypto = new BcTlsCrypto(new SecureRandom());
        SecurityParameters sp = new SecurityParameters();
        set(sp, "entity", ConnectionEnd.client);
        set(sp, "negotiatedVersion", ProtocolVersion.DTLSv12);
        set(sp, "prfAlgorithm", PRFAlgorithm.tls_prf_sha256);
        set(sp, "masterSecret", crypto.createSecret(master));
        set(sp, "clientRandom", clientRandom);
        set(sp, "serverRandom", serverRandom);
        set(sp, "connectionIDLocal", CID.clone());
        set(sp, "connectionIDPeer", CID.clone());
        set(sp, "encryptThenMAC", encryptThenMac);
        int bcMac = suite.mac().orElseThrow() == org.dtls4j.crypto.MacAlgorithm.HMAC_SHA1
                ? MACAlgorithm.hmac_sha1 : MACAlgorithm.hmac_sha256;
        TlsCipher bcClient = crypto.createCipher(new Params(sp, false), EncryptionAlgorithm.AES_128_CBC, bcMac);
        TlsCipher bcServer = crypto.createCipher(new Params(sp, true), EncryptionAlgorithm.AES_128_CBC, bcMac);

        KeyBlock keys = Prf.keyBlock(suite, master, clientRandom, serverRandom, JcaProviders.defaults());
        RecordLayer client = new RecordLayer();   // dtls4j writing as the client
        client.setWriteConnectionId(CID);
        client.installWriteEpoch(EPOCH, cbc(suite, encryptThenMac, keys.clientWriteKey(), keys.clientWriteMacKey()));
        RecordLayer server = new RecordLayer();   // dtls4j reading as the server
        server.setReadConnectionId(CID);
        server.installReadEpoch(EPOCH, cbc(suite, encryptThenMac, keys.clientWriteKey(), keys.clientWriteMacKey()));

        byte[] oneK = new byte[1200];
        random.nextBytes(oneK);
        byte[][] payloads = {new byte[0], "hello, CID and CBC".getBytes(StandardCharsets.US_ASCII), oneK};
        short[] bcTypes = {org.bouncycastle.tls.ContentType.alert, org.bouncycastle.tls.ContentType.application_data,
            org.bouncycastle.tls.ContentType.handshake};
        ContentType[] types = {ContentType.ALERT, ContentType.APPLICATION_DATA, ContentType.HANDSHAKE};
        int headerLength = 13 + CID.length;
        for (int seq = 0; seq < payloads.length; seq++) {
            byte[] payload = payloads[seq];
            long seqNum = ((long) EPOCH << 48) | seq;
            byte[] record = new byte[payload.length + client.recordOverhead(EPOCH)];
            int n = client.writeRecord(types[seq], EPOCH, payload, 0, payload.length, record, 0);
            TlsDecodeResult opened = bcServer.decodeCiphertext(seqNum, org.bouncycastle.tls.ContentType.tls12_cid,
                    ProtocolVersion.DTLSv12, record, headerLength, n - headerLength);
            assertEquals(bcTypes[seq], opened.contentType, suite + ": the real type of record " + seq);
            assertArrayEquals(payload, Arrays.copyOfRange(opened.buf, opened.off, opened.off + opened.len),
                    suite + ": record " + seq + " as Bouncy Castle opened it");

            TlsEncodeResult sealed = bcClient.encodePlaintext(seqNum, bcTypes[seq], ProtocolVersion.DTLSv12, 0,
                    payload, 0, payload.length);
            assertEquals(org.bouncycastle.tls.ContentType.tls12_cid, sealed.recordType);
            byte[] bcRecord = Arrays.copyOf(record, headerLength + sealed.len);
            System.arraycopy(sealed.buf, sealed.off, bcRecord, headerLength, sealed.len);
            bcRecord[headerLength - 2] = (byte) (sealed.len >>> 8);
            bcRecord[headerLength - 1] = (byte) sealed.len;
            Keep keep = new Keep();
            server.receive(bcRecord, 0, bcRecord.length, keep);
            assertEquals(List.of(types[seq]), keep.types, suite + ": " + server.discards());
            assertArrayEquals(payload, keep.data.get(0));
        }
    }

    private static RecordProtection cbc(CipherSuite suite, boolean encryptThenMac, byte[] key, byte[] macKey) {
        org.dtls4j.crypto.MacAlgorithm mac = suite.mac().orElseThrow();
        return RecordProtection.of(encryptThenMac
                ? CbcCiphers.encryptThenMac(suite.cipher(), key, mac, macKey, new SecureRandom(), JcaProviders.defaults())
                : CbcCiphers.macThenEncrypt(suite.cipher(), key, mac, macKey, new SecureRandom(), JcaProviders.defaults()));
    }

    /** Sink keeping copies of what it is given. */
    private static final class Keep implements RecordSink {
        final List<ContentType> types = new ArrayList<>();
        final List<byte[]> data = new ArrayList<>();

        @Override
        public void onRecord(ContentType type, int epoch, long seq, byte[] buf, int off, int len) {
            types.add(type);
            data.add(Arrays.copyOfRange(buf, off, off + len));
        }
    }

    @ParameterizedTest
    @EnumSource(value = BulkCipher.class, mode = EnumSource.Mode.EXCLUDE, names = "AES_128_CBC")
    void sealedRecordsMatchBouncyCastleByteForByte(BulkCipher cipher) throws Exception {
        Random random = new Random(cipher.ordinal());
        byte[] master = new byte[48];
        byte[] clientRandom = new byte[32];
        byte[] serverRandom = new byte[32];
        random.nextBytes(master);
        random.nextBytes(clientRandom);
        random.nextBytes(serverRandom);

        BcTlsCrypto crypto = new BcTlsCrypto(new SecureRandom());
        SecurityParameters sp = new SecurityParameters();
        set(sp, "entity", ConnectionEnd.client);
        set(sp, "negotiatedVersion", ProtocolVersion.DTLSv12);
        set(sp, "prfAlgorithm", PRFAlgorithm.tls_prf_sha256);
        set(sp, "masterSecret", crypto.createSecret(master));
        set(sp, "clientRandom", clientRandom);
        set(sp, "serverRandom", serverRandom);
        set(sp, "connectionIDLocal", CID.clone());
        set(sp, "connectionIDPeer", CID.clone());
        TlsCipher bc = crypto.createCipher(new Params(sp, false), bcAlgorithm(cipher), MACAlgorithm._null);

        // RFC 5246 §6.3: key_block = PRF(master_secret, "key expansion", server_random + client_random)
        int k = cipher.keyLength();
        int iv = cipher.fixedIvLength();
        byte[] seed = new byte[64];
        System.arraycopy(serverRandom, 0, seed, 0, 32);
        System.arraycopy(clientRandom, 0, seed, 32, 32);
        byte[] keyBlock = Prf.prf(PrfHash.SHA256, master, "key expansion", seed, 2 * k + 2 * iv, JcaProviders.defaults());
        byte[] clientKey = Arrays.copyOfRange(keyBlock, 0, k);
        byte[] serverKey = Arrays.copyOfRange(keyBlock, k, 2 * k);
        byte[] clientIv = Arrays.copyOfRange(keyBlock, 2 * k, 2 * k + iv);
        byte[] serverIv = Arrays.copyOfRange(keyBlock, 2 * k + iv, 2 * k + 2 * iv);

        // dtls4j as the client: writes with the client keys, reads with the server keys
        RecordLayer dtls4j = new RecordLayer();
        dtls4j.setWriteConnectionId(CID);
        dtls4j.setReadConnectionId(CID);
        dtls4j.installWriteEpoch(EPOCH, RecordProtection.create(cipher, clientKey, clientIv, JcaProviders.defaults()));
        dtls4j.installReadEpoch(EPOCH, RecordProtection.create(cipher, serverKey, serverIv, JcaProviders.defaults()));

        byte[][] payloads = {"hello, CID".getBytes(StandardCharsets.US_ASCII), new byte[0], new byte[1200]};
        short[] bcTypes = {org.bouncycastle.tls.ContentType.application_data, org.bouncycastle.tls.ContentType.alert,
            org.bouncycastle.tls.ContentType.handshake};
        ContentType[] types = {ContentType.APPLICATION_DATA, ContentType.ALERT, ContentType.HANDSHAKE};
        int headerLength = 13 + CID.length;
        for (int seq = 0; seq < payloads.length; seq++) {
            byte[] payload = payloads[seq];
            byte[] record = new byte[payload.length + dtls4j.recordOverhead(EPOCH)];
            dtls4j.writeRecord(types[seq], EPOCH, payload, 0, payload.length, record, 0);

            long seqNum = ((long) EPOCH << 48) | seq;
            TlsEncodeResult sealed = bc.encodePlaintext(seqNum, bcTypes[seq], ProtocolVersion.DTLSv12, 0,
                    payload, 0, payload.length);
            assertEquals(org.bouncycastle.tls.ContentType.tls12_cid, sealed.recordType);
            byte[] bcFragment = Arrays.copyOfRange(sealed.buf, sealed.off, sealed.off + sealed.len);
            assertArrayEquals(bcFragment, Arrays.copyOfRange(record, headerLength, record.length),
                    cipher + ": enc_content of record " + seq + " differs from Bouncy Castle's");
        }

        // Bouncy Castle opens a record sealed with the server keys, as dtls4j reads them
        byte[] reply = "from the server".getBytes(StandardCharsets.US_ASCII);
        RecordLayer server = new RecordLayer();
        server.setWriteConnectionId(CID);
        server.installWriteEpoch(EPOCH, RecordProtection.create(cipher, serverKey, serverIv, JcaProviders.defaults()));
        byte[] record = new byte[reply.length + server.recordOverhead(EPOCH)];
        server.writeRecord(ContentType.APPLICATION_DATA, EPOCH, reply, 0, reply.length, record, 0);
        TlsDecodeResult opened = bc.decodeCiphertext(((long) EPOCH << 48), org.bouncycastle.tls.ContentType.tls12_cid,
                ProtocolVersion.DTLSv12, record, headerLength, record.length - headerLength);
        assertEquals(org.bouncycastle.tls.ContentType.application_data, opened.contentType);
        assertArrayEquals(reply, Arrays.copyOfRange(opened.buf, opened.off, opened.off + opened.len));

        // and BC's own reply, sealed with the same keys, is what dtls4j reads
        TlsCipher bcServer = crypto.createCipher(new Params(sp, true), bcAlgorithm(cipher), MACAlgorithm._null);
        TlsEncodeResult fromBc = bcServer.encodePlaintext((long) EPOCH << 48, org.bouncycastle.tls.ContentType.handshake,
                ProtocolVersion.DTLSv12, 0, reply, 0, reply.length);
        byte[] bcRecord = Arrays.copyOf(record, headerLength + fromBc.len);
        System.arraycopy(fromBc.buf, fromBc.off, bcRecord, headerLength, fromBc.len);
        bcRecord[headerLength - 2] = (byte) (fromBc.len >>> 8);
        bcRecord[headerLength - 1] = (byte) fromBc.len;
        Keep keep = new Keep();
        dtls4j.receive(bcRecord, 0, bcRecord.length, keep);
        assertEquals(List.of(ContentType.HANDSHAKE), keep.types, dtls4j.discards().toString());
        assertArrayEquals(reply, keep.data.get(0));
    }
}
