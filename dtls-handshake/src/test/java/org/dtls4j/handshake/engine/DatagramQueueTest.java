package org.dtls4j.handshake.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The engine's datagram queue: order, bounds, and which arrays are reused. */
class DatagramQueueTest {

    /** Writes a datagram of {@code length} bytes of {@code value} into the lent array and queues it. */
    private static byte[] queue(DatagramQueue q, int length, int value) {
        byte[] a = q.lend(length);
        Arrays.fill(a, 0, length, (byte) value);
        assertTrue(q.addLent(length));
        return a;
    }

    private static byte[] poll(DatagramQueue q) {
        ByteBuffer dst = ByteBuffer.allocate(4096);
        int n = q.poll(dst);
        return n < 0 ? null : Arrays.copyOf(dst.array(), n);
    }

    @Test
    void oneAtATimeEveryDatagramIsWrittenIntoTheSameArray() {
        DatagramQueue q = new DatagramQueue(16);
        byte[] first = queue(q, 100, 1);
        assertArrayEquals(filled(100, 1), poll(q));
        for (int i = 0; i < 10; i++) {
            assertSame(first, queue(q, 100 - i, i), "datagram " + i);
            assertArrayEquals(filled(100 - i, i), poll(q));
        }
        assertNull(poll(q));
    }

    @Test
    void aLongerDatagramGetsALongerArrayWhichThenStays() {
        DatagramQueue q = new DatagramQueue(16);
        byte[] small = queue(q, 10, 1);
        poll(q);
        byte[] large = queue(q, 1000, 2);
        assertNotSame(small, large);
        poll(q);
        assertSame(large, queue(q, 10, 3), "the longer array serves the shorter datagram");
        assertArrayEquals(filled(10, 3), poll(q));
    }

    /** A random mix of bursts and polls against a plain queue: same datagrams, same order. */
    @Test
    void burstsKeepTheOrderAndTheRingComesBackToItsSize() {
        DatagramQueue q = new DatagramQueue(1 << 20);
        ArrayDeque<byte[]> expected = new ArrayDeque<>();
        Random random = new Random(1);
        int value = 0;
        for (int step = 0; step < 2000; step++) {
            int burst = random.nextInt(4) == 0 ? random.nextInt(40) : random.nextInt(3);
            for (int i = 0; i < burst; i++) {
                int length = random.nextInt(300);
                value++;
                if (random.nextInt(5) == 0) {
                    byte[] foreign = filled(length, value);
                    assertTrue(q.add(foreign));
                } else {
                    queue(q, length, value);
                }
                expected.add(filled(length, value));
            }
            int polls = random.nextInt(burst + 3);
            for (int i = 0; i < polls && !expected.isEmpty(); i++) {
                if (random.nextBoolean()) {
                    assertArrayEquals(expected.poll(), poll(q));
                } else {
                    ByteBuffer b = q.poll();
                    assertArrayEquals(expected.poll(), Arrays.copyOfRange(b.array(), b.position(), b.limit()));
                }
            }
        }
        while (!expected.isEmpty()) {
            assertArrayEquals(expected.poll(), poll(q));
        }
        assertNull(poll(q));
        assertNull(q.poll());
    }

    @Test
    void atMostFourArraysStayAfterABurst() {
        DatagramQueue q = new DatagramQueue(1024);
        for (int i = 0; i < 100; i++) {
            queue(q, 50, i);
        }
        for (int i = 0; i < 100; i++) {
            poll(q);
        }
        Map<byte[], Boolean> distinct = new IdentityHashMap<>();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 100; i++) {
                distinct.put(queue(q, 50, i), true);
            }
            for (int i = 0; i < 100; i++) {
                poll(q);
            }
        }
        // In each burst the first four datagrams go into the arrays that stayed; the rest are new.
        assertEquals(3 * 96 + DatagramQueue.KEPT_ARRAYS, distinct.size());
    }

    @Test
    void anArrayHandedOutIsTheCallersAndHoldsExactlyTheDatagram() {
        DatagramQueue q = new DatagramQueue(16);
        byte[] lent = queue(q, 40, 7);
        ByteBuffer kept = q.poll();
        assertSame(lent, kept.array());
        assertEquals(40, kept.remaining());
        byte[] next = queue(q, 40, 8);
        assertNotSame(lent, next, "never lent again");
        assertArrayEquals(filled(40, 7), kept.array());

        poll(q);
        queue(q, 20, 9); // into the 40-byte array that stayed
        ByteBuffer copy = q.poll();
        assertEquals(20, copy.array().length, "a longer array is copied to the datagram's length");
        assertSame(next, queue(q, 30, 1), "and stays");
    }

    @Test
    void aForeignArrayIsNeverLent() {
        DatagramQueue q = new DatagramQueue(16);
        byte[] flight = filled(60, 5);
        q.add(flight);
        assertArrayEquals(flight, poll(q));
        assertNotSame(flight, q.lend(10));
    }

    @Test
    void aFullQueueRefusesAndOverflowLeavesTheDatagram() {
        DatagramQueue q = new DatagramQueue(2);
        queue(q, 10, 1);
        queue(q, 10, 2);
        assertTrue(q.isFull());
        assertFalse(q.add(new byte[3]));
        ByteBuffer small = ByteBuffer.allocate(9);
        assertThrows(BufferOverflowException.class, () -> q.poll(small));
        assertEquals(0, small.position());
        assertArrayEquals(filled(10, 1), poll(q));
        assertFalse(q.isFull());
    }

    @Test
    void lendingTwiceWithoutQueueingGivesTheSameArray() {
        DatagramQueue q = new DatagramQueue(16);
        byte[] a = q.lend(100);
        assertSame(a, q.lend(80));
        assertTrue(q.isLent(a));
        assertFalse(q.isLent(new byte[100]));
        q.addLent(80);
        assertFalse(q.isLent(a), "queued: the next datagram gets another array");
    }

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
