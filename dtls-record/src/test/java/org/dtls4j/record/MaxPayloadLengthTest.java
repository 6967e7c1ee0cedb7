package org.dtls4j.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.stream.Stream;
import org.dtls4j.crypto.BulkCipher;
import org.dtls4j.crypto.CbcCiphers;
import org.dtls4j.crypto.JcaProviders;
import org.dtls4j.crypto.MacAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link RecordLayer#maxPayloadLength} is exact: for every record size from 64 to 1,500 bytes the
 * payload it names makes a record of at most that size, and one byte more does not fit. A CBC
 * record's padding completes its last block, so the exact answer is up to 15 bytes more than the
 * size less {@link RecordLayer#recordOverhead}, which counts a whole block of padding.
 */
class MaxPayloadLengthTest {
    private static final byte[] KEY = new byte[16];

    static Stream<Arguments> protections() {
        return Stream.of(
                Arguments.of("AES-128-GCM", (java.util.function.Supplier<RecordProtection>) () ->
                        RecordProtection.create(BulkCipher.AES_128_GCM, KEY, new byte[4], JcaProviders.defaults())),
                Arguments.of("CBC-SHA256 encrypt-then-MAC", cbc(MacAlgorithm.HMAC_SHA256, true)),
                Arguments.of("CBC-SHA256 MAC-then-encrypt", cbc(MacAlgorithm.HMAC_SHA256, false)),
                Arguments.of("CBC-SHA1 encrypt-then-MAC", cbc(MacAlgorithm.HMAC_SHA1, true)),
                Arguments.of("CBC-SHA1 MAC-then-encrypt", cbc(MacAlgorithm.HMAC_SHA1, false)));
    }

    private static java.util.function.Supplier<RecordProtection> cbc(MacAlgorithm mac, boolean etm) {
        return () -> {
            byte[] macKey = new byte[mac.keyLength()];
            SecureRandom r = new SecureRandom();
            return RecordProtection.of(etm
                    ? CbcCiphers.encryptThenMac(BulkCipher.AES_128_CBC, KEY, mac, macKey, r, JcaProviders.defaults())
                    : CbcCiphers.macThenEncrypt(BulkCipher.AES_128_CBC, KEY, mac, macKey, r, JcaProviders.defaults()));
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("protections")
    void exactForEveryRecordSize(String name, java.util.function.Supplier<RecordProtection> protection) {
        for (byte[] cid : new byte[][] {null, {1, 2, 3, 4}}) {
            RecordLayer layer = new RecordLayer();
            layer.setWriteConnectionId(cid); // for the epochs installed from now on
            layer.installWriteEpoch(1, protection.get());
            String context = name + (cid == null ? "" : " with a 4-byte CID");
            int gained = 0;
            for (int size = 64; size <= 1500; size++) {
                int max = layer.maxPayloadLength(1, size, RecordHeader.MAX_PLAINTEXT_LENGTH);
                if (max < 0) {
                    continue;
                }
                byte[] out = new byte[size + 64];
                int written = layer.writeRecord(ContentType.APPLICATION_DATA, 1, new byte[max], 0, max, out, 0);
                assertTrue(written <= size, context + ": " + max + " bytes make a record of " + written + " > " + size);
                assertEquals(written, layer.maxRecordLength(1, max), context + ": maxRecordLength is the written length");
                assertTrue(layer.maxRecordLength(1, max + 1) > size, context + ": " + (max + 1) + " bytes still fit " + size);
                gained = Math.max(gained, max - (size - layer.recordOverhead(1)));
            }
            assertEquals(name.startsWith("CBC") ? 15 : 0, gained,
                    context + ": the most the exact length gains over size - recordOverhead");
        }
    }

    /** The plaintext limit (a record size limit, RFC 8449 §4) counts a CID record's whole DTLSInnerPlaintext. */
    @Test
    void aPlaintextLimitCountsTheInnerPlaintextOfACidRecord() {
        RecordLayer plain = new RecordLayer();
        plain.installWriteEpoch(1, cbc(MacAlgorithm.HMAC_SHA256, true).get());
        assertEquals(256, plain.maxPayloadLength(1, 1400, 256));
        RecordLayer layer = new RecordLayer();
        layer.setWriteConnectionId(new byte[] {7});
        layer.installWriteEpoch(1, cbc(MacAlgorithm.HMAC_SHA256, true).get());
        assertEquals(255, layer.maxPayloadLength(1, 1400, 256), "one byte for real_type");
        layer.setWritePadding(InnerPlaintextPadding.toMultipleOf(16));
        int max = layer.maxPayloadLength(1, 1400, 256);
        assertEquals(256 - 1 - InnerPlaintextPadding.toMultipleOf(16).maxPadding(), max);
    }

    @Test
    void epochZeroHasOnlyTheHeader() {
        RecordLayer layer = new RecordLayer();
        assertEquals(1400 - 13, layer.maxPayloadLength(0, 1400, RecordHeader.MAX_PLAINTEXT_LENGTH));
        assertEquals(512, layer.maxPayloadLength(0, 1400, 512));
        assertEquals(1 << 14, layer.maxPayloadLength(0, 20_000, 1 << 15));
        assertEquals(13 + 100, layer.maxRecordLength(0, 100));
    }
}
