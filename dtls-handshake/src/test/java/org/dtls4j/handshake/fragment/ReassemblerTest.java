package org.dtls4j.handshake.fragment;

import static org.dtls4j.handshake.fragment.Reassembler.Outcome.ACCEPTED;
import static org.dtls4j.handshake.fragment.Reassembler.Outcome.DUPLICATE;
import static org.dtls4j.handshake.fragment.Reassembler.Outcome.INCONSISTENT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.dtls4j.handshake.fragment.Reassembler.Limits;
import org.dtls4j.handshake.fragment.Reassembler.Outcome;
import org.junit.jupiter.api.Test;

/** Ordering, duplicates, overlaps and re-cut retransmissions (RFC 6347 §4.2.2, §4.2.3). */
class ReassemblerTest {

    static byte[] pattern(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    /** The fragment carrying bytes {@code [from, to)} of {@code body}. */
    static HandshakeFragment piece(int type, int seq, byte[] body, int from, int to) {
        return new HandshakeFragment(type, body.length, seq, from, Arrays.copyOfRange(body, from, to));
    }

    static HandshakeFragment whole(int type, int seq, byte[] body) {
        return piece(type, seq, body, 0, body.length);
    }

    @Test
    void deliversAWholeMessage() {
        Reassembler r = new Reassembler();
        byte[] body = pattern(50, 1);

        assertEquals(ACCEPTED, r.offer(whole(2, 0, body)));
        HandshakeMessageBytes m = r.poll();

        assertEquals(new HandshakeMessageBytes(2, 0, body), m);
        assertNull(r.poll());
        assertEquals(1, r.nextExpectedSeq());
        assertEquals(0, r.bufferedBytes());
    }

    @Test
    void deliversStrictlyInMessageSeqOrder() {
        Reassembler r = new Reassembler();
        byte[] b0 = pattern(10, 0);
        byte[] b1 = pattern(20, 1);
        byte[] b2 = pattern(30, 2);

        assertEquals(ACCEPTED, r.offer(whole(12, 2, b2)));
        assertEquals(ACCEPTED, r.offer(whole(11, 1, b1)));
        assertNull(r.poll(), "message 0 is missing, so nothing may be delivered");
        assertEquals(60 - 10, r.bufferedBytes());

        assertEquals(ACCEPTED, r.offer(whole(2, 0, b0)));
        assertEquals(new HandshakeMessageBytes(2, 0, b0), r.poll());
        assertEquals(new HandshakeMessageBytes(11, 1, b1), r.poll());
        assertEquals(new HandshakeMessageBytes(12, 2, b2), r.poll());
        assertNull(r.poll());
        assertEquals(3, r.nextExpectedSeq());
        assertEquals(0, r.bufferedBytes());
    }

    @Test
    void aFragmentOfADeliveredMessageIsADuplicate() {
        Reassembler r = new Reassembler();
        byte[] body = pattern(40, 3);
        r.offer(whole(2, 0, body));
        r.poll();

        assertEquals(DUPLICATE, r.offer(piece(2, 0, body, 10, 20)));
        assertEquals(DUPLICATE, r.offer(whole(2, 0, body)));
        assertFalse(DUPLICATE.isRejected());
        assertNull(r.poll());
        assertEquals(0, r.bufferedBytes());
    }

    @Test
    void aRepeatedFragmentOfAnUndeliveredMessageIsHarmless() {
        Reassembler r = new Reassembler();
        byte[] body = pattern(40, 3);

        assertEquals(ACCEPTED, r.offer(piece(2, 0, body, 0, 20)));
        assertEquals(ACCEPTED, r.offer(piece(2, 0, body, 0, 20)));
        assertNull(r.poll());
        assertEquals(ACCEPTED, r.offer(piece(2, 0, body, 20, 40)));
        assertEquals(ACCEPTED, r.offer(whole(2, 0, body)), "complete, not yet taken: still accepted");

        assertEquals(new HandshakeMessageBytes(2, 0, body), r.poll());
    }

    @Test
    void overlappingFragmentsComplete() {
        Reassembler r = new Reassembler();
        byte[] body = pattern(10, 4);

        // The package documentation's example: [4,7), [0,5), [6,10).
        assertEquals(ACCEPTED, r.offer(piece(11, 0, body, 4, 7)));
        assertEquals(ACCEPTED, r.offer(piece(11, 0, body, 0, 5)));
        assertNull(r.poll());
        assertEquals(ACCEPTED, r.offer(piece(11, 0, body, 6, 10)));

        assertArrayEquals(body, r.poll().body());
    }

    @Test
    void bytesAlreadyReceivedAreKept() {
        Reassembler r = new Reassembler();
        byte[] body = pattern(8, 5);
        byte[] forged = body.clone();
        Arrays.fill(forged, (byte) 0x55);

        r.offer(piece(11, 0, body, 0, 4));
        // An overlapping fragment with different bytes fills only what is still missing.
        r.offer(new HandshakeFragment(11, 8, 0, 2, Arrays.copyOfRange(forged, 2, 8)));

        byte[] expected = body.clone();
        Arrays.fill(expected, 4, 8, (byte) 0x55);
        assertArrayEquals(expected, r.poll().body());
    }

    @Test
    void aMessageResentInADifferentSplitCompletes() {
        Reassembler r = new Reassembler();
        byte[] body = pattern(1000, 6);
        // First transmission in 300-byte pieces: only the first and third arrive.
        r.offer(piece(11, 0, body, 0, 300));
        r.offer(piece(11, 0, body, 600, 900));
        assertNull(r.poll());

        // The retransmission is cut in 128-byte pieces (a smaller PMTU); all of them arrive.
        for (int from = 0; from < body.length; from += 128) {
            assertEquals(ACCEPTED, r.offer(piece(11, 0, body, from, Math.min(body.length, from + 128))));
        }

        assertArrayEquals(body, r.poll().body());
    }

    @Test
    void aZeroLengthMessageCompletesWithOneEmptyFragment() {
        Reassembler r = new Reassembler();

        assertEquals(ACCEPTED, r.offer(new HandshakeFragment(14, 0, 0, 0, new byte[0])));

        HandshakeMessageBytes done = r.poll();
        assertEquals(14, done.msgType());
        assertEquals(0, done.length());
    }

    @Test
    void typeOrLengthDifferingFromTheFirstFragmentIsInconsistent() {
        Reassembler r = new Reassembler();
        byte[] body = pattern(20, 7);
        r.offer(piece(11, 0, body, 0, 10));

        assertEquals(INCONSISTENT, r.offer(new HandshakeFragment(12, 20, 0, 10, new byte[10])));
        assertEquals(INCONSISTENT, r.offer(new HandshakeFragment(11, 21, 0, 10, new byte[10])));
        assertTrue(INCONSISTENT.isRejected());

        assertEquals(ACCEPTED, r.offer(piece(11, 0, body, 10, 20)));
        assertArrayEquals(body, r.poll().body());
    }

    @Test
    void theServerCanStartAfterTheCookieExchange() {
        Reassembler r = new Reassembler();
        r.setNextExpectedSeq(2);

        assertEquals(DUPLICATE, r.offer(whole(1, 1, pattern(30, 8))));
        assertEquals(ACCEPTED, r.offer(whole(16, 2, pattern(30, 9))));
        assertEquals(2, r.poll().messageSeq());
        assertEquals(3, r.nextExpectedSeq());
    }

    @Test
    void movingTheNextExpectedSeqDropsWhatFallsOutOfTheWindow() {
        Reassembler r = new Reassembler();
        r.offer(whole(1, 1, pattern(10, 0)));
        r.offer(whole(1, 3, pattern(20, 0)));
        assertEquals(30, r.bufferedBytes());

        r.setNextExpectedSeq(2);
        assertEquals(20, r.bufferedBytes(), "message 1 is behind the new next_receive_seq");
        assertEquals(ACCEPTED, r.offer(whole(1, 9, pattern(40, 0))), "7 ahead of 2: inside the window");
        assertEquals(2, r.bufferedMessages());

        r.setNextExpectedSeq(1);
        assertEquals(20, r.bufferedBytes(), "message 9 is now 8 ahead, outside the window");
        assertEquals(1, r.bufferedMessages());
        assertThrows(IllegalArgumentException.class, () -> r.setNextExpectedSeq(0x10000));
    }

    @Test
    void aRejectedFragmentChangesNothing() {
        Reassembler r = new Reassembler(new Limits(100, 150, 4, 2));
        byte[] body = pattern(100, 1);
        r.offer(piece(11, 0, body, 40, 60));
        int before = r.bufferedBytes();

        for (HandshakeFragment bad : List.of(
                new HandshakeFragment(11, 101, 0, 0, new byte[1]),          // TOO_LONG
                new HandshakeFragment(11, 100, 4, 0, new byte[1]),          // TOO_FAR_AHEAD
                new HandshakeFragment(12, 100, 0, 0, new byte[1]),          // INCONSISTENT
                new HandshakeFragment(11, 100, 1, 0, new byte[1]),          // BUFFER_FULL
                piece(11, 0, body, 10, 11))) {                              // TOO_FRAGMENTED
            Outcome o = r.offer(bad);
            assertTrue(o.isRejected(), bad + " gave " + o);
            assertEquals(before, r.bufferedBytes());
            assertEquals(1, r.bufferedMessages());
        }
        r.offer(piece(11, 0, body, 0, 40));
        r.offer(piece(11, 0, body, 60, 100));
        assertArrayEquals(body, r.poll().body());
    }

    @Test
    void limitsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new Limits(-1, 10, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> new Limits(1 << 24, 1 << 25, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> new Limits(100, 99, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> new Limits(100, 100, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> new Limits(100, 100, 1, 1));
        Limits d = Limits.defaults();
        assertEquals(new Limits(65536, 131072, 8, 64), d);
        assertTrue(d.maxMessageLength() >= 16 * 1024, "a typical certificate chain must pass");
    }
}
