package org.dtls4j.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The leak check of every test class can fail: a buffer that is never released is reported, and a
 * released one is not. Without this, a silent detector would pass every class.
 */
class LeakDetectionSelfTest {

    @Test
    void anUnreleasedBufferIsReported() {
        assertEquals(ResourceLeakDetector.Level.PARANOID, ResourceLeakDetector.getLevel());
        LeakRecorder.drain();
        leakOne();
        LeakRecorder.collect();
        List<String> leaks = LeakRecorder.drain();
        assertFalse(leaks.isEmpty(), "the leaked buffer was not reported");
        assertTrue(leaks.get(0).contains("leakOne"), leaks.get(0));
    }

    @Test
    void aReleasedBufferIsNotReported() {
        LeakRecorder.drain();
        ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        b.writeLong(7);
        b.release();
        LeakRecorder.collect();
        assertEquals(List.of(), LeakRecorder.drain());
    }

    private static void leakOne() {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        b.writeLong(42); // touched, then dropped without release()
    }
}
