package org.dtls4j.transport.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dtls4j.transport.time.NanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SelectorLoopTest {
    private static final long WAIT_SECONDS = 10;

    private SelectorLoop loop;
    private DatagramChannel peer;
    private final List<DatagramChannel> opened = new ArrayList<>();

    /** Records every call, with the thread it came on. */
    private final class Recorder implements SelectorLoop.Handler {
        final SelectorLoop.Socket socket;
        final BlockingQueue<String> datagrams = new LinkedBlockingQueue<>();
        final AtomicInteger starts = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();
        volatile boolean allOnLoopThread = true;

        Recorder(SelectorLoop.Socket socket) {
            this.socket = socket;
        }

        @Override
        public void onStart(long now) {
            check();
            starts.incrementAndGet();
        }

        @Override
        public void onDatagram(InetSocketAddress from, byte[] data, int length, long now) {
            check();
            datagrams.add(new String(data, 0, length, java.nio.charset.StandardCharsets.US_ASCII));
        }

        @Override
        public void onClose(long now) {
            check();
            closes.incrementAndGet();
        }

        private void check() {
            if (!loop.inLoopThread()) {
                allOnLoopThread = false;
            }
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        loop = new SelectorLoop("selector-loop-test", 2048, NanoClock.system());
        peer = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterEach
    void tearDown() throws IOException {
        loop.close();
        peer.close();
        for (DatagramChannel c : opened) {
            c.close();
        }
    }

    private DatagramChannel connectedChannel() throws IOException {
        DatagramChannel c = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        c.connect(peer.getLocalAddress());
        opened.add(c);
        return c;
    }

    private void fromPeer(DatagramChannel to, String text) throws IOException {
        peer.send(ByteBuffer.wrap(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII)), to.getLocalAddress());
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() - deadline < 0, what);
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }

    @Test
    void eachSocketsDatagramsGoToItsOwnHandlerOnTheLoopThread() throws Exception {
        DatagramChannel a = connectedChannel();
        DatagramChannel b = connectedChannel();
        Recorder ra = loop.register(a, Recorder::new);
        Recorder rb = loop.register(b, Recorder::new);
        fromPeer(a, "for a");
        fromPeer(b, "for b");
        assertEquals("for a", ra.datagrams.poll(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals("for b", rb.datagrams.poll(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(1, ra.starts.get());
        assertTrue(ra.allOnLoopThread && rb.allOnLoopThread);
        assertEquals(2, loop.sockets());

        // any thread sends through a socket
        assertTrue(ra.socket.send(ByteBuffer.wrap(new byte[] {42}), peer.getLocalAddress()));
        ByteBuffer in = ByteBuffer.allocate(8);
        peer.configureBlocking(true);
        assertEquals(a.getLocalAddress(), peer.receive(in));
        assertEquals(42, in.get(0));
    }

    @Test
    void closingFromAnotherThreadDeregistersAndClosesOnce() throws Exception {
        DatagramChannel a = connectedChannel();
        DatagramChannel b = connectedChannel();
        Recorder ra = loop.register(a, Recorder::new);
        Recorder rb = loop.register(b, Recorder::new);
        await(() -> loop.selectorKeys() == 2, "both registered: " + loop.selectorKeys());
        ra.socket.close();
        ra.socket.close();
        await(() -> !a.isOpen() && loop.selectorKeys() == 1 && loop.sockets() == 1,
                "a released: open " + a.isOpen() + ", keys " + loop.selectorKeys() + ", sockets " + loop.sockets());
        assertEquals(1, ra.closes.get());
        assertTrue(ra.allOnLoopThread);
        assertFalse(ra.socket.send(ByteBuffer.wrap(new byte[1]), peer.getLocalAddress()), "a closed socket sends nothing");

        fromPeer(b, "b still served");
        assertEquals("b still served", rb.datagrams.poll(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(0, rb.closes.get());
    }

    @Test
    void closingTheLoopClosesEverySocketAndRefusesNewOnes() throws Exception {
        DatagramChannel a = connectedChannel();
        Recorder ra = loop.register(a, Recorder::new);
        await(() -> ra.starts.get() == 1, "registered");
        loop.close();
        assertFalse(loop.isRunning());
        assertEquals(1, ra.closes.get());
        assertFalse(a.isOpen());
        assertEquals(0, loop.sockets());

        DatagramChannel late = connectedChannel();
        IOException e = assertThrows(IOException.class, () -> loop.register(late, Recorder::new));
        assertNotNull(e.getMessage());
        assertFalse(late.isOpen(), "a refused channel is closed");
        assertEquals(0, loop.sockets());
    }

    @Test
    void aConnectedSocketCountsPortUnreachableAndGoesOn() throws Exception {
        DatagramChannel a = connectedChannel();
        peer.close(); // nobody listens at the peer's port now: the kernel answers with ICMP port unreachable
        InetSocketAddress gone = (InetSocketAddress) a.getRemoteAddress();
        Recorder ra = loop.register(a, Recorder::new);
        await(() -> {
            ra.socket.send(ByteBuffer.wrap(new byte[] {1}), gone);
            return ra.socket.portUnreachable() > 0;
        }, "no ICMP report counted");
        assertEquals(0, ra.closes.get(), "ICMP does not close the socket");
        assertEquals(1, loop.sockets());
    }
}
