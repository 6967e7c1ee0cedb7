package org.dtls4j.transport.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class MailboxTest {

    @Test
    void boundedFirstInFirstOut() throws Exception {
        Mailbox<String> box = new Mailbox<>(2);
        assertTrue(box.offer("a"));
        assertTrue(box.offer("b"));
        assertFalse(box.offer("c"), "full");
        assertEquals("a", box.take(0));
        assertEquals("b", box.poll());
        assertNull(box.poll());
        assertNull(box.take(1_000_000), "timeout");
        assertFalse(box.isClosed());
    }

    @Test
    void closeWakesAWaitingConsumer() throws Exception {
        Mailbox<String> box = new Mailbox<>(2);
        CompletableFuture<String> taken = CompletableFuture.supplyAsync(() -> {
            try {
                return box.take(-1);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        box.close(false);
        assertNull(taken.get(5, TimeUnit.SECONDS));
        assertTrue(box.isClosed());
    }

    @Test
    void itemsQueuedBeforeCloseAreStillDeliveredUnlessDiscarded() throws Exception {
        Mailbox<String> keep = new Mailbox<>(4);
        keep.offer("x");
        keep.close(false);
        assertFalse(keep.offer("y"), "closed");
        assertEquals("x", keep.take(-1));
        assertNull(keep.take(-1));

        Mailbox<String> discard = new Mailbox<>(4);
        discard.offer("x");
        discard.close(true);
        assertNull(discard.take(-1));
        assertEquals(0, discard.size());
    }

    @Test
    void aWaitingConsumerGetsTheNextItem() throws Exception {
        Mailbox<Integer> box = new Mailbox<>(1);
        CompletableFuture<Integer> taken = CompletableFuture.supplyAsync(() -> {
            try {
                return box.take(TimeUnit.SECONDS.toNanos(5));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(box.offer(7) || box.size() == 1);
        assertEquals(7, taken.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aShortTimeoutIsKeptWhileSpinning() throws Exception {
        Mailbox<Integer> box = new Mailbox<>(1);
        long start = System.nanoTime();
        assertNull(box.take(Mailbox.SPIN_NANOS / 4));
        assertNull(box.take(0));
        long took = System.nanoTime() - start;
        assertTrue(took >= Mailbox.SPIN_NANOS / 4, "returned before its timeout: " + took + " ns");
        assertTrue(took < TimeUnit.SECONDS.toNanos(1), "waited far past its timeout: " + took + " ns");
    }

    @Test
    void aTimeoutLongerThanTheSpinStillParksAndWakesForAnItem() throws Exception {
        Mailbox<Integer> box = new Mailbox<>(2);
        long start = System.nanoTime();
        assertNull(box.take(Mailbox.SPIN_NANOS * 5));
        assertTrue(System.nanoTime() - start >= Mailbox.SPIN_NANOS * 5);
        box.offer(1);
        box.offer(2);
        assertEquals(1, box.take(Mailbox.SPIN_NANOS * 5));
        assertEquals(2, box.poll());
        assertEquals(0, box.size());
    }

    @Test
    void closingEndsASpinningConsumer() throws Exception {
        Mailbox<Integer> box = new Mailbox<>(1);
        CompletableFuture<Integer> taken = CompletableFuture.supplyAsync(() -> {
            try {
                return box.take(-1);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        box.close(false);
        assertNull(taken.get(5, TimeUnit.SECONDS));
    }
}
