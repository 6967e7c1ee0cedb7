package org.dtls4j.jmh.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.SecureRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineState;

/**
 * Established peers that time the server's echo: {@code count} client {@link DtlsEngine}s, each on
 * its own {@link DatagramChannel}, all driven by one {@link Selector} thread. First every peer
 * completes its handshake; then, on a fixed schedule that does not wait for answers (so a slow
 * server cannot slow the measurement down with it), the peers take turns sending one 17-byte
 * datagram each: sequence number, {@link System#nanoTime()} at the send, and the phase it was sent
 * in. The echo's round-trip time is the receive time minus the time it carries, filed under that
 * phase; a late send is noted too ({@link #sendLateness}), so a starved generator shows.
 *
 * <p>The main thread moves the phase with {@link #phase(int)} and ends the run with
 * {@link #stop()}, after which answers still in flight are awaited for {@value #DRAIN_MILLIS} ms.
 */
final class EchoPeers implements Runnable {
    static final int PAYLOAD = 17;
    static final int PHASES = 4;
    private static final long DRAIN_MILLIS = 1000;
    private static final long HANDSHAKE_SECONDS = 60;

    private final InetSocketAddress server;
    private final DtlsConfig config;
    private final int count;
    private final long intervalNanos;
    private final Samples[] rtt = new Samples[PHASES];
    private final Samples[] lateness = new Samples[PHASES];
    private final long[] sent = new long[PHASES];
    private final long[] received = new long[PHASES];
    private final CountDownLatch established = new CountDownLatch(1);
    private volatile int phase;
    private volatile boolean stopping;
    private volatile String failure;
    private long misrouted;
    private long ended;

    /**
     * @param perPeerRate datagrams per second each peer sends; all peers together send
     *                    {@code count * perPeerRate}, evenly spaced
     */
    EchoPeers(InetSocketAddress server, DtlsConfig config, int count, int perPeerRate) {
        this.server = server;
        this.config = config;
        this.count = count;
        this.intervalNanos = 1_000_000_000L / ((long) count * perPeerRate);
        for (int i = 0; i < PHASES; i++) {
            rtt[i] = new Samples();
            lateness[i] = new Samples();
        }
    }

    /** Waits until every peer completed its handshake; false at the timeout or when one failed. */
    boolean awaitEstablished(long seconds) throws InterruptedException {
        return established.await(seconds, TimeUnit.SECONDS) && failure == null;
    }

    /** Why the peers could not be established, or {@code null}. */
    String failure() {
        return failure;
    }

    /** Datagrams sent from now on belong to phase {@code p}. */
    void phase(int p) {
        phase = p;
    }

    void stop() {
        stopping = true;
    }

    // Read these after the thread has ended (Thread.join orders the reads after its writes).

    Samples roundTrips(int p) {
        return rtt[p];
    }

    Samples sendLateness(int p) {
        return lateness[p];
    }

    long sent(int p) {
        return sent[p];
    }

    long received(int p) {
        return received[p];
    }

    /** Answers that came back to another peer than the one that sent them; must be 0. */
    long misrouted() {
        return misrouted;
    }

    /** Peers whose connection ended (closed or failed) while they were being timed; must be 0. */
    long ended() {
        return ended;
    }

