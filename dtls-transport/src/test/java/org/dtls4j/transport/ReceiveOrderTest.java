package org.dtls4j.transport;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A connected peer's records are opened on the receive thread when nobody holds its engine, and on
 * its worker when someone does (see {@code ServerPeer#receiveHere}). Whichever thread opens them,
 * the application must get them in the order they arrived, each once.
 */
@Timeout(60)
class ReceiveOrderTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int DATAGRAMS = 5_000;
    private static final int WINDOW = 32;

    @Test
    void datagramsArriveInOrderWhileTheApplicationSendsAtTheSameTime() throws Exception {
        try (DtlsServer server = DtlsServer.bind(LOOPBACK, Configs.pskServer(), ServerOptions.defaults().withWorkers(1));
             DtlsConnection client = DtlsClient.connect(server.localAddress(), Configs.pskClient(), WAIT)) {
            DtlsConnection accepted = server.accept(WAIT);
            assertNotNull(accepted);
            AtomicBoolean stop = new AtomicBoolean();
            // A sender on the server side holds the connection's lock now and then, which sends
            // some datagrams the worker's way.
            Thread sender = new Thread(() -> {
                byte[] ping = new byte[64];
                try {
                    for (int i = 0; i < 100_000 && !stop.get(); i++) {
                        accepted.send(ping);
                    }
                } catch (Exception ignored) {
                    // the connection closed under the sender: the test is over
                }
            }, "server-side-sender");
            sender.start();
            AtomicInteger taken = new AtomicInteger();
            Thread clientSide = new Thread(() -> {
                try {
                    long deadline = System.nanoTime() + WAIT.toNanos();
                    for (int i = 0; i < DATAGRAMS && System.nanoTime() - deadline < 0; i++) {
                        while (i - taken.get() > WINDOW && System.nanoTime() - deadline < 0) {
                            Thread.onSpinWait(); // at most WINDOW in flight, so the queues do not overflow
                        }
                        client.send(ByteBuffer.allocate(4).putInt(0, i));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "client-sender");
            clientSide.start();
            int last = -1;
            int received = 0;
            try {
                byte[] d;
                while (last < DATAGRAMS - 1 && (d = accepted.receive(Duration.ofSeconds(2))) != null) {
                    int seq = ByteBuffer.wrap(d).getInt();
                    assertTrue(seq > last, "datagram " + seq + " after " + last);
                    last = seq;
                    received++;
                    taken.set(seq);
                }
            } finally {
                stop.set(true);
                sender.join(WAIT.toMillis());
                clientSide.join(WAIT.toMillis());
            }
            // UDP may drop a few on a busy loopback, but nearly all must come through.
            assertTrue(received > DATAGRAMS * 9 / 10, "received " + received + " of " + DATAGRAMS);
        }
    }
}
