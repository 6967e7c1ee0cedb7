package org.dtls4j.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ByteWriterTest {

    @Test
    void writesBigEndianIntegers() {
        byte[] b = new ByteWriter().u8(0xFF).u16(0xFEFD).u24(0xABCDEF).u32(0x89ABCDEFL).u48(0x0123456789ABL)
                .toByteArray();
        assertArrayEquals(new byte[] {
            (byte) 0xFF, (byte) 0xFE, (byte) 0xFD, (byte) 0xAB, (byte) 0xCD, (byte) 0xEF,
            (byte) 0x89, (byte) 0xAB, (byte) 0xCD, (byte) 0xEF, 0x01, 0x23, 0x45, 0x67, (byte) 0x89, (byte) 0xAB
        }, b);
    }

    @Test
    void rejectsValuesOutsideTheirWidth() {
        ByteWriter w = new ByteWriter();
        assertThrows(IllegalArgumentException.class, () -> w.u8(256));
        assertThrows(IllegalArgumentException.class, () -> w.u8(-1));
        assertThrows(IllegalArgumentException.class, () -> w.u16(0x10000));
        assertThrows(IllegalArgumentException.class, () -> w.u24(0x1000000));
        assertThrows(IllegalArgumentException.class, () -> w.u32(0x1_0000_0000L));
        assertThrows(IllegalArgumentException.class, () -> w.u48(1L << 48));
        assertThrows(IllegalArgumentException.class, () -> w.u48(-1));
        assertEquals(0, w.size());
    }

    @Test
    void growsPastItsInitialCapacity() {
        ByteWriter w = new ByteWriter(1);
        for (int i = 0; i < 1000; i++) {
            w.u8(i & 0xFF);
        }
        byte[] b = w.toByteArray();
        assertEquals(1000, b.length);
        assertEquals((byte) 999, b[999]);
    }

    @Test
    void lengthPrefixedBlocksPatchTheirLength() {
        byte[] b = new ByteWriter()
                .lengthPrefixed16(w -> w.u8(1).lengthPrefixed8(inner -> inner.u16(0x0203)))
                .toByteArray();
        assertArrayEquals(new byte[] {0x00, 0x04, 0x01, 0x02, 0x02, 0x03}, b);
    }

    @Test
    void lengthPrefixedBlockTooLongForItsFieldFails() {
        ByteWriter w = new ByteWriter();
        assertThrows(IllegalStateException.class, () -> w.lengthPrefixed8(body -> body.bytes(new byte[256])));
    }

    @Test
    void opaqueVectorsCarryTheirLength() {
        byte[] b = new ByteWriter().opaque8(new byte[] {7}).opaque16(new byte[0]).opaque24(new byte[] {8, 9})
                .toByteArray();
        assertArrayEquals(new byte[] {1, 7, 0, 0, 0, 0, 2, 8, 9}, b);
    }

    @Test
    void toByteArrayIsACopy() {
        ByteWriter w = new ByteWriter().u8(1);
        byte[] first = w.toByteArray();
        first[0] = 5;
        assertArrayEquals(new byte[] {1}, w.toByteArray());
    }
}
