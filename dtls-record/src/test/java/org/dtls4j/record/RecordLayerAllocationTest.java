package org.dtls4j.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.security.GeneralSecurityException;

import javax.crypto.AEADBadTagException;

import org.dtls4j.crypto.AeadCipher;
import org.dtls4j.crypto.BulkCipher;
import org.junit.jupiter.api.Test;

/**
 * The steady-state promise: after warm-up, writing and receiving records allocates nothing of
 * ours. JCA ciphers allocate inside, so the protected path runs over {@link ToyAead}, a
 * non-allocating stand-in with the AES-GCM shape; what is measured is the record layer itself.
 */
class RecordLayerAllocationTest {
    private static final int RECORDS = 20_000;
    /** Slack for the measurement itself; one object per record would be at least 16 * RECORDS bytes. */
    private static final long SLACK_BYTES = 2048;

    /**
     * Not a cipher: XOR with the nonce and a 16-byte checksum over nonce, additional data and
     * ciphertext. Allocation-free, deterministic, and it does reject changed bytes, which is all
     * this test needs.
     */
    static final class ToyAead implements AeadCipher {
        @Override
        public BulkCipher algorithm() {
            return BulkCipher.AES_128_GCM;
        }

        @Override
        public int seal(byte[] nonce, byte[] aad, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
            for (int i = 0; i < inLen; i++) {
                out[outOff + i] = (byte) (in[inOff + i] ^ nonce[i % nonce.length]);
            }
            writeTag(nonce, aad, out, outOff, inLen, out, outOff + inLen);
            return inLen + 16;
        }

        @Override
        public int open(byte[] nonce, byte[] aad, byte[] in, int inOff, int inLen, byte[] out, int outOff)
                throws GeneralSecurityException {
            int len = inLen - 16;
            if (len < 0 || !tagMatches(nonce, aad, in, inOff, len)) {
                throw new AEADBadTagException();
            }
            for (int i = 0; i < len; i++) {
                out[outOff + i] = (byte) (in[inOff + i] ^ nonce[i % nonce.length]);
            }
            return len;
        }

        private static long mix(long h, byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                h = (h ^ (b[i] & 0xFF)) * 0x100000001B3L;
            }
            return h;
        }

        private static long checksum(long seed, byte[] nonce, byte[] aad, byte[] ct, int off, int len) {
            return mix(mix(mix(seed, nonce, 0, nonce.length), aad, 0, aad.length), ct, off, len);
        }

        private static void writeTag(byte[] nonce, byte[] aad, byte[] ct, int off, int len, byte[] out, int at) {
            long a = checksum(0xCBF29CE484222325L, nonce, aad, ct, off, len);
            long b = checksum(0x84222325CBF29CE4L, nonce, aad, ct, off, len);
            for (int i = 0; i < 8; i++) {
                out[at + i] = (byte) (a >>> (8 * i));
                out[at + 8 + i] = (byte) (b >>> (8 * i));
            }
        }

        private static boolean tagMatches(byte[] nonce, byte[] aad, byte[] in, int off, int len) {
            long a = checksum(0xCBF29CE484222325L, nonce, aad, in, off, len);
            long b = checksum(0x84222325CBF29CE4L, nonce, aad, in, off, len);
            int diff = 0;
            for (int i = 0; i < 8; i++) {
                diff |= in[off + len + i] ^ (byte) (a >>> (8 * i));
                diff |= in[off + len + 8 + i] ^ (byte) (b >>> (8 * i));
            }
            return diff == 0;
        }
    }

    /** Adds up what it is given; allocates nothing. */
    private static final class SummingSink implements RecordSink {
        long records;
        long bytes;

        @Override
        public void onRecord(ContentType type, int epoch, long sequenceNumber, byte[] buf, int off, int len) {
            records++;
            bytes += len;
        }
    }

    /** Writes and receives {@code RECORDS} datagrams of three records each. */
    private static void run(RecordLayer sender, RecordLayer receiver, int epoch, byte[] payload, byte[] datagram,
                            SummingSink sink) {
        for (int i = 0; i < RECORDS; i++) {
            int n = sender.writeRecord(ContentType.APPLICATION_DATA, epoch, payload, 0, payload.length, datagram, 0);
            n += sender.writeRecord(ContentType.HANDSHAKE, epoch, payload, 0, 10, datagram, n);
            n += sender.writeRecord(ContentType.ALERT, epoch, payload, 0, 2, datagram, n);
            receiver.receive(datagram, 0, n, sink);
        }
    }

    private static void assertSteadyStateAllocatesNothing(int epoch, RecordLayer sender, RecordLayer receiver) {
        AllocationCounter counter = AllocationCounter.forCurrentThread();
        assumeTrue(counter != null, "this JVM does not count allocations per thread");
        byte[] payload = new byte[200];
        byte[] datagram = new byte[1500];
        SummingSink sink = new SummingSink();

        run(sender, receiver, epoch, payload, datagram, sink);           // warm-up
        counter.allocatedBytes();
        long before = counter.allocatedBytes();
        long overhead = counter.allocatedBytes() - before;              // the cost of asking
        before = counter.allocatedBytes();
        run(sender, receiver, epoch, payload, datagram, sink);
        long allocated = counter.allocatedBytes() - before - overhead;

        assertEquals(2L * 3 * RECORDS, sink.records, "every record was delivered");
        assertEquals(0, receiver.discards().total());
        assertTrue(allocated < SLACK_BYTES, allocated + " bytes allocated for " + 3 * RECORDS + " records");
    }

    @Test
    void plaintextEpochAllocatesNothingPerRecord() {
        assertSteadyStateAllocatesNothing(0, new RecordLayer(), new RecordLayer());
    }

    @Test
    void protectedEpochAllocatesNothingOfOursPerRecord() {
        byte[] salt = {1, 2, 3, 4};
        RecordLayer sender = new RecordLayer();
        RecordLayer receiver = new RecordLayer();
        sender.installWriteEpoch(1, RecordProtection.of(new ToyAead(), salt));
        receiver.installReadEpoch(1, RecordProtection.of(new ToyAead(), salt));
        assertSteadyStateAllocatesNothing(1, sender, receiver);
    }

    @Test
    void toyAeadRejectsATamperedRecord() {
        // The stand-in must still authenticate, or the test above could pass by dropping records.
        byte[] salt = {1, 2, 3, 4};
        RecordLayer sender = new RecordLayer();
        RecordLayer receiver = new RecordLayer();
        sender.installWriteEpoch(1, RecordProtection.of(new ToyAead(), salt));
        receiver.installReadEpoch(1, RecordProtection.of(new ToyAead(), salt));
        byte[] record = Records.write(sender, ContentType.APPLICATION_DATA, 1, new byte[] {5, 6, 7});
        record[RecordHeader.LENGTH + 9] ^= 1;
        SummingSink sink = new SummingSink();
        Records.receive(receiver, record, sink);
        assertEquals(0, sink.records);
        assertEquals(1, receiver.discards().count(Discard.BAD_MAC));
    }
}
