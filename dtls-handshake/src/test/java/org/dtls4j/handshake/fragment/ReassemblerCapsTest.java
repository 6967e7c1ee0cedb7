package org.dtls4j.handshake.fragment;

import static org.dtls4j.handshake.fragment.Reassembler.Outcome.ACCEPTED;
import static org.dtls4j.handshake.fragment.Reassembler.Outcome.BUFFER_FULL;
import static org.dtls4j.handshake.fragment.Reassembler.Outcome.TOO_FAR_AHEAD;
import static org.dtls4j.handshake.fragment.Reassembler.Outcome.TOO_FRAGMENTED;
import static org.dtls4j.handshake.fragment.Reassembler.Outcome.TOO_LONG;
import static org.dtls4j.handshake.fragment.ReassemblerTest.pattern;
import static org.dtls4j.handshake.fragment.ReassemblerTest.piece;
import static org.dtls4j.handshake.fragment.ReassemblerTest.whole;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.DecodeException;
import org.dtls4j.handshake.AllocationMeter;
import org.dtls4j.handshake.fragment.Reassembler.Limits;
import org.dtls4j.handshake.fragment.Reassembler.Outcome;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each cap of {@link Limits} against the hostile shape its documentation names. Where the point is
 * that nothing is allocated, the test measures the bytes this thread allocated.
 */
class ReassemblerCapsTest {

    private static final AllocationMeter METER = new AllocationMeter();

    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    @BeforeAll
    static void allocationCountingWorks() {
        assumeTrue(METER.isAvailable(), "this JVM cannot count allocated bytes per thread");
    }

    /** Bytes allocated by this thread while {@code action} ran. */
    static long allocatedDuring(Action action) throws Exception {
        long before = METER.allocatedBytes();
        action.run();
        return METER.allocatedBytes() - before;
    }

    private static byte[] encodeAll(List<HandshakeFragment> fragments) {
        ByteWriter w = new ByteWriter();
        fragments.forEach(f -> f.encode(w));
        return w.toByteArray();
    }

    /** Decodes a record's worth of fragments, with a loop bound that the header length guarantees. */
    private static List<HandshakeFragment> decodeRecord(byte[] record) throws DecodeException {
        ByteReader r = new ByteReader(record);
        List<HandshakeFragment> out = new ArrayList<>();
        for (int i = 0; i <= record.length / HandshakeFragment.HEADER_LENGTH && r.hasRemaining(); i++) {
            out.add(HandshakeFragment.decode(r));
        }
        assertTrue(!r.hasRemaining(), "every byte decoded within the bound");
        return out;
    }

    @Test
    void theMeasurementSeesABufferBeingAllocated() throws Exception {
        Reassembler r = new Reassembler();
        HandshakeFragment first = new HandshakeFragment(11, 60_000, 0, 0, new byte[10]);

        long bytes = allocatedDuring(() -> assertEquals(ACCEPTED, r.offer(first)));

        assertTrue(bytes >= 60_000, "allocated " + bytes);
    }

    /** Hostile shape: a 30-byte fragment that declares a 16 MiB message. */
    @Test
    void aSixteenMebibyteDeclarationInAThirtyByteFragmentAllocatesNothing() throws Exception {
        byte[] wire = new byte[30];
        System.arraycopy(HexFormat.of().parseHex("0b" + "ffffff" + "0000" + "000000" + "000012"), 0, wire, 0, 12);
        Reassembler r = new Reassembler();
        Outcome[] outcome = new Outcome[1];

        long bytes = allocatedDuring(() -> outcome[0] = r.offer(HandshakeFragment.decode(new ByteReader(wire))));

        assertEquals(TOO_LONG, outcome[0]);
        assertEquals(0, r.bufferedBytes());
        assertTrue(bytes < 64 * 1024, "allocated " + bytes + " bytes for a rejected 30-byte fragment");
    }

    @Test
    void aMessageAtTheLengthCapIsAccepted() {
        Reassembler r = new Reassembler();
        byte[] body = pattern(Limits.DEFAULT_MAX_MESSAGE_LENGTH, 1);

        assertEquals(ACCEPTED, r.offer(whole(11, 0, body)));
        assertEquals(TOO_LONG, r.offer(new HandshakeFragment(11, body.length + 1, 1, 0, new byte[1])));
        assertArrayEquals(body, r.poll().body());
    }

    /** Hostile shape: a fragment 60000 messages ahead, which would otherwise be held forever. */
    @Test
    void aFragmentSixtyThousandMessagesAheadIsRefused() throws Exception {
        Reassembler r = new Reassembler();
        HandshakeFragment far = new HandshakeFragment(11, 50_000, 60_000, 0, new byte[100]);
        Outcome[] outcome = new Outcome[1];

        long bytes = allocatedDuring(() -> outcome[0] = r.offer(far));

        assertEquals(TOO_FAR_AHEAD, outcome[0]);
        assertEquals(0, r.bufferedBytes());
        assertTrue(bytes < 16 * 1024, "allocated " + bytes);
    }

    @Test
    void theWindowIsEightMessagesFromTheNextExpected() {
        Reassembler r = new Reassembler();

        assertEquals(ACCEPTED, r.offer(whole(11, 7, pattern(5, 0))));
        assertEquals(TOO_FAR_AHEAD, r.offer(whole(11, 8, pattern(5, 0))));

        r.offer(whole(1, 0, pattern(5, 0)));
        r.poll();
        assertEquals(ACCEPTED, r.offer(whole(11, 8, pattern(5, 0))), "the window moved on with the delivery");
    }

