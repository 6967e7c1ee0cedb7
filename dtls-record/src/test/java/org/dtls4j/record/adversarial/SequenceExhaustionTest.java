package org.dtls4j.record.adversarial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.dtls4j.crypto.BulkCipher;
import org.dtls4j.crypto.JcaProviders;
import org.dtls4j.record.ContentType;
import org.dtls4j.record.RecordHeader;
import org.dtls4j.record.RecordLayer;
import org.dtls4j.record.RecordProtection;
import org.dtls4j.record.RecordSink;
import org.dtls4j.record.SequenceNumberExhaustedException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The end of the sequence space (RFC 6347 §4.1: "Implementations MUST either abandon an association
 * or rehandshake prior to allowing the sequence number to wrap"). An epoch whose next number is
 * 2^48-2 writes two more records, numbered 2^48-2 and 2^48-1, which the peer accepts; the third
 * write fails with {@link SequenceNumberExhaustedException}, writes nothing, and leaves the epoch
 * failing the same way: no (epoch, sequence number) pair, and so no AEAD nonce, is ever used twice.
 * Through the public API only ({@link RecordLayer#advanceWriteSequence}).
 */
class SequenceExhaustionTest {
    private static final long LAST = RecordHeader.MAX_SEQUENCE_NUMBER;

    @ParameterizedTest
    @EnumSource(value = BulkCipher.class, mode = EnumSource.Mode.EXCLUDE, names = "AES_128_CBC")
    void theThirdRecordFromTwoToTheFortyEightMinusTwoFailsCleanly(BulkCipher cipher) {
        Random random = new Random(cipher.ordinal());
        byte[] key = new byte[cipher.keyLength()];
        byte[] iv = new byte[cipher.fixedIvLength()];
        random.nextBytes(key);
        random.nextBytes(iv);
        RecordLayer writer = new RecordLayer();
        writer.installWriteEpoch(1, RecordProtection.create(cipher, key, iv, JcaProviders.defaults()));
        RecordLayer reader = new RecordLayer();
        reader.installReadEpoch(1, RecordProtection.create(cipher, key, iv, JcaProviders.defaults()));
        writer.advanceWriteSequence(1, LAST - 1);

        byte[] payload = "near the end".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] out = new byte[payload.length + writer.recordOverhead(1)];
        List<Long> delivered = new ArrayList<>();
        RecordSink sink = (type, epoch, seq, buf, off, len) -> {
            assertArrayEquals(payload, Arrays.copyOfRange(buf, off, off + len));
            delivered.add(seq);
        };
        for (long expected : new long[] {LAST - 1, LAST}) {
            assertEquals(expected, writer.nextWriteSequence(1));
            int n = writer.writeRecord(ContentType.APPLICATION_DATA, 1, payload, 0, payload.length, out, 0);
            reader.receive(out, 0, n, sink);
        }
        assertEquals(List.of(LAST - 1, LAST), delivered, "both last numbers are usable and accepted");

        byte[] before = out.clone();
        for (int attempt = 0; attempt < 3; attempt++) {
            SequenceNumberExhaustedException e = assertThrows(SequenceNumberExhaustedException.class,
                    () -> writer.writeRecord(ContentType.APPLICATION_DATA, 1, payload, 0, payload.length, out, 0));
            assertEquals(1, e.epoch());
            assertArrayEquals(before, out, "nothing written");
        }
        assertEquals(LAST + 1, writer.nextWriteSequence(1), "the epoch stays exhausted; it never wraps to 0");
        assertThrows(IllegalArgumentException.class, () -> writer.advanceWriteSequence(1, LAST + 2));
        // Epoch 0 is independent and still writes (an alert could still go out under it).
        int n = writer.writeRecord(ContentType.ALERT, 0, new byte[] {1, 0}, 0, 2, out, 0);
        assertEquals(15, n);
    }
}
