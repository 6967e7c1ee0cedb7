package org.dtls4j.interop.soak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A lossy NAT on 127.0.0.1 for many clients at once: clients send to its front channel; each
 * client gets an outside channel of its own (its own port, so the server sees one peer per
 * client), connected to the server. A seeded share of datagrams is dropped in each direction,
 * each direction drawing from its own {@code Random}. One thread and one {@link Selector} carry
 * everything. An outside channel is closed when the soak says its client is gone
 * ({@link #forgetLater}), a little later so that the client's close_notify still goes through.
 *
 * <pre>
 *   client 1 --\                 /-- [outside 127.0.0.1:p1] --\
 *   client 2 ----&gt; [front] relay --- [outside 127.0.0.1:p2] ----&gt; server
 *   client 3 --/   (drops loss each way) [outside ...]       --/
 * </pre>
 */
final class LossyRelay implements AutoCloseable {
    private static final int MAX_DATAGRAM = 65_535;

    private record Forget(InetSocketAddress client, long at) {
    }

    private final InetSocketAddress server;
    private final double loss;
    private final Random up;
    private final Random down;
    private final SoakTally tally;
    private final Selector selector;
    private final DatagramChannel front;
    private final Map<InetSocketAddress, DatagramChannel> outside = new HashMap<>();
    private final ConcurrentLinkedQueue<Forget> forgets = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean closed;

    LossyRelay(InetSocketAddress server, double loss, long seed, SoakTally tally) throws IOException {
        this.server = server;
        this.loss = loss;
        this.up = new Random(seed * 31 + 1);
        this.down = new Random(seed * 31 + 2);
        this.tally = tally;
        this.selector = Selector.open();
        this.front = DatagramChannel.open(StandardProtocolFamily.INET).bind(new InetSocketAddress("127.0.0.1", 0));
        front.configureBlocking(false);
        front.register(selector, SelectionKey.OP_READ);
        this.thread = new Thread(this::run, "soak-relay");
        thread.setDaemon(true);
        thread.start();
    }

    /** Where the lossy clients send. */
    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) front.getLocalAddress();
    }

    /** Closes {@code client}'s outside channel once {@code atNanos} ({@link System#nanoTime()}) has passed. */
    void forgetLater(InetSocketAddress client, long atNanos) {
        forgets.add(new Forget(client, atNanos));
    }

    private void run() {
        ByteBuffer buf = ByteBuffer.allocate(MAX_DATAGRAM);
        try {
            while (!closed) {
                selector.select(50);
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.channel() == front) {
                        fromClients(buf);
                    } else {
                        fromServer((DatagramChannel) key.channel(), (InetSocketAddress) key.attachment(), buf);
                    }
                }
                selector.selectedKeys().clear();
                long now = System.nanoTime();
                Forget f;
                while ((f = forgets.peek()) != null && now - f.at() >= 0) {
                    forgets.poll();
                    DatagramChannel ch = outside.remove(f.client());
                    if (ch != null) {
                        ch.close();
                    }
                }
            }
        } catch (IOException e) {
            if (!closed) {
                tally.add("relay stopped by " + e);
                throw new UncheckedIOException(e);
            }
        }
    }

    private void fromClients(ByteBuffer buf) throws IOException {
        while (true) {
            buf.clear();
            InetSocketAddress client = (InetSocketAddress) front.receive(buf);
            if (client == null) {
                return;
            }
            buf.flip();
            if (up.nextDouble() < loss) {
                tally.add("relay client->server dropped");
                continue;
            }
            DatagramChannel ch = outside.get(client);
            if (ch == null) {
                ch = DatagramChannel.open(StandardProtocolFamily.INET).bind(new InetSocketAddress("127.0.0.1", 0));
                ch.connect(server).configureBlocking(false);
                ch.register(selector, SelectionKey.OP_READ, client);
                outside.put(client, ch);
            }
            ch.write(buf);
            tally.add("relay client->server forwarded");
        }
    }

    private void fromServer(DatagramChannel ch, InetSocketAddress client, ByteBuffer buf) throws IOException {
        while (ch.isOpen()) {
            buf.clear();
            int n;
            try {
                n = ch.read(buf);
            } catch (IOException unreachable) {
                return; // ICMP from a server that is shutting down
            }
            if (n <= 0) {
                return;
            }
            buf.flip();
            if (down.nextDouble() < loss) {
                tally.add("relay server->client dropped");
                continue;
            }
            front.send(buf, client);
            tally.add("relay server->client forwarded");
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        selector.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (DatagramChannel ch : outside.values()) {
            ch.close();
        }
        front.close();
        selector.close();
    }
}
