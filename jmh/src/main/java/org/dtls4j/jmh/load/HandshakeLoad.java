package org.dtls4j.jmh.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.handshake.DtlsTimeoutException;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineState;

/**
 * A handshake load generator on one thread: {@code inFlight} client {@link DtlsEngine}s, each on
 * its own {@link DatagramChannel} (its own source port, so the server sees that many peers),
 * driven by one {@link Selector}. Each slot runs a full handshake, sends close_notify (RFC 5246
 * §7.2.1) so that the server forgets the peer, and starts the next handshake at once, on a new
 * channel: so the server always has {@code inFlight} handshakes to work on, and the generator's
 * cost per handshake is only its own client's. Retransmission timers (RFC 6347 §4.2.4) are the
 * engines' own: every turn of the loop fires the ones due and sleeps until the next.
 *
 * <p>Why a new channel (a new source port) for every handshake, and why the old one stays bound
 * for {@value #LINGER_MILLIS} ms before it is closed: the server answers each retransmission of a
 * client's flight, so copies of its last flight may still be on their way when the client is
 * done. On the same port, or on a port the kernel hands straight to the next client, they would
 * reach a handshake that has just begun, whose engine fails on a ChangeCipherSpec before its
 * ServerHello. Real clients arrive from new ports too.
 *
 * <p>Stops after {@code limit} handshakes were started and finished, or at {@link #stop()}.
 * Counters are readable from any thread while it runs.
 */
final class HandshakeLoad implements Runnable {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Longest sleep in the selector, so that {@link #stop()} is seen promptly. */
    private static final long MAX_WAIT_MILLIS = 20;
    /** How long a finished handshake's channel keeps its port, unread, before it is closed. */
    static final long LINGER_MILLIS = 2000;

    /** A finished handshake's channel and when to close it. */
    private record Lingering(DatagramChannel channel, long closeAt) {
    }

    private final InetSocketAddress server;
    private final DtlsConfig config;
    private final int inFlight;
    private final long limit;
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong retransmissions = new AtomicLong();
    private final AtomicLong latencyNanos = new AtomicLong();
    private final Map<String, Long> failures = new TreeMap<>();
    private volatile boolean stopping;
    private volatile long threadId = -1;
    private Selector selector;
    private final ArrayDeque<Lingering> lingering = new ArrayDeque<>();
    private long started;
    private int active;

    /** One channel and the handshake running on it. */
    private static final class Slot {
        DatagramChannel channel;
        DtlsEngine engine;
        long startedAt;
    }

    /**
     * @param limit handshakes to run in all, {@link Long#MAX_VALUE} to run until {@link #stop()}
     */
    HandshakeLoad(InetSocketAddress server, DtlsConfig config, int inFlight, long limit) {
        this.server = server;
        this.config = config;
        this.inFlight = inFlight;
        this.limit = limit;
    }

    /** Handshakes completed so far. */
    long completed() {
        return completed.get();
    }

    /** Handshakes that failed or were closed by the server before completing. */
    long failed() {
        return failed.get();
    }

    /** Client retransmissions, summed over finished handshakes. */
    long retransmissions() {
        return retransmissions.get();
    }

    /** Mean start-to-completion time of the completed handshakes, in milliseconds. */
    double meanLatencyMillis() {
        long n = completed.get();
        return n == 0 ? 0 : latencyNanos.get() / 1e6 / n;
    }

    /** Failures by reason ("timeout", the server's alert, our alert and its message, "closed by server", "I/O"). */
    synchronized Map<String, Long> failures() {
        return new TreeMap<>(failures);
    }

    /** CPU time of the generator's thread so far; 0 before it started. */
    long threadCpuNanos() {
        long id = threadId;
        return id < 0 ? 0 : Math.max(0, THREADS.getThreadCpuTime(id));
    }

    /** Asks the loop to finish: handshakes in progress are abandoned. */
    void stop() {
        stopping = true;
    }

