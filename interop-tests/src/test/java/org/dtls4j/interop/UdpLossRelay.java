package org.dtls4j.interop;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UDP relay on 127.0.0.1 between one client and one server that drops a seeded fraction of
 * the datagrams in each direction, for testing DTLS retransmission (RFC 6347 §4.2.4) against
 * real peers.
 *
 * <pre>
 *   client  --&gt;  [front socket]  relay  [back socket]  --&gt;  server
 *           &lt;--                                          &lt;--
 * </pre>
 *
 * The client sends to {@link #address()}; the first datagram there fixes the client's address.
 * Each direction draws its drop decisions from its own {@code Random(seed, direction)}, so the
 * n-th datagram of a direction is dropped or not the same way on every run with the same seed
 * (which datagram is n-th can still vary with the peers' timers). It counts forwarded and dropped
 * datagrams and the largest datagram per direction. It stops by itself after its lifetime, and
 * {@link #close()} stops it at once.
 */
public final class UdpLossRelay implements AutoCloseable {

    /** The default drop fraction of the interop loss cases. */
    public static final double DEFAULT_LOSS = 0.20;

    /** Which way a datagram travels. */
    public enum Direction { CLIENT_TO_SERVER, SERVER_TO_CLIENT }

    private static final int POLL_MILLIS = 100;
    private static final int MAX_DATAGRAM = 65_535;

    private final InetSocketAddress server;
    private volatile double loss;
    private final Deadline stopAt;
    private final DatagramSocket front;
    private final DatagramSocket back;
    private final Map<Direction, Counters> counters = new EnumMap<>(Direction.class);
    private final Thread upstream;
    private final Thread downstream;
    private volatile SocketAddress client;
    private volatile boolean closed;

    /**
     * Starts a relay towards {@code server}.
     *
     * @param loss     fraction of datagrams dropped each way, in [0, 1)
     * @param seed     seed of the drop decisions
     * @param lifetime after this the relay stops forwarding and its threads end
     */
    public UdpLossRelay(InetSocketAddress server, double loss, long seed, Duration lifetime) throws SocketException {
        if (loss < 0 || loss >= 1) {
            throw new IllegalArgumentException("loss must be in [0, 1): " + loss);
        }
        this.server = server;
        this.loss = loss;
        this.stopAt = Deadline.in(lifetime);
        InetAddress lo = InetAddress.getLoopbackAddress();
        this.front = new DatagramSocket(new InetSocketAddress(lo, 0));
        this.back = new DatagramSocket(new InetSocketAddress(lo, 0));
        front.setSoTimeout(POLL_MILLIS);
        back.setSoTimeout(POLL_MILLIS);
        // Room for a whole burst (a flight, a test's datagram train) while a thread is busy.
        front.setReceiveBufferSize(1 << 20);
        back.setReceiveBufferSize(1 << 20);
        for (Direction d : Direction.values()) {
            counters.put(d, new Counters(new Random(seed * 31 + d.ordinal())));
        }
        this.upstream = new Thread(() -> pump(Direction.CLIENT_TO_SERVER), "relay-c2s");
        this.downstream = new Thread(() -> pump(Direction.SERVER_TO_CLIENT), "relay-s2c");
        upstream.setDaemon(true);
        downstream.setDaemon(true);
        upstream.start();
        downstream.start();
    }

    /**
     * From now on forwards everything. The harness calls this once both handshakes are complete:
     * DTLS does not retransmit application data (RFC 6347 §4.1.2.7 leaves loss to the
     * application), so the data check after a lossy handshake runs on a clean link.
     */
    public void stopDropping() {
        loss = 0;
    }

    /** Where the client must send. */
    public InetSocketAddress address() {
        return (InetSocketAddress) front.getLocalSocketAddress();
    }

    /** Datagrams forwarded in {@code d}. */
    public long forwarded(Direction d) {
        return counters.get(d).forwarded.get();
    }

    /** Datagrams dropped in {@code d}. */
    public long dropped(Direction d) {
        return counters.get(d).dropped.get();
    }

    /** The largest datagram seen in {@code d}, dropped or not (0 if none). */
    public int largestDatagram(Direction d) {
        return counters.get(d).largest.get();
    }

    /** Epoch-0 handshake fragments shorter than their message seen in {@code d} (dropped or not). */
    public long partialHandshakeFragments(Direction d) {
        return counters.get(d).inspector.partialFragments();
    }

    /** Records seen in {@code d} (dropped or not). */
    public long records(Direction d) {
        return counters.get(d).inspector.records();
    }

    /** Whether the relay's threads are still forwarding (false after its lifetime or {@link #close()}). */
    public boolean running() {
        return upstream.isAlive() || downstream.isAlive();
    }

    /** Waits up to {@code timeout} for the relay to stop (lifetime over or closed); whether it has. */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        Deadline deadline = Deadline.in(timeout);
        upstream.join(deadline.remainingMillisAtLeastOne());
        downstream.join(deadline.remainingMillisAtLeastOne());
        return !running();
    }

    /** One line for reports, e.g. {@code "c->s 12 fwd 3 drop (max 210 B); s->c ..."}. */
    public String summary() {
        return side("c->s", Direction.CLIENT_TO_SERVER) + "; " + side("s->c", Direction.SERVER_TO_CLIENT);
    }

    private String side(String name, Direction d) {
        return String.format("%s %d fwd %d drop (max %d B, %d partial fragments)", name, forwarded(d), dropped(d),
                largestDatagram(d), partialHandshakeFragments(d));
    }

    private void pump(Direction d) {
        DatagramSocket in = d == Direction.CLIENT_TO_SERVER ? front : back;
        DatagramSocket out = d == Direction.CLIENT_TO_SERVER ? back : front;
        Counters c = counters.get(d);
        byte[] buf = new byte[MAX_DATAGRAM];
        while (!closed && !stopAt.expired()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                in.receive(p);
            } catch (SocketTimeoutException idle) {
                continue;
            } catch (IOException e) {
                return; // socket closed by close(), or the peer's port went away
            }
            SocketAddress to = route(d, p);
            if (to == null) {
                continue;
            }
            c.largest.accumulateAndGet(p.getLength(), Math::max);
            c.inspector.observe(p.getData(), p.getOffset(), p.getLength());
            if (c.random.nextDouble() < loss) {
                c.dropped.incrementAndGet();
                continue;
            }
            // Count before sending, so whoever receives the datagram already sees it counted.
            c.forwarded.incrementAndGet();
            try {
                out.send(new DatagramPacket(p.getData(), p.getOffset(), p.getLength(), to));
            } catch (IOException e) {
                c.forwarded.decrementAndGet(); // the destination is gone: count it as lost
                c.dropped.incrementAndGet();
            }
        }
    }

    /** Where a datagram received in direction {@code d} goes, or null if it must be ignored. */
    private SocketAddress route(Direction d, DatagramPacket p) {
        if (d == Direction.CLIENT_TO_SERVER) {
            if (client == null) {
                client = p.getSocketAddress();
            }
            return p.getSocketAddress().equals(client) ? server : null;
        }
        // Only the server talks to the back socket; anything else is ignored.
        return p.getSocketAddress().equals(server) ? client : null;
    }

    /** Stops forwarding, closes both sockets and waits (bounded) for the threads. */
    @Override
    public void close() {
        closed = true;
        front.close();
        back.close();
        try {
            upstream.join(2 * POLL_MILLIS + 1000);
            downstream.join(2 * POLL_MILLIS + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Per-direction counters; {@code random} is used by that direction's thread only. */
    private static final class Counters {
        final Random random;
        final AtomicLong forwarded = new AtomicLong();
        final AtomicLong dropped = new AtomicLong();
        final AtomicInteger largest = new AtomicInteger();
        final DatagramInspector inspector = new DatagramInspector();

        Counters(Random random) {
            this.random = random;
        }
    }
}
