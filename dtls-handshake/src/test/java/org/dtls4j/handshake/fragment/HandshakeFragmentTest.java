package org.dtls4j.handshake.fragment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.DecodeException;
import org.junit.jupiter.api.Test;

/** The RFC 6347 §4.2.2 fragment header codec: known bytes, round trip, prefixes, garbage. */
class HandshakeFragmentTest {

    private static final HexFormat HEX = HexFormat.of();

    static byte[] encode(HandshakeFragment f) {
        ByteWriter w = new ByteWriter();
        f.encode(w);
        return w.toByteArray();
    }

    @Test
    void encodesTheTwelveByteHeaderThenTheBody() {
        HandshakeFragment f = new HandshakeFragment(11, 0x012345, 0x0203, 0x000100, new byte[] {(byte) 0xAA, (byte) 0xBB});

        assertEquals("0b" + "012345" + "0203" + "000100" + "000002" + "aabb", HEX.formatHex(encode(f)));
        assertEquals(2, f.fragmentLength());
        assertEquals(14, f.encodedLength());
    }

    @Test
    void decodesKnownBytes() throws DecodeException {
        byte[] wire = HEX.parseHex("0e" + "000000" + "0004" + "000000" + "000000");

        HandshakeFragment f = HandshakeFragment.decode(new ByteReader(wire));

        assertEquals(new HandshakeFragment(14, 0, 4, 0, new byte[0]), f);
        assertTrue(f.isWhole());
    }

    @Test
    void readsTheHeaderAloneAndLeavesTheBody() throws DecodeException {
        // length 0x10, message_seq 2, fragment [4, 4 + 0x20): reaches past the message, read as is
        ByteReader r = new ByteReader(HEX.parseHex("01" + "000010" + "0002" + "000004" + "000020" + "aabb"));

        HandshakeFragment.Header h = HandshakeFragment.Header.decode(r);

        assertEquals(new HandshakeFragment.Header(1, 0x10, 2, 4, 0x20), h);
        assertEquals(2, r.remaining(), "the body is neither read nor measured");
        assertFalse(h.liesWithinMessage());
        assertFalse(h.isWhole());
        assertTrue(new HandshakeFragment.Header(1, 0x10, 2, 0, 0x10).isWhole());
        assertTrue(new HandshakeFragment.Header(1, 0x10, 2, 6, 0x0A).liesWithinMessage());
        assertThrows(DecodeException.class,
                () -> HandshakeFragment.Header.decode(new ByteReader(new byte[HandshakeFragment.HEADER_LENGTH - 1])));
    }

    @Test
    void decodesSeveralFragmentsFromOneRecord() throws DecodeException {
        HandshakeFragment a = new HandshakeFragment(1, 5, 0, 0, new byte[] {1, 2, 3});
        HandshakeFragment b = new HandshakeFragment(1, 5, 0, 3, new byte[] {4, 5});
        HandshakeFragment c = new HandshakeFragment(14, 0, 1, 0, new byte[0]);
        ByteWriter w = new ByteWriter();
        a.encode(w);
        b.encode(w);
        c.encode(w);

        ByteReader r = new ByteReader(w.toByteArray());
        List<HandshakeFragment> out = new ArrayList<>();
        for (int i = 0; i < 10 && r.hasRemaining(); i++) {
            out.add(HandshakeFragment.decode(r));
        }

        assertEquals(List.of(a, b, c), out);
    }

    @Test
    void rejectsAFragmentThatEndsPastTheMessage() {
        // length 12, offset 10, fragment_length 5: bytes [10, 15) of a 12-byte message.
        byte[] wire = HEX.parseHex("0b" + "00000c" + "0000" + "00000a" + "000005" + "0102030405");

        DecodeException e = assertThrows(DecodeException.class, () -> HandshakeFragment.decode(new ByteReader(wire)));
        assertTrue(e.getMessage().contains("past the message length 12"), e.getMessage());
    }

    @Test
    void rejectsAnOffsetPastTheMessageEvenWithoutBody() {
        byte[] wire = HEX.parseHex("0b" + "000004" + "0000" + "000005" + "000000");

        assertThrows(DecodeException.class, () -> HandshakeFragment.decode(new ByteReader(wire)));
    }

    @Test
    void keepsAnUnknownMessageType() throws DecodeException {
        byte[] wire = HEX.parseHex("c8" + "000001" + "0000" + "000000" + "000001" + "ff");

        assertEquals(200, HandshakeFragment.decode(new ByteReader(wire)).msgType());
    }