    @Override
    public void run() {
        threadId = Thread.currentThread().getId();
        Slot[] slots = new Slot[inFlight];
        ByteBuffer buf = ByteBuffer.allocate(65_536);
        try (Selector selector = Selector.open()) {
            this.selector = selector;
            long now = System.nanoTime();
            for (int i = 0; i < inFlight; i++) {
                slots[i] = new Slot();
                active++;
                begin(slots[i], now);
            }
            while (active > 0 && !stopping) {
                while (!lingering.isEmpty() && now - lingering.peek().closeAt() >= 0) {
                    close(lingering.poll().channel());
                }
                long next = Long.MAX_VALUE;
                for (Slot s : slots) {
                    if (s.engine == null) {
                        continue;
                    }
                    long d = s.engine.nextDeadlineNanos();
                    if (d - now <= 0) {
                        s.engine.onDeadline(now);
                        after(s, now);
                    } else {
                        next = Math.min(next, d);
                    }
                }
                long waitMillis = next == Long.MAX_VALUE ? MAX_WAIT_MILLIS
                        : Math.max(1, Math.min(MAX_WAIT_MILLIS, (next - now) / 1_000_000 + 1));
                selector.select(waitMillis);
                now = System.nanoTime();
                for (SelectionKey key : selector.selectedKeys()) {
                    Slot s = (Slot) key.attachment();
                    readAll(s, buf, now);
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            throw new IllegalStateException("load generator failed", e);
        } finally {
            for (Slot s : slots) {
                if (s != null && s.channel != null) {
                    close(s.channel);
                }
            }
            lingering.forEach(l -> close(l.channel()));
        }
    }

    private void readAll(Slot s, ByteBuffer buf, long now) {
        while (s.engine != null) {
            buf.clear();
            int n;
            try {
                n = s.channel.read(buf);
            } catch (IOException e) {
                // ICMP port unreachable and the like: the engine's timer retransmits or gives up
                fail(s, "I/O: " + e.getClass().getSimpleName(), now);
                return;
            }
            if (n <= 0) {
                return;
            }
            s.engine.receive(buf.array(), 0, n, now);
            after(s, now);
        }
    }

    /** After every engine call: send what it queued, then act on its state. */
    private void after(Slot s, long now) {
        DtlsEngine e = s.engine;
        flush(s);
        while (e.pollApplicationData() != null) {
            // the server sends none; nothing to keep
        }
        switch (e.state()) {
            case CONNECTED -> {
                completed.incrementAndGet();
                latencyNanos.addAndGet(now - s.startedAt);
                retransmissions.addAndGet(e.counters().retransmissions());
                e.close();
                flush(s);
                begin(s, now);
            }
            case FAILED -> {
                DtlsException f = e.failure();
                fail(s, f instanceof DtlsTimeoutException ? "timeout" : f == null ? "unknown"
                        : f.alert().rfcName() + (f.isReceivedFromPeer() ? " (server's)" : ": " + f.getMessage()), now);
            }
            case CLOSED -> fail(s, "closed by server", now);
            default -> {
                // still handshaking
            }
        }
    }

    private void fail(Slot s, String reason, long now) {
        failed.incrementAndGet();
        retransmissions.addAndGet(s.engine.counters().retransmissions());
        synchronized (this) {
            failures.merge(reason, 1L, Long::sum);
        }
        begin(s, now);
    }

    /** Starts the slot's next handshake, or retires the slot when the limit is reached or stopping. */
    private void begin(Slot s, long now) {
        retire(s, now);
        if (stopping || started >= limit) {
            s.engine = null;
            active--;
            return;
        }
        try {
            DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
            ch.bind(new InetSocketAddress("127.0.0.1", 0)).connect(server).configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ, s);
            s.channel = ch;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a client channel", e);
        }
        started++;
        s.startedAt = now;
        s.engine = DtlsEngine.client(config, random);
        s.engine.start(now);
        flush(s);
    }

    /** Stops reading the slot's channel and closes it after {@link #LINGER_MILLIS}. */
    private void retire(Slot s, long now) {
        if (s.channel != null) {
            SelectionKey key = s.channel.keyFor(selector);
            if (key != null) {
                key.cancel();
            }
            lingering.add(new Lingering(s.channel, now + LINGER_MILLIS * 1_000_000));
            s.channel = null;
        }
    }

    private static void close(DatagramChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private void flush(Slot s) {
        ByteBuffer d;
        while ((d = s.engine.pollDatagram()) != null) {
            try {
                s.channel.write(d);
            } catch (IOException e) {
                // a datagram lost at the socket: the handshake's retransmission covers it
            }
        }
    }
}