    @Override
    public void run() {
        DatagramChannel[] channels = new DatagramChannel[count];
        DtlsEngine[] engines = new DtlsEngine[count];
        ByteBuffer buf = ByteBuffer.allocate(65_536);
        SecureRandom random = new SecureRandom();
        try (Selector selector = Selector.open()) {
            long now = System.nanoTime();
            for (int i = 0; i < count; i++) {
                channels[i] = DatagramChannel.open(StandardProtocolFamily.INET);
                channels[i].bind(new InetSocketAddress("127.0.0.1", 0)).connect(server).configureBlocking(false);
                channels[i].register(selector, SelectionKey.OP_READ, i);
                engines[i] = DtlsEngine.client(config, random);
                engines[i].start(now);
                flush(engines[i], channels[i]);
            }
            if (!handshake(selector, channels, engines, buf)) {
                return;
            }
            established.countDown();
            long start = System.nanoTime();
            long k = 0;
            long drainUntil = Long.MAX_VALUE;
            ByteBuffer ping = ByteBuffer.allocate(PAYLOAD);
            while ((now = System.nanoTime()) - drainUntil < 0) {
                while (!stopping && start + k * intervalNanos - now <= 0) {
                    int p = phase;
                    int i = (int) (k % count);
                    long at = System.nanoTime();
                    ping.clear();
                    ping.putLong(k).putLong(at).put((byte) p).flip();
                    if (engines[i].state() == EngineState.CONNECTED) {
                        engines[i].send(ping);
                        flush(engines[i], channels[i]);
                        sent[p]++;
                        lateness[p].add(at - (start + k * intervalNanos));
                    }
                    k++;
                }
                if (stopping && drainUntil == Long.MAX_VALUE) {
                    drainUntil = now + DRAIN_MILLIS * 1_000_000;
                }
                long waitNanos = stopping ? drainUntil - now : start + k * intervalNanos - now;
                selector.select(Math.max(1, waitNanos / 1_000_000));
                for (SelectionKey key : selector.selectedKeys()) {
                    int i = (Integer) key.attachment();
                    readAll(i, engines[i], channels[i], buf);
                }
                selector.selectedKeys().clear();
            }
            for (int i = 0; i < count; i++) {
                engines[i].close();
                flush(engines[i], channels[i]);
            }
        } catch (IOException e) {
            failure = "I/O: " + e;
            throw new UncheckedIOException(e);
        } finally {
            established.countDown();
            for (DatagramChannel ch : channels) {
                if (ch != null) {
                    try {
                        ch.close();
                    } catch (IOException ignored) {
                        // closing anyway
                    }
                }
            }
        }
    }

    /** Runs every handshake to completion, retransmitting on the engines' timers; false on a failure. */
    private boolean handshake(Selector selector, DatagramChannel[] channels, DtlsEngine[] engines, ByteBuffer buf)
            throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANDSHAKE_SECONDS);
        while (true) {
            long now = System.nanoTime();
            int connected = 0;
            for (int i = 0; i < count; i++) {
                EngineState s = engines[i].state();
                if (s == EngineState.CONNECTED) {
                    connected++;
                } else if (s != EngineState.HANDSHAKING) {
                    failure = "peer " + i + " handshake ended " + s + ": " + engines[i].failure();
                    return false;
                } else if (engines[i].nextDeadlineNanos() - now <= 0) {
                    engines[i].onDeadline(now);
                    flush(engines[i], channels[i]);
                }
            }
            if (connected == count) {
                return true;
            }
            if (now - deadline > 0) {
                failure = connected + " of " + count + " peers established within " + HANDSHAKE_SECONDS + " s";
                return false;
            }
            selector.select(10);
            for (SelectionKey key : selector.selectedKeys()) {
                int i = (Integer) key.attachment();
                readAll(i, engines[i], channels[i], buf);
            }
            selector.selectedKeys().clear();
        }
    }

    private void readAll(int i, DtlsEngine engine, DatagramChannel ch, ByteBuffer buf) throws IOException {
        while (true) {
            buf.clear();
            int n = ch.read(buf);
            if (n <= 0) {
                return;
            }
            long now = System.nanoTime();
            EngineState before = engine.state();
            engine.receive(buf.array(), 0, n, now);
            flush(engine, ch);
            ByteBuffer d;
            while ((d = engine.pollApplicationData()) != null) {
                if (d.remaining() != PAYLOAD) {
                    continue;
                }
                long seq = d.getLong();
                long at = d.getLong();
                int p = d.get();
                if (seq % count != i) {
                    misrouted++;
                    continue;
                }
                rtt[p].add(now - at);
                received[p]++;
            }
            if (before == EngineState.CONNECTED && engine.state() != EngineState.CONNECTED) {
                ended++;
            }
        }
    }

    private static void flush(DtlsEngine engine, DatagramChannel ch) throws IOException {
        ByteBuffer d;
        while ((d = engine.pollDatagram()) != null) {
            ch.write(d);
        }
    }
}
