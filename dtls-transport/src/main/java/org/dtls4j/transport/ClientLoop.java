package org.dtls4j.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsSession;
import org.dtls4j.transport.io.SelectorLoop;
import org.dtls4j.transport.time.NanoClock;

/**
 * The I/O threads of client connections: a few daemon threads, each with a {@code Selector},
 * serve any number of {@link DtlsClient} connections. Each connection keeps a UDP socket of its
 * own, connected to its server (a server tells its peers apart by their source address), and the
 * thread that holds the socket reads it, runs the connection's engine (the handshake, then
 * decrypting records and answering a server that retransmits its last flight) and runs its
 * retransmission timer (RFC 6347 §4.2.4) in one timer heap with all the others, so 10,000 idle
 * connections cost nothing per wake-up.
 *
 * <p>{@link #shared()} is the loop every {@code DtlsClient.connect} without one uses: created on
 * first use, its threads are daemons and it never needs closing. {@link #open()} gives an
 * application a loop of its own; closing it ends its connections with
 * {@link ConnectionClosedException.Reason#TRANSPORT_CLOSED} (and close_notify to their servers).
 *
 * <p><b>How many threads.</b> A new connection goes to the thread that holds the fewest. The
 * shared loop has {@code min(2, processors)} threads: the thread runs the handshake's public-key
 * operations (ECDHE, certificate signatures: hundreds of microseconds of CPU, where a datagram
 * costs a few), so a single thread caps a load generator at one core of handshakes and makes
 * every other connection wait behind each of them; two let handshakes use a second core. More would not serve the shared loop's purpose:
 * the application, and a server in the same process, need the other cores, and a loop whose
 * connections are mostly idle needs only one. An application that knows better asks
 * {@link #open(int)} for its own count.
 *
 * <p>All methods are thread-safe.
 */
public final class ClientLoop implements AutoCloseable {
    /** Largest UDP payload over IPv4: a client accepts whatever its chosen server sends. */
    private static final int RECEIVE_BUFFER = 65_507;
    private static final AtomicInteger OWN_LOOPS = new AtomicInteger();
    private static volatile ClientLoop shared;

    private final SelectorLoop[] threads;
    private final boolean isShared;

    private ClientLoop(String name, int threadCount, boolean isShared) throws IOException {
        this.isShared = isShared;
        this.threads = new SelectorLoop[threadCount];
        try {
            for (int i = 0; i < threadCount; i++) {
                threads[i] = new SelectorLoop(name + "-" + (i + 1), RECEIVE_BUFFER, NanoClock.system());
            }
        } catch (IOException | RuntimeException e) {
            stopAll();
            throw e;
        }
    }

    /**
     * The process-wide loop of {@code min(2, processors)} daemon threads, started on first use.
     * {@link #close()} does not stop it (as {@code ForkJoinPool.commonPool()} ignores
     * {@code shutdown()}): other parts of the process may be using it.
     *
     * @throws UncheckedIOException when its first use cannot open a {@code Selector}
     */
    public static ClientLoop shared() {
        try {
            return sharedLoop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #shared()}, with the rare failure to start it as the {@link IOException} it is. */
    static ClientLoop sharedLoop() throws IOException {
        ClientLoop loop = shared;
        if (loop == null) {
            synchronized (ClientLoop.class) {
                loop = shared;
                if (loop == null) {
                    loop = new ClientLoop("dtls4j-client-shared",
                            Math.min(2, Runtime.getRuntime().availableProcessors()), true);
                    shared = loop;
                }
            }
        }
        return loop;
    }

    /** A loop of one daemon thread for this application's connections; close it when done. */
    public static ClientLoop open() throws IOException {
        return open(1);
    }

    /** A loop of {@code threadCount} daemon threads (1 to 64) for this application's connections. */
    public static ClientLoop open(int threadCount) throws IOException {
        if (threadCount < 1 || threadCount > 64) {
            throw new IllegalArgumentException("threadCount must be 1 to 64, was " + threadCount);
        }
        return new ClientLoop("dtls4j-client-loop" + OWN_LOOPS.incrementAndGet(), threadCount, false);
    }

    /** The number of I/O threads. */
    public int threadCount() {
        return threads.length;
    }

    /** Client connections (sockets) this loop holds: handshaking, connected, or closing right now. */
    public int connections() {
        int n = 0;
        for (SelectorLoop t : threads) {
            n += t.sockets();
        }
        return n;
    }

    /** False once closed (never for {@link #shared()}). */
    public boolean isOpen() {
        for (SelectorLoop t : threads) {
            if (!t.isRunning()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Ends every connection of this loop ({@link ConnectionClosedException.Reason#TRANSPORT_CLOSED},
     * close_notify to their servers), fails handshakes in progress, closes the sockets and stops
     * the threads, waiting a bounded time for each. Later connects on this loop fail with an
     * {@link IOException}. Idempotent; does nothing on {@link #shared()}.
     */
    @Override
    public void close() {
        if (!isShared) {
            stopAll();
        }
    }

    @Override
    public String toString() {
        return "ClientLoop[" + threads.length + " threads, " + connections() + " connections" + (isOpen() ? "" : ", closed")
                + "]";
    }

    /** Keys held by the selectors and timers armed, after their last wake-up: for leak tests. */
    int selectorKeys() {
        int n = 0;
        for (SelectorLoop t : threads) {
            n += t.selectorKeys();
        }
        return n;
    }

    int armedTimers() {
        int n = 0;
        for (SelectorLoop t : threads) {
            n += t.armedTimers();
        }
        return n;
    }

    /**
     * Opens a socket for a connection to {@code server} (bound to an ephemeral port on the loopback
     * address when the server is on loopback, else on the wildcard address; connected to the
     * server), hands it to the thread with the fewest connections and starts the handshake there.
     */
    ClientEndpoint connect(InetSocketAddress server, DtlsConfig config, DtlsSession resume) throws IOException {
        SelectorLoop thread = leastBusy();
        InetAddress address = server.getAddress();
        boolean v6 = address instanceof Inet6Address;
        DatagramChannel channel = DatagramChannel.open(v6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        InetSocketAddress local;
        try {
            channel.bind(new InetSocketAddress(localAddressFor(address), 0));
            channel.connect(server);
            local = (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return thread.register(channel, socket -> new ClientEndpoint(thread, socket, local, server, config, resume));
    }

    /** Starts a handshake on this loop; see {@link DtlsClient#connectAsync}. */
    CompletableFuture<DtlsConnection> connectAsync(InetSocketAddress server, DtlsConfig config, DtlsSession resume) {
        try {
            return connect(server, config, resume).established();
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private SelectorLoop leastBusy() throws IOException {
        SelectorLoop best = null;
        for (SelectorLoop t : threads) {
            if (t.isRunning() && (best == null || t.sockets() < best.sockets())) {
                best = t;
            }
        }
        if (best == null) {
            throw new IOException("this ClientLoop is closed");
        }
        return best;
    }

    private void stopAll() {
        for (SelectorLoop t : threads) {
            if (t != null) {
                t.close();
            }
        }
    }

    /** The loopback address of the server's family for a loopback server, else the wildcard (null). */
    private static InetAddress localAddressFor(InetAddress server) throws IOException {
        if (!server.isLoopbackAddress()) {
            return null;
        }
        return server instanceof Inet6Address
                ? InetAddress.getByName("::1")
                : InetAddress.getByName("127.0.0.1");
    }
}