    /**
     * Hostile shape: sixteen fragment headers in one datagram, each declaring a 60000-byte message
     * ahead of the next expected one and carrying one byte.
     */
    @Test
    void sixteenHostileHeadersInOneDatagramStayWithinTheBuffer() throws Exception {
        List<HandshakeFragment> hostile = new ArrayList<>();
        for (int seq = 1; seq <= 16; seq++) {
            hostile.add(new HandshakeFragment(11, 60_000, seq, 0, new byte[] {(byte) seq}));
        }
        List<HandshakeFragment> decoded = decodeRecord(encodeAll(hostile));
        assertEquals(16, decoded.size());
        Reassembler r = new Reassembler();
        List<Outcome> outcomes = new ArrayList<>();

        long bytes = allocatedDuring(() -> decoded.forEach(f -> outcomes.add(r.offer(f))));

        List<Outcome> expected = new ArrayList<>();
        expected.addAll(List.of(ACCEPTED, ACCEPTED));                 // 120000 of 131072 bytes
        expected.addAll(Collections.nCopies(5, BUFFER_FULL));   // seq 3..7
        expected.addAll(Collections.nCopies(9, TOO_FAR_AHEAD)); // seq 8..16
        assertEquals(expected, outcomes);
        assertEquals(120_000, r.bufferedBytes());
        assertTrue(bytes < Limits.DEFAULT_MAX_BUFFERED_BYTES + 32 * 1024, "allocated " + bytes);
    }

    @Test
    void theNextExpectedMessageEvictsLaterOnesWhenTheBufferIsFull() {
        Reassembler r = new Reassembler();
        r.offer(new HandshakeFragment(11, 60_000, 1, 0, new byte[1]));
        r.offer(new HandshakeFragment(11, 60_000, 2, 0, new byte[1]));
        assertEquals(BUFFER_FULL, r.offer(new HandshakeFragment(11, 60_000, 3, 0, new byte[1])));

        byte[] body = pattern(60_000, 2);
        assertEquals(ACCEPTED, r.offer(piece(2, 0, body, 0, 1000)), "message 0 must always find room");
        assertEquals(120_000, r.bufferedBytes(), "message 2, the furthest ahead, was evicted");
        assertEquals(2, r.bufferedMessages());

        assertEquals(ACCEPTED, r.offer(piece(2, 0, body, 1000, body.length)));
        assertArrayEquals(body, r.poll().body());
        assertNull(r.poll(), "message 1 is still incomplete");
    }

    /**
     * Hostile shape: 1-byte fragments at every other offset, which would cut a message into
     * thousands of gaps and make every further fragment slower.
     */
    @Test
    void oneByteFragmentsAtEveryOtherOffsetHitTheRangeCap() {
        Reassembler r = new Reassembler();
        byte[] body = pattern(4000, 3);
        int cap = Limits.DEFAULT_MAX_RANGES_PER_MESSAGE;
        List<Outcome> outcomes = new ArrayList<>();

        for (int offset = 0; offset < body.length; offset += 2) {
            outcomes.add(r.offer(piece(11, 0, body, offset, offset + 1)));
        }

        // After the fragment at offset 2k the gaps are [1,2), [3,4), ..., [2k+1, 4000): k + 1 ranges.
        assertEquals(Collections.nCopies(cap, ACCEPTED), outcomes.subList(0, cap));
        assertTrue(outcomes.subList(cap, outcomes.size()).stream().allMatch(o -> o == TOO_FRAGMENTED));
        assertTrue(TOO_FRAGMENTED.isRejected());

        // Filling a gap lowers the count again, and a retransmission in one piece completes the message.
        assertEquals(ACCEPTED, r.offer(piece(11, 0, body, 1, 2)));
        assertEquals(ACCEPTED, r.offer(piece(11, 0, body, 2 * cap, 2 * cap + 1)));
        assertEquals(ACCEPTED, r.offer(whole(11, 0, body)));
        assertArrayEquals(body, r.poll().body());
    }

    @Test
    void oneByteFragmentsInOrderAreFine() {
        Reassembler r = new Reassembler();
        byte[] body = pattern(3000, 4);

        for (int offset = 0; offset < body.length; offset++) {
            assertEquals(ACCEPTED, r.offer(piece(11, 0, body, offset, offset + 1)));
        }

        assertArrayEquals(body, r.poll().body());
    }

    /** Hostile shape: a record made of nothing but zero-length fragments. */
    @Test
    void zeroLengthFragmentsDoNotLoopOrAllocate() throws Exception {
        List<HandshakeFragment> empties = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            empties.add(new HandshakeFragment(11, 60_000, i % 8, (i * 7) % 60_001, new byte[0]));
        }
        byte[] record = encodeAll(empties);
        List<HandshakeFragment> decoded = decodeRecord(record);
        assertEquals(5000, decoded.size(), "each zero-length fragment still consumes its 12-byte header");
        Reassembler r = new Reassembler();
        List<Outcome> outcomes = new ArrayList<>(decoded.size());

        long bytes = allocatedDuring(() -> decoded.forEach(f -> outcomes.add(r.offer(f))));

        assertTrue(outcomes.stream().allMatch(o -> o == ACCEPTED));
        assertEquals(0, r.bufferedBytes(), "fragments without bytes allocate no message buffer");
        assertTrue(bytes < 60_000, "allocated " + bytes);
        assertNull(r.poll());
    }

    @Test
    void zeroLengthFragmentsOfAStartedMessageChangeNothing() {
        Reassembler r = new Reassembler();
        byte[] body = pattern(100, 5);
        r.offer(piece(11, 0, body, 0, 50));

        for (int offset = 0; offset <= 100; offset += 10) {
            assertEquals(ACCEPTED, r.offer(new HandshakeFragment(11, 100, 0, offset, new byte[0])));
        }
        assertNull(r.poll());

        r.offer(piece(11, 0, body, 50, 100));
        assertArrayEquals(body, r.poll().body());
    }
}
