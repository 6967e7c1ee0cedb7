package org.dtls4j.handshake.fragment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import org.junit.jupiter.api.Test;

/** The sender's side of RFC 6347 §4.2.3: contiguous, non-overlapping fragments within a budget. */
class FragmenterTest {

    @Test
    void anEmptyBodyGivesOneEmptyWholeFragment() {
        List<HandshakeFragment> out = Fragmenter.fragment(14, 3, new byte[0], 100);

        assertEquals(List.of(new HandshakeFragment(14, 0, 3, 0, new byte[0])), out);
        assertTrue(out.get(0).isWhole());
    }

    @Test
    void aBodyThatFitsExactlyStaysWhole() {
        byte[] body = new byte[100];

        List<HandshakeFragment> out = Fragmenter.fragment(11, 0, body, 112);

        assertEquals(1, out.size());
        assertTrue(out.get(0).isWhole());
        assertEquals(112, out.get(0).encodedLength());
    }

    @Test
    void oneByteMoreMakesTwoFragments() {
        byte[] body = new byte[101];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }

        List<HandshakeFragment> out = Fragmenter.fragment(11, 7, body, 112);

        assertEquals(List.of(
                new HandshakeFragment(11, 101, 7, 0, java.util.Arrays.copyOf(body, 100)),
                new HandshakeFragment(11, 101, 7, 100, new byte[] {100})), out);
    }

    @Test
    void aBudgetWithoutRoomForABodyByteIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Fragmenter.fragment(1, 0, new byte[5], 12));
        assertThrows(IllegalArgumentException.class, () -> Fragmenter.fragment(1, 0, new byte[0], 0));
    }

    @Property(tries = 500)
    void fragmentsCoverTheBodyInOrderWithinTheBudget(
            @ForAll @Size(max = 5000) byte[] body,
            @ForAll @IntRange(min = 13, max = 1500) int maxFragmentSize,
            @ForAll @IntRange(min = 0, max = 0xFFFF) int seq) {
        List<HandshakeFragment> out = Fragmenter.fragment(11, seq, body, maxFragmentSize);

        int perFragment = maxFragmentSize - HandshakeFragment.HEADER_LENGTH;
        assertEquals(Math.max(1, (body.length + perFragment - 1) / perFragment), out.size());
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        int expectedOffset = 0;
        for (int i = 0; i < out.size(); i++) {
            HandshakeFragment f = out.get(i);
            assertTrue(f.encodedLength() <= maxFragmentSize, "encoded " + f.encodedLength() + " > " + maxFragmentSize);
            assertEquals(expectedOffset, f.fragmentOffset());
            assertEquals(body.length, f.length());
            assertEquals(seq, f.messageSeq());
            assertEquals(11, f.msgType());
            if (i < out.size() - 1) {
                assertEquals(maxFragmentSize, f.encodedLength(), "all but the last fragment are full");
            }
            joined.writeBytes(f.body());
            expectedOffset += f.fragmentLength();
        }
        assertArrayEquals(body, joined.toByteArray());
    }
}
