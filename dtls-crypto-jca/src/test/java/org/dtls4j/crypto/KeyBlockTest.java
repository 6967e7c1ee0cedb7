package org.dtls4j.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** KeyBlock keeps its secrets to itself (G11): copies in and out, no key bytes in toString. */
class KeyBlockTest {

    private static KeyBlock sample() {
        return new KeyBlock(new byte[] {1, 2, 3, 4}, new byte[] {5, 6, 7, 8}, new byte[] {9, 10}, new byte[] {11, 12});
    }

    @Test
    void toStringIsRedacted() {
        assertEquals("KeyBlock[redacted]", sample().toString());
    }

    @Test
    void arraysAreCopiedInAndOut() {
        byte[] key = {1, 2, 3, 4};
        KeyBlock kb = new KeyBlock(key, new byte[4], new byte[2], new byte[2]);
        key[0] = 99;
        assertArrayEquals(new byte[] {1, 2, 3, 4}, kb.clientWriteKey());
        kb.clientWriteKey()[1] = 99;
        assertArrayEquals(new byte[] {1, 2, 3, 4}, kb.clientWriteKey());
    }

    @Test
    void equalityIsByContent() {
        assertEquals(sample(), sample());
        assertEquals(sample().hashCode(), sample().hashCode());
        KeyBlock other = new KeyBlock(new byte[] {1, 2, 3, 4}, new byte[] {5, 6, 7, 8}, new byte[] {9, 10}, new byte[] {11, 13});
        assertNotEquals(sample(), other);
    }

    @Test
    void aeadKeyBlocksHaveNoMacKeys() {
        assertEquals(0, sample().clientWriteMacKey().length);
        assertEquals(0, sample().serverWriteMacKey().length);
    }

    @Test
    void macKeysAreCopiedComparedAndDestroyed() {
        byte[] macKey = {21, 22, 23};
        KeyBlock kb = new KeyBlock(macKey, new byte[] {24, 25, 26}, new byte[4], new byte[4], new byte[0], new byte[0]);
        macKey[0] = 99;
        assertArrayEquals(new byte[] {21, 22, 23}, kb.clientWriteMacKey());
        assertNotEquals(kb, new KeyBlock(new byte[] {21, 22, 23}, new byte[] {24, 25, 27}, new byte[4], new byte[4],
                new byte[0], new byte[0]));
        kb.destroy();
        assertArrayEquals(new byte[3], kb.clientWriteMacKey());
        assertArrayEquals(new byte[3], kb.serverWriteMacKey());
    }

    @Test
    void destroyZeroesTheKeys() {
        KeyBlock kb = sample();
        kb.destroy();
        assertArrayEquals(new byte[4], kb.clientWriteKey());
        assertArrayEquals(new byte[4], kb.serverWriteKey());
        assertArrayEquals(new byte[2], kb.clientWriteIv());
        assertArrayEquals(new byte[2], kb.serverWriteIv());
    }
}
