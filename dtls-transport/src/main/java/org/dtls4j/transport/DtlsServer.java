package org.dtls4j.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.handshake.cookie.CookieExchange;
import org.dtls4j.transport.io.DatagramLoop;
import org.dtls4j.transport.io.Mailbox;
import org.dtls4j.transport.io.PeerLog;
import org.dtls4j.transport.time.NanoClock;

/**
 * A DTLS 1.2 server (RFC 6347) on one UDP socket, serving many peers.
 *
 * <pre>{@code
 * try (DtlsServer server = DtlsServer.bind(new InetSocketAddress("127.0.0.1", 4433), config)) {
 *     DtlsConnection c = server.accept();
 *     c.send(c.receive());
 * }
 * }</pre>
 *
 * <p>One daemon receive thread reads the socket, looks the sender up in a table of peers and hands
 * the datagram to the worker thread that runs that peer's engine ({@link ServerOptions#workers()}
 * handshake workers and as many connection workers; the module README, "Threads", says why). A
 * stranger first goes through the stateless cookie exchange (RFC 6347 §4.2.1) on the receive
 * thread, then through the limits of {@link ServerOptions}; only then is an engine created for it.
 * Timers live in heaps (retransmissions on the handshake workers, idle timeouts on the receive
 * thread), so idle connections cost nothing per wake-up.
 * Established connections are handed over through {@link #accept()}, {@link #poll()} or an
 * {@link #onConnection handler}; handshakes that fail are reported to an
 * {@link #onHandshakeFailure handler} if one is set.
 *
 * <p>If {@code config} has no key log sink and the environment variable {@code SSLKEYLOGFILE}
 * names a file, every handshake's secrets are appended to it in the NSS key log format, for
 * Wireshark. Never do this in production.
 *
 * <p>All methods are thread-safe.
 */
