package org.dtls4j.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.dtls4j.record.RecordLayerAllocationTest.ToyAead;
import org.junit.jupiter.api.Test;

/**
 * The steady-state promise holds with connection IDs: after warm-up, writing and receiving
 * tls12_cid records allocates nothing of ours (the inner-plaintext and additional-data scratch
 * arrays are made once). Runs over the non-allocating {@link ToyAead}, as the plain test does.
 */
class CidAllocationTest {
    private static final int RECORDS = 20_000;
    private static final long SLACK_BYTES = 2048;

    private static long records;

    private static void run(RecordLayer sender, RecordLayer receiver, byte[] payload, byte[] datagram, RecordSink sink) {
        for (int i = 0; i < RECORDS; i++) {
            int n = sender.writeRecord(ContentType.APPLICATION_DATA, 1, payload, 0, payload.length, datagram, 0);
            n += sender.writeRecord(ContentType.HANDSHAKE, 1, payload, 0, 10, datagram, n);
            n += sender.writeRecord(ContentType.ALERT, 1, payload, 0, 2, datagram, n);
            receiver.receive(datagram, 0, n, sink);
        }
    }

    @Test
    void cidRecordsAllocateNothingOfOursPerRecord() {
        AllocationCounter counter = AllocationCounter.forCurrentThread();
        assumeTrue(counter != null, "this JVM does not count allocations per thread");
        byte[] salt = {1, 2, 3, 4};
        byte[] cid = Hex.decode("0102030405060708");
        RecordLayer sender = new RecordLayer();
        RecordLayer receiver = new RecordLayer();
        sender.setWriteConnectionId(cid);
        receiver.setReadConnectionId(cid);
        sender.installWriteEpoch(1, RecordProtection.of(new ToyAead(), salt));
        receiver.installReadEpoch(1, RecordProtection.of(new ToyAead(), salt));
        byte[] payload = new byte[1200];
        byte[] datagram = new byte[1500];
        RecordSink sink = (type, epoch, seq, buf, off, len) -> records++;

        run(sender, receiver, payload, datagram, sink);               // warm-up
        counter.allocatedBytes();
        long before = counter.allocatedBytes();
        long overhead = counter.allocatedBytes() - before;
        before = counter.allocatedBytes();
        run(sender, receiver, payload, datagram, sink);
        long allocated = counter.allocatedBytes() - before - overhead;

        assertEquals(2L * 3 * RECORDS, records, "every record was delivered");
        assertEquals(0, receiver.discards().total());
        assertTrue(allocated < SLACK_BYTES, allocated + " bytes allocated for " + 3 * RECORDS + " records");
    }
}
