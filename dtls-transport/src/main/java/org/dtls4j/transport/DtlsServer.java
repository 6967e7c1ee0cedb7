package org.dtls4j.transport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.crypto.SecretKey;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EstablishedState;
import org.dtls4j.transport.restart.RestoreRefusedException;
import org.dtls4j.transport.restart.SavedConnections;
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
    /** How long a call waits for the receive thread's answer; it answers in microseconds unless stopped. */
    private static final long LOOP_ANSWER_SECONDS = 10;

    private final DatagramLoop loop;
    private final PeerTable table;
    private final DtlsConfig config;
    private final ServerOptions options;
    private final SecureRandom random;
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
        this.config = config;
        this.options = options;
        this.random = new SecureRandom();
        this.cookies = options.cookies()
                ? new CookieExchange(random, options.cookieRotation(), config.providers())
                : null;
        // one byte more than the limit, so that a longer datagram is seen as one and dropped
        this.loop = new DatagramLoop("dtls4j-server-" + localAddress.getPort(), channel, PeerTable.MAX_RECEIVED_DATAGRAM + 1,
                NanoClock.system());
        Workers workers = new Workers("dtls4j-server-" + localAddress.getPort(), options.workers(), options.maxPeers(),
                NanoClock.system());
        this.table = new PeerTable(config, options, random, cookies, stats, new Delivery(), loop, workers,
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

    // ---------------------------------------------------------------------------------------------
    // Graceful restart

    /**
     * Saves every established connection to {@code file}, sealed under {@code key}, for the
     * process that replaces this one ({@link #restoreConnections}), and closes the server. Its
     * peers notice nothing: no close_notify goes out, and the new process continues each
     * association where this one left it, without a handshake. Handshakes in progress are not
     * saved; their clients time out and start again.
     *
     * <p><b>The rule that keeps every nonce fresh.</b> First the receive thread stops reading the
     * socket's datagrams for good (they are dropped unread), so nothing new is accepted or
     * answered. Then each connection's state is taken under its lock, and in the same step the
     * connection ends: from that moment nothing is sent under its keys here (an application's
     * {@link DtlsConnection#send} throws {@link ConnectionClosedException}), so the saved write
     * sequence number is one this process never used. The restoring engine starts
     * {@code EstablishedState.RESTORE_SEQUENCE_MARGIN} (2^16) numbers past it all the same, and
     * restores a file only once ({@link #restoreConnections} deletes it). Datagrams received but
     * not yet read by the application are lost, as UDP may lose them.
     *
     * <p>The file format is {@link org.dtls4j.transport.restart.SavedConnections}'s; it is written
     * atomically and owner-only, and holds the connections' master secrets: keep the key apart from it.
     *
     * @param key an AES key of 16 or 32 bytes
     * @return the number of connections saved
     * @throws IOException when the file cannot be written; the server is closed all the same, and
     *         its connections are lost (their peers will handshake again)
     * @throws IllegalStateException when the server is already closed
     */
    public int saveConnections(Path file, SecretKey key) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(key, "key");
        List<ServerPeer> connected = onLoop(table::stopReadingForSave);
        List<byte[]> states = new ArrayList<>();
        try {
            for (ServerPeer p : connected) {
                EstablishedState s = p.connection.handOver();
                if (s != null) {
                    states.add(s.toBytes());
                    s.destroy();
                }
            }
            SavedConnections.write(file, key, states, Instant.now(), random);
            LOG.log(System.Logger.Level.INFO, () -> "saved " + states.size() + " connections to " + file);
            return states.size();
        } finally {
            for (byte[] b : states) {
                Arrays.fill(b, (byte) 0);
            }
            close();
        }
    }

    /**
     * {@link #restoreConnections(Path, SecretKey, Duration)} with the idle timeout
     * ({@link ServerOptions#idleTimeout()}) as the maximum age: the old server would have dropped
     * a connection idle for longer, and its peer may have given up.
     */
    public int restoreConnections(Path file, SecretKey key) throws IOException, RestoreRefusedException {
        return restoreConnections(file, key, options.idleTimeout());
    }

    /**
     * Continues the connections another server process saved ({@link #saveConnections}): each
     * becomes an established connection of this server, without a handshake, handed to the
     * application as a new one would be ({@link #accept()}, {@link #onConnection},
     * {@link #onReceive}: set them up before this call). Call it right after binding, on the
     * address the old server had, so that the peers' next datagrams find their connections.
     * The file is deleted once read: a state restored twice would send two records under one nonce.
     *
     * <p>A file that cannot be trusted is refused as a whole and the server goes on empty: one that
     * is not a saved-connections file, of another format version, sealed under another key,
     * changed in any byte, or saved more than {@code maxAge} ago (or dated in the future). A
     * connection that cannot be restored alone (its address already taken, the peer limit reached,
     * a client's state) is closed with close_notify, so its peer starts again at once.
     *
     * @return the number of connections restored
     * @throws RestoreRefusedException naming why the file was refused; nothing was restored
     * @throws IOException when the file cannot be read or deleted
     */
    public int restoreConnections(Path file, SecretKey key, Duration maxAge) throws IOException, RestoreRefusedException {
        List<byte[]> saved = SavedConnections.read(file, key, maxAge, Instant.now());
        Files.delete(file);
        int restored = 0;
        for (byte[] bytes : saved) {
            EstablishedState state;
            try {
                state = EstablishedState.fromBytes(bytes);
            } catch (IllegalArgumentException e) {
                LOG.log(System.Logger.Level.WARNING, () -> "saved connection not restored: " + e.getMessage());
                continue;
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
            if (restoreOne(state)) {
                restored++;
            }
        }
        int n = restored;
        LOG.log(System.Logger.Level.INFO, () -> "restored " + n + " of " + saved.size() + " connections from " + file);
        return restored;
    }

    private boolean restoreOne(EstablishedState state) {
        try {
            if (state.isClient() || state.peerAddress() == null) {
                LOG.log(System.Logger.Level.WARNING, () -> "saved connection not restored: " + state
                        + " is not a server's connection with a known peer");
                return false;
            }
            long now = loop.clock().nanos();
            DtlsEngine engine = DtlsEngine.restore(config, random, state, now);
            return onLoop(() -> table.restored(engine, state.peerAddress(), state.clientRandom(), now));
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, () -> "saved connection not restored: " + e.getMessage());
            return false;
        } finally {
            state.destroy();
        }
    }

    /** Runs {@code task} on the receive thread, which owns the peer table, and waits for its answer. */
    private <T> T onLoop(Supplier<T> task) throws IllegalStateException {
        if (!loop.isRunning()) {
            throw new IllegalStateException("the server is closed");
        }
        CompletableFuture<T> answer = new CompletableFuture<>();
        loop.execute(() -> answer.complete(task.get()));
        try {
            return answer.get(LOOP_ANSWER_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the receive thread", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the server's receive thread did not answer (closed?)", e);
        }
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
