package org.dtls4j.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChecksTest {

    @Test
    void aBrokenRuleWhileDecodingIsADecodeException() throws DecodeException {
        assertEquals("ok", Checks.decoded("thing", () -> "ok"));
        DecodeException e = assertThrows(DecodeException.class,
                () -> Checks.decoded("thing", () -> {
                    Checks.require(false, "field out of range: ", 300);
                    return "never";
                }));
        assertEquals("thing: field out of range: 300", e.getMessage());
    }

    @Test
    void copiesAreBoundedAndDetached() {
        byte[] b = {1, 2, 3};
        byte[] copy = Checks.copy(b, 3, "vector");
        assertArrayEquals(b, copy);
        assertNotSame(b, copy);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checks.copy(b, 2, "vector"));
        assertEquals("vector longer than 2 bytes: 3", e.getMessage());
    }

    @Test
    void codesAreCopiedAndRangeChecked() {
        List<Integer> source = new ArrayList<>(List.of(0, 0xFFFF));
        List<Integer> codes = Checks.codes(source, 0xFFFF, "cipher suite");
        source.add(1);
        assertEquals(List.of(0, 0xFFFF), codes);
        assertThrows(UnsupportedOperationException.class, () -> codes.add(2));
        assertThrows(IllegalArgumentException.class, () -> Checks.codes(List.of(0x10000), 0xFFFF, "cipher suite"));
        assertThrows(IllegalArgumentException.class, () -> Checks.codes(List.of(-1), 0xFF, "compression method"));
    }

    @Test
    void listsOfByteStringsCompareAndHashByContent() {
        List<byte[]> a = List.of(new byte[] {1}, new byte[] {2, 3});
        List<byte[]> b = Checks.copyAll(a);
        assertNotSame(a.get(0), b.get(0));
        assertTrue(Checks.equalAll(a, b));
        assertEquals(Checks.hashAll(a), Checks.hashAll(b));
        assertFalse(Checks.equalAll(a, List.of(new byte[] {1})));
        assertFalse(Checks.equalAll(a, List.of(new byte[] {1}, new byte[] {2, 4})));
    }

    @Test
    void hexForms() {
        assertEquals("00ff10", Checks.hex(new byte[] {0, (byte) 0xFF, 0x10}));
        assertEquals("0xc02b", Checks.hex16(0xC02B));
    }
}