    @Test
    void aHugeDeclaredLengthDecodesWithoutAllocatingIt() throws DecodeException {
        // 16 MiB - 1 declared, 18 bytes present: the codec copies only what is there.
        byte[] wire = new byte[30];
        System.arraycopy(HEX.parseHex("0b" + "ffffff" + "0000" + "000000" + "000012"), 0, wire, 0, 12);

        HandshakeFragment f = HandshakeFragment.decode(new ByteReader(wire));

        assertEquals(0xFFFFFF, f.length());
        assertEquals(18, f.fragmentLength());
    }

    @Test
    void isWholeOnlyForOffsetZeroAndFullLength() {
        assertTrue(new HandshakeFragment(1, 2, 0, 0, new byte[2]).isWhole());
        assertFalse(new HandshakeFragment(1, 3, 0, 0, new byte[2]).isWhole());
        assertFalse(new HandshakeFragment(1, 3, 0, 1, new byte[2]).isWhole());
    }

    @Test
    void constructorRejectsOutOfRangeFields() {
        assertThrows(IllegalArgumentException.class, () -> new HandshakeFragment(256, 0, 0, 0, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new HandshakeFragment(-1, 0, 0, 0, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new HandshakeFragment(1, 1 << 24, 0, 0, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new HandshakeFragment(1, 0, 0x10000, 0, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new HandshakeFragment(1, 4, 0, 3, new byte[2]));
    }

    @Test
    void bodyIsCopiedInAndOut() {
        byte[] body = {1, 2, 3};
        HandshakeFragment f = new HandshakeFragment(1, 3, 0, 0, body);
        body[0] = 9;
        f.body()[1] = 9;

        assertArrayEquals(new byte[] {1, 2, 3}, f.body());
        assertEquals(new HandshakeFragment(1, 3, 0, 0, new byte[] {1, 2, 3}), f);
        assertNotEquals(new HandshakeFragment(1, 3, 0, 0, new byte[] {1, 2, 4}), f);
    }

    // --- properties ---

    @Provide
    Arbitrary<HandshakeFragment> fragments() {
        Arbitrary<byte[]> bodies = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        return Combinators.combine(
                Arbitraries.integers().between(0, 255),
                Arbitraries.integers().between(0, 0xFFFF),
                bodies,
                Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(0, 1000))
            .as((type, seq, body, offset, slack) ->
                new HandshakeFragment(type, offset + body.length + slack, seq, offset, body));
    }

    @Property(tries = 500)
    void roundTrips(@ForAll("fragments") HandshakeFragment f) throws DecodeException {
        byte[] wire = encode(f);
        ByteReader r = new ByteReader(wire);

        assertEquals(f, HandshakeFragment.decode(r));
        assertFalse(r.hasRemaining());
        assertEquals(f.encodedLength(), wire.length);
    }

    @Property(tries = 200)
    void everyStrictPrefixIsRejected(@ForAll("fragments") HandshakeFragment f) {
        byte[] wire = encode(f);
        for (int n = 0; n < wire.length; n++) {
            ByteReader r = new ByteReader(wire, 0, n);
            int len = n;
            assertThrows(DecodeException.class, () -> HandshakeFragment.decode(r), () -> "prefix of length " + len);
        }
    }

    @Property(tries = 200)
    void aTrailingByteIsLeftForTheNextFragmentAndThenRejected(@ForAll("fragments") HandshakeFragment f)
            throws DecodeException {
        byte[] one = encode(f);
        byte[] wire = new byte[one.length + 1];
        System.arraycopy(one, 0, wire, 0, one.length);
        ByteReader r = new ByteReader(wire);

        assertEquals(f, HandshakeFragment.decode(r));
        assertEquals(1, r.remaining());
        assertThrows(DecodeException.class, () -> HandshakeFragment.decode(r));
    }

    @Property(tries = 1000)
    void randomBytesGiveFragmentsOrDecodeExceptionOnly(@ForAll @Size(max = 120) byte[] garbage) {
        ByteReader r = new ByteReader(garbage);
        // Every decode consumes at least the 12-byte header, so this loop needs no more rounds.
        for (int i = 0; i <= garbage.length / HandshakeFragment.HEADER_LENGTH && r.hasRemaining(); i++) {
            int before = r.remaining();
            try {
                HandshakeFragment f = HandshakeFragment.decode(r);
                assertTrue(f.fragmentOffset() + f.fragmentLength() <= f.length());
                assertTrue(before - r.remaining() >= HandshakeFragment.HEADER_LENGTH);
            } catch (DecodeException expected) {
                return;
            }
        }
        assertFalse(r.hasRemaining());
    }
}
