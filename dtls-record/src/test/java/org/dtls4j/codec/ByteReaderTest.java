package org.dtls4j.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ByteReaderTest {

    private static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    @Test
    void readsBigEndianIntegersOfEveryWidth() throws DecodeException {
        ByteReader r = new ByteReader(hex("ff" + "fefd" + "abcdef" + "89abcdef" + "0123456789ab"));
        assertEquals(0xFF, r.u8());
        assertEquals(0xFEFD, r.u16());
        assertEquals(0xABCDEF, r.u24());
        assertEquals(0x89ABCDEFL, r.u32());
        assertEquals(0x0123456789ABL, r.u48());
        assertFalse(r.hasRemaining());
        r.expectEmpty("test");
    }

    @Test
    void largestValuesStayUnsigned() throws DecodeException {
        ByteReader r = new ByteReader(hex("ffffffffffffffffffffffffffffffff"));
        assertEquals(0xFFFF, r.u16());
        assertEquals(0xFFFFFF, r.u24());
        assertEquals(0xFFFFFFFFL, r.u32());
        assertEquals(0xFFFF_FFFF_FFFFL, r.u48());
        assertEquals(0xFF, r.u8());
        assertEquals(0, r.remaining());
    }

    @Test
    void eachReadFailsCleanlyWhenOneByteShort() {
        assertThrows(DecodeException.class, () -> new ByteReader(new byte[0]).u8());
        assertThrows(DecodeException.class, () -> new ByteReader(new byte[1]).u16());
        assertThrows(DecodeException.class, () -> new ByteReader(new byte[2]).u24());
        assertThrows(DecodeException.class, () -> new ByteReader(new byte[3]).u32());
        assertThrows(DecodeException.class, () -> new ByteReader(new byte[5]).u48());
        assertThrows(DecodeException.class, () -> new ByteReader(new byte[2]).bytes(3));
        assertThrows(DecodeException.class, () -> new ByteReader(new byte[2]).skip(3));
        assertThrows(DecodeException.class, () -> new ByteReader(new byte[2]).sub(3));
    }

    @Test
    void aFailedReadDoesNotMoveTheCursor() throws DecodeException {
        ByteReader r = new ByteReader(hex("0102"));
        r.u8();
        assertThrows(DecodeException.class, r::u16);
        assertEquals(1, r.remaining());
        assertEquals(2, r.u8());
    }

    @Test
    void negativeLengthIsADecodeError() {
        assertThrows(DecodeException.class, () -> new ByteReader(new byte[4]).bytes(-1));
        assertThrows(DecodeException.class, () -> new ByteReader(new byte[4]).sub(-1));
    }

    @Test
    void vectorsReadTheirLengthPrefix() throws DecodeException {
        ByteReader r = new ByteReader(hex("02aabb" + "0001cc" + "000000"));
        assertArrayEquals(hex("aabb"), r.opaque8());
        assertArrayEquals(hex("cc"), r.opaque16());
        assertArrayEquals(new byte[0], r.opaque24());
        r.expectEmpty("vectors");
    }

    @Test
    void aVectorClaimingMoreThanIsPresentFailsWithoutAllocatingTheClaim() {
        // A 2^24-1 length with 3 bytes behind it: must fail, not try to allocate 16 MiB.
        ByteReader r = new ByteReader(hex("ffffff010203"));
        DecodeException e = assertThrows(DecodeException.class, r::opaque24);
        assertTrue(e.getMessage().contains("have 3"), e.getMessage());
    }

    @Test
    void subReaderIsLimitedToItsVectorAndParentMovesPastIt() throws DecodeException {
        ByteReader r = new ByteReader(hex("0003" + "0a0b0c" + "ff"));
        ByteReader child = r.sub16();
        assertEquals(3, child.remaining());
        assertEquals(0x0A0B, child.u16());
        assertThrows(DecodeException.class, child::u16);
        assertEquals(0x0C, child.u8());
        child.expectEmpty("child");
        assertEquals(0xFF, r.u8());
    }

    @Test
    void expectEmptyRejectsTrailingBytes() {
        ByteReader r = new ByteReader(hex("01"));
        DecodeException e = assertThrows(DecodeException.class, () -> r.expectEmpty("Thing"));
        assertTrue(e.getMessage().startsWith("Thing"), e.getMessage());
    }

    @Test
    void offsetConstructorReadsOnlyItsSlice() throws DecodeException {
        byte[] b = hex("00112233");
        ByteReader r = new ByteReader(b, 1, 2);
        assertEquals(1, r.position());
        assertEquals(0x1122, r.u16());
        assertFalse(r.hasRemaining());
        assertThrows(DecodeException.class, r::u8);
        assertTrue(b == r.array());
    }

    @Test
    void constructorRejectsSlicesOutsideTheArray() {
        assertThrows(IndexOutOfBoundsException.class, () -> new ByteReader(new byte[4], 3, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> new ByteReader(new byte[4], -1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> new ByteReader(new byte[4], 0, -1));
    }

    @Test
    void restCopiesWhatIsLeft() throws DecodeException {
        byte[] b = hex("010203");
        ByteReader r = new ByteReader(b);
        r.u8();
        byte[] rest = r.rest();
        assertArrayEquals(hex("0203"), rest);
        rest[0] = 9;
        assertEquals(2, b[1]);
        assertFalse(r.hasRemaining());
    }
}
