package org.dtls4j.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReplayWindowTest {
    private static final long MAX = RecordHeader.MAX_SEQUENCE_NUMBER;

    @Test
    void freshWindowAcceptsEveryValidNumberAndNothingElse() {
        ReplayWindow w = new ReplayWindow();
        assertEquals(64, w.size());
        assertEquals(-1, w.highestAuthenticated());
        assertTrue(w.mayAccept(0));
        assertTrue(w.mayAccept(63));
        assertTrue(w.mayAccept(64));
        assertTrue(w.mayAccept(MAX));
        assertFalse(w.mayAccept(-1));
        assertFalse(w.mayAccept(MAX + 1));
        assertFalse(w.mayAccept(Long.MAX_VALUE));
    }

    @Test
    void markRejectsOnlyThatNumber() {
        ReplayWindow w = new ReplayWindow();
        w.markAuthenticated(0);
        assertFalse(w.mayAccept(0));
        assertTrue(w.mayAccept(1));
        assertEquals(0, w.highestAuthenticated());
    }

    @Test
    void leftEdgeAt63And64() {
        ReplayWindow w = new ReplayWindow();
        w.markAuthenticated(63);
        assertTrue(w.mayAccept(0), "63 - 0 = 63 is inside a 64-wide window");
        w.markAuthenticated(0);
        assertFalse(w.mayAccept(0));

        ReplayWindow v = new ReplayWindow();
        v.markAuthenticated(64);
        assertFalse(v.mayAccept(0), "64 - 0 = 64 is left of a 64-wide window");
        assertTrue(v.mayAccept(1));
        assertTrue(v.mayAccept(63));
        assertFalse(v.mayAccept(64));
        assertTrue(v.mayAccept(65));
    }

    @Test
    void topOfTheSequenceSpace() {
        ReplayWindow w = new ReplayWindow();
        w.markAuthenticated(MAX);
        assertFalse(w.mayAccept(MAX));
        assertTrue(w.mayAccept(MAX - 1));
        assertTrue(w.mayAccept(MAX - 63));
        assertFalse(w.mayAccept(MAX - 64));
        assertFalse(w.mayAccept(0));
        w.markAuthenticated(MAX - 63);
        assertFalse(w.mayAccept(MAX - 63));
        assertEquals(MAX, w.highestAuthenticated());
    }

    @Test
    void markingRejectsNonSequenceNumbers() {
        ReplayWindow w = new ReplayWindow();
        assertThrows(IllegalArgumentException.class, () -> w.markAuthenticated(-1));
        assertThrows(IllegalArgumentException.class, () -> w.markAuthenticated(MAX + 1));
        assertEquals(-1, w.highestAuthenticated());
    }

    @Test
    void checkingDoesNotMoveTheWindow() {
        // The CVE-2016-2181 shape: a forged record with seq 2^48-1 is checked, fails its MAC, and
        // must leave the window where it was.
        ReplayWindow w = new ReplayWindow();
        w.markAuthenticated(10);
        assertTrue(w.mayAccept(MAX));
        assertTrue(w.mayAccept(11));
        assertTrue(w.mayAccept(9));
        assertEquals(10, w.highestAuthenticated());
    }

    @Test
    void slideByLessThanTheWindowClearsOnlyTheReusedBits() {
        ReplayWindow w = new ReplayWindow();
        for (long s = 0; s < 64; s++) {
            w.markAuthenticated(s);
        }
        w.markAuthenticated(100); // window now 37..100
        assertFalse(w.mayAccept(36), "left of the window");
        for (long s = 37; s < 64; s++) {
            assertFalse(w.mayAccept(s), "seen " + s);
        }
        for (long s = 64; s < 100; s++) {
            assertTrue(w.mayAccept(s), "never seen " + s + " (its bit was reused from " + (s - 64) + ")");
        }
        assertFalse(w.mayAccept(100));
    }

    @Test
    void slideByExactlyTheWindowAndMore() {
        ReplayWindow w = new ReplayWindow();
        w.markAuthenticated(5);
        w.markAuthenticated(5 + 64);
        assertFalse(w.mayAccept(5));
        assertTrue(w.mayAccept(6));
        assertTrue(w.mayAccept(5 + 63));

        ReplayWindow v = new ReplayWindow();
        for (long s = 0; s < 64; s++) {
            v.markAuthenticated(s);
        }
        v.markAuthenticated(1000);
        for (long s = 1000 - 63; s < 1000; s++) {
            assertTrue(v.mayAccept(s), "stale bit for " + s);
        }
    }

    @Test
    void numbersLeftOfTheWindowChangeNothing() {
        ReplayWindow w = new ReplayWindow();
        w.markAuthenticated(200);
        w.markAuthenticated(100);
        assertEquals(200, w.highestAuthenticated());
        assertTrue(w.mayAccept(199));
        assertTrue(w.mayAccept(137));
    }

    @Test
    void outOfOrderInsideTheWindow() {
        ReplayWindow w = new ReplayWindow();
        long[] order = {10, 3, 7, 12, 11, 0, 5};
        for (long s : order) {
            assertTrue(w.mayAccept(s));
            w.markAuthenticated(s);
            assertFalse(w.mayAccept(s));
        }
        for (long s = 0; s <= 12; s++) {
            boolean seen = s == 0 || s == 3 || s == 5 || s == 7 || s == 10 || s == 11 || s == 12;
            assertEquals(!seen, w.mayAccept(s), "seq " + s);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 128, 192, 1024})
    void edgesForEachWindowSize(int size) {
        ReplayWindow w = new ReplayWindow(size);
        assertEquals(size, w.size());
        w.markAuthenticated(0);
        w.markAuthenticated(size - 1);
        assertFalse(w.mayAccept(0), "still inside, already seen");
        assertTrue(w.mayAccept(1));
        w.markAuthenticated(size);
        assertFalse(w.mayAccept(0), "now left of the window");
        assertTrue(w.mayAccept(1), "leftmost number inside");
        w.markAuthenticated(size + size / 2);
        assertFalse(w.mayAccept(size / 2));
        assertTrue(w.mayAccept(size / 2 + 1));
        assertFalse(w.mayAccept(size), "seen, still inside");
        assertTrue(w.mayAccept(size + 1));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 32, 63, 65, 100, 1088, 2048, -64})
    void rejectsBadSizes(int size) {
        assertThrows(IllegalArgumentException.class, () -> new ReplayWindow(size));
    }
}