public final class DtlsServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DtlsServer.class.getName());

    private final DatagramLoop loop;
    private final InetSocketAddress localAddress;
    private final CookieExchange cookies;
    private final ServerStats stats = new ServerStats();
    private final Mailbox<DtlsConnection> acceptQueue;
    private volatile Consumer<DtlsConnection> handler;
    /** Set by {@link #onReceive}: every connection's datagram handler, and where it runs (or null). */
    private volatile DatagramHandler receiveHandler;
    private volatile Executor receiveExecutor;
    private volatile BiConsumer<InetSocketAddress, DtlsException> failureHandler;

    private DtlsServer(DatagramChannel channel, DtlsConfig config, ServerOptions options) throws IOException {
        this.localAddress = (InetSocketAddress) channel.getLocalAddress();
        this.acceptQueue = new Mailbox<>(options.acceptQueue());
        SecureRandom random = new SecureRandom();
        this.cookies = options.cookies()
                ? new CookieExchange(random, options.cookieRotation(), config.providers())
                : null;
        // one byte more than the limit, so that a longer datagram is seen as one and dropped
        this.loop = new DatagramLoop("dtls4j-server-" + localAddress.getPort(), channel, PeerTable.MAX_RECEIVED_DATAGRAM + 1,
                NanoClock.system());
        Workers workers = new Workers("dtls4j-server-" + localAddress.getPort(), options.workers(), options.maxPeers(),
                NanoClock.system());
        PeerTable table = new PeerTable(config, options, random, cookies, stats, new Delivery(), loop, workers,
                localAddress);
        loop.start(table);
        LOG.log(System.Logger.Level.DEBUG, () -> "DTLS server listening on " + localAddress);
    }

    /** Binds a server with {@link ServerOptions#defaults()}. */
    public static DtlsServer bind(InetSocketAddress local, DtlsConfig config) throws IOException {
        return bind(local, config, ServerOptions.defaults());
    }

    /**
     * Binds a UDP socket to {@code local} (port 0 picks a free one) and starts serving.
     *
     * @throws IOException when the socket cannot be bound
     * @throws IllegalArgumentException when {@code config} cannot serve a single handshake
     *         ({@link DtlsConfig#checkServer()}: no certificate and no PSK store, say); the message
     *         names the fix
     */
    public static DtlsServer bind(InetSocketAddress local, DtlsConfig config, ServerOptions options) throws IOException {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(options, "options");
        config.checkServer();
        DtlsConfig effective = KeyLog.fromEnvironment(config);
        DatagramChannel channel = local.getAddress() instanceof java.net.Inet6Address
                ? DatagramChannel.open(StandardProtocolFamily.INET6)
                : DatagramChannel.open(StandardProtocolFamily.INET);
        try {
            channel.bind(local);
            return new DtlsServer(channel, effective, options);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The bound address, with the actual port when bound to port 0. */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /**
     * The next established connection, waiting as long as it takes; {@code null} once the server is
     * closed. Handshakes run on several workers, so two that complete at nearly the same time may
     * come out in either order.
     */
    public DtlsConnection accept() throws InterruptedException {
        return acceptQueue.take(-1);
    }

    /** The next established connection, or {@code null} when none comes within {@code timeout} or the server is closed. */
    public DtlsConnection accept(Duration timeout) throws InterruptedException {
        return acceptQueue.take(Math.max(0, timeout.toNanos()));
    }

    /** The next established connection if one is waiting, else {@code null}; never blocks (for game loops). */
    public DtlsConnection poll() {
        return acceptQueue.poll();
    }

    /**
     * Hands every established connection to {@code handler} instead of queueing it for
     * {@link #accept()}; connections already queued are handed over too. The handler runs on the
     * handshake worker that completed the handshake (queued ones on the receive thread): it must
     * return quickly (start a thread or submit to an executor for the conversation), or other
     * peers wait. An exception from it is logged and the connection
     * closed.
     */
    public void onConnection(Consumer<DtlsConnection> handler) {
        this.handler = Objects.requireNonNull(handler, "handler");
        loop.execute(() -> {
            DtlsConnection c;
            while ((c = acceptQueue.poll()) != null) {
                handOver(handler, c);
            }
        });
    }

    /**
     * Gives every connection established from now on {@code handler} for its datagrams, run on the
     * connection worker that decrypted them ({@link DtlsConnection#onReceive(DatagramHandler)}):
     * a server with no thread per connection and no {@link #accept()} loop. The handler must return
     * quickly; a slow one delays the other peers of its worker, and the peers' datagrams beyond
     * 64 waiting are dropped and counted
     * ({@link ServerCounters#peerQueueDrops()}). A connection goes to {@link #onConnection} (or the
     * accept queue) only if that was asked for too; otherwise the server keeps it to itself.
     */
    public void onReceive(DatagramHandler handler) {
        setReceiveHandler(Objects.requireNonNull(handler, "handler"), null);
    }

    /**
     * As {@link #onReceive(DatagramHandler)}, with the handler run on {@code executor}
     * ({@link DtlsConnection#onReceive(DatagramHandler, Executor)}): for a handler that may block.
     * Each connection's datagrams reach it one at a time and in order; a connection whose handler
     * falls behind by {@value DtlsConnection#RECEIVE_QUEUE} datagrams drops the next ones and
     * counts them ({@link ConnectionCounters#receiveQueueDrops()}), so a slow handler costs
     * bounded memory and never holds up the server's threads.
     */
    public void onReceive(DatagramHandler handler, Executor executor) {
        setReceiveHandler(Objects.requireNonNull(handler, "handler"), Objects.requireNonNull(executor, "executor"));
    }

    private void setReceiveHandler(DatagramHandler h, Executor executor) {
        receiveExecutor = executor;
        receiveHandler = h;
    }

    /**
     * Tells {@code handler} about every handshake that fails, once per handshake, with the peer's
     * address and the engine's {@link org.dtls4j.handshake.engine.DtlsEngine#failure() failure}: the
     * alert ({@link DtlsException#alert()}), whether the peer sent it or we did
     * ({@link DtlsException#isReceivedFromPeer()}) and a message naming the cause, such as
     * {@code "client certificate not trusted: ..."}. A handshake that ran out of
     * {@code config.handshakeTimeout()} arrives as a {@link org.dtls4j.handshake.DtlsTimeoutException}
     * (no alert went on the wire); for a handshaking peer that deadline takes the place of the idle
     * timeout, so a peer that goes silent mid-handshake is reported this way.
     *
     * <p>Only peers the server held state for are reported, exactly those counted in
     * {@link ServerCounters#handshakesFailed()}. Not reported, because they only ever show up in the
     * counters: datagrams dropped before a valid cookie (RFC 6347 §4.2.1) and peers refused by a
     * limit (a flood is a number, not a stream of events); a handshake ended because the same
     * address started a new association (RFC 6347 §4.2.8, {@link ServerCounters#associationsReplaced()})
     * or because the server was closed; a peer that sends close_notify during its handshake (the
     * engine reports the connection closed, not failed). A connection that fails after its
     * handshake completed is told to its owner through {@link DtlsConnection#receive()}, not here.
     *
     * <p>The handler runs on the server's receive thread, after the peer was forgotten: it must be quick
     * and must not block (log a line, bump a metric, hand the rest to another thread), or every
     * peer waits. A {@link RuntimeException} from it is logged and otherwise ignored; the server
     * goes on. Failures before a handler is set are only counted. A later call replaces the handler.
     */
    public void onHandshakeFailure(BiConsumer<InetSocketAddress, DtlsException> handler) {
        this.failureHandler = Objects.requireNonNull(handler, "handler");
    }

    /** A snapshot of the server's counters. */
    public ServerCounters counters() {
        return stats.snapshot(loop, cookies == null ? null : cookies.counters());
    }

    /** Peers held now, handshaking or connected. */
    public int peerCount() {
        return stats.peers();
    }

    public boolean isOpen() {
        return loop.isRunning();
    }

    /**
     * Sends close_notify to every peer, stops the threads and closes the socket. Connections
     * then report {@link ConnectionClosedException.Reason#TRANSPORT_CLOSED}; waiting
     * {@link #accept()} calls return {@code null}. Idempotent.
     */
    @Override
    public void close() {
        loop.stop();
        acceptQueue.close(true);
    }

    @Override
    public String toString() {
        return "DtlsServer[" + localAddress + "]";
    }

    private static void handOver(Consumer<DtlsConnection> h, DtlsConnection c) {
        try {
            h.accept(c);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, PeerLog.prefix(c.peer()) + "connection handler failed; closing it", e);
            c.close();
        }
    }

    /** Called by the receive thread and the workers (see {@link PeerTable}). */
    private final class Delivery implements PeerTable.Delivery {
        @Override
        public boolean deliver(DtlsConnection connection) {
            DatagramHandler r = receiveHandler;
            if (r != null) {
                Executor e = receiveExecutor;
                if (e == null) {
                    connection.onReceive(r);
                } else {
                    connection.onReceive(r, e);
                }
            }
            Consumer<DtlsConnection> h = handler;
            if (h != null) {
                handOver(h, connection);
                return true;
            }
            return r != null || acceptQueue.offer(connection);
        }

        @Override
        public void handshakeFailed(InetSocketAddress peer, DtlsException failure) {
            BiConsumer<InetSocketAddress, DtlsException> h = failureHandler;
            if (h == null) {
                return;
            }
            try {
                h.accept(peer, failure);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, PeerLog.prefix(peer) + "handshake failure handler failed", e);
            }
        }

        @Override
        public void stopped() {
            acceptQueue.close(true);
        }
    }
}
