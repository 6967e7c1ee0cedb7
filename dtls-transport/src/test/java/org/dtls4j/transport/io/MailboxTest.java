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
}
