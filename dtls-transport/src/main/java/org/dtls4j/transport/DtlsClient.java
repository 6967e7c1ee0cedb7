package org.dtls4j.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.handshake.DtlsSession;
import org.dtls4j.handshake.DtlsTimeoutException;

/**
 * Opens DTLS 1.2 client connections (RFC 6347).
 *
 * <pre>{@code
 * try (DtlsConnection c = DtlsClient.connect(new InetSocketAddress("127.0.0.1", 4433), config)) {
 *     c.send("hello".getBytes(UTF_8));
 *     byte[] answer = c.receive(Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>Each connection has its own UDP socket, bound to an ephemeral port (on the loopback address
 * when the server is on loopback, else on the wildcard address) and connected to the server. The
 * socket is served by a {@link ClientLoop}, {@link ClientLoop#shared()} unless one is given: one
 * of its few threads runs the handshake, retransmitting flights on the timer (RFC 6347 §4.2.4),
 * then decrypts incoming records and answers a server that retransmits its last flight. Closing
 * the connection closes the socket. {@code connect} blocks until the handshake is done;
 * {@link #connectAsync} does not, so that one thread can start thousands of handshakes.
 *
 * <p>ICMP "port unreachable" reports do not end the handshake early: the report may be stale or
 * forged, and the server may be starting. The client keeps retransmitting until its deadline and
 * then says that nobody answered.
 *
 * <p>If {@code config} has no key log sink and the environment variable {@code SSLKEYLOGFILE}
 * names a file, the session secrets are appended to it (NSS key log format, for Wireshark).
 */
public final class DtlsClient {

    private DtlsClient() {
    }

    /** Connects with the configuration's handshake timeout, on the shared loop. */
    public static DtlsConnection connect(InetSocketAddress server, DtlsConfig config) throws IOException, DtlsException {
        return connect(server, config, null, config.handshakeTimeout());
    }

    /** Connects on the shared loop; {@code timeout} bounds the handshake. */
    public static DtlsConnection connect(InetSocketAddress server, DtlsConfig config, Duration timeout)
            throws IOException, DtlsException {
        return connect(server, config, null, timeout);
    }

    /**
     * Connects on {@link ClientLoop#shared()}, offering {@code resume} (from
     * {@link DtlsConnection#session()} of an earlier connection, or {@code null}) for an
     * abbreviated handshake (RFC 5246 §7.3). {@link DtlsConnection#negotiated()} tells whether the
     * server resumed it.
     *
     * @param timeout bounds the whole handshake
     * @throws DtlsTimeoutException when the handshake did not complete in time; the message says
     *                              whether anybody answered at all
     * @throws DtlsException when the handshake failed; it carries the alert and names the cause
     * @throws IOException when the socket cannot be opened, or the wait was interrupted
     *                     ({@link java.io.InterruptedIOException})
     * @throws IllegalArgumentException when {@code config} cannot complete a single handshake as a
     *         client ({@link DtlsConfig#checkClient()}: PSK suites only and no PSK, say); the message
     *         names the fix
     */
    public static DtlsConnection connect(InetSocketAddress server, DtlsConfig config, DtlsSession resume,
                                         Duration timeout) throws IOException, DtlsException {
        return connect(server, config, resume, timeout, ClientLoop.sharedLoop());
    }

    /** Connects on {@code loop} with the configuration's handshake timeout. */
    public static DtlsConnection connect(InetSocketAddress server, DtlsConfig config, ClientLoop loop)
            throws IOException, DtlsException {
        return connect(server, config, null, config.handshakeTimeout(), loop);
    }

    /**
     * Connects on {@code loop}; otherwise as {@link #connect(InetSocketAddress, DtlsConfig, DtlsSession, Duration)}.
     * An {@link IOException} also when {@code loop} is closed.
     */
    public static DtlsConnection connect(InetSocketAddress server, DtlsConfig config, DtlsSession resume,
                                         Duration timeout, ClientLoop loop) throws IOException, DtlsException {
        Objects.requireNonNull(loop, "loop");
        DtlsConfig effective = effective(server, config, timeout);
        requireResolved(server);
        return loop.connect(server, effective, resume).await();
    }

    /** {@link #connectAsync(InetSocketAddress, DtlsConfig, DtlsSession, ClientLoop)} without a session to resume. */
    public static CompletableFuture<DtlsConnection> connectAsync(InetSocketAddress server, DtlsConfig config,
                                                                 ClientLoop loop) {
        return connectAsync(server, config, null, loop);
    }

    /**
     * Starts a handshake on {@code loop} ({@link ClientLoop#shared()}, say) and returns at once.
     * The future completes with the connection when the handshake does, or exceptionally with
     * what {@link #connect(InetSocketAddress, DtlsConfig, DtlsSession, Duration) connect} would
     * throw: the engine's {@link DtlsException}, a {@link DtlsTimeoutException} after
     * {@code config.handshakeTimeout()}, an {@link IOException} when the socket cannot be opened
     * or the loop is closed. Cancelling the future abandons the handshake and closes its socket.
     *
     * <p>The future completes on the loop's thread, and so do dependent actions registered
     * without an executor ({@code thenAccept(...)}): keep them short and never block in them, or
     * every connection of that thread waits; use the {@code ...Async} variants for real work.
     *
     * @param resume a session to offer for an abbreviated handshake, or {@code null}
     * @throws IllegalArgumentException when {@code config} cannot complete a single handshake as a
     *         client ({@link DtlsConfig#checkClient()})
     */
    public static CompletableFuture<DtlsConnection> connectAsync(InetSocketAddress server, DtlsConfig config,
                                                                 DtlsSession resume, ClientLoop loop) {
        Objects.requireNonNull(loop, "loop");
        DtlsConfig effective = effective(server, config, config.handshakeTimeout());
        if (server.isUnresolved()) {
            return CompletableFuture.failedFuture(unresolved(server));
        }
        return loop.connectAsync(server, effective, resume);
    }

    /** Checks the arguments; the configuration with {@code timeout} and the key log of the environment. */
    private static DtlsConfig effective(InetSocketAddress server, DtlsConfig config, Duration timeout) {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(timeout, "timeout");
        config.checkClient();
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        DtlsConfig effective = KeyLog.fromEnvironment(config);
        if (!timeout.equals(effective.handshakeTimeout())) {
            effective = effective.toBuilder().handshakeTimeout(timeout).build();
        }
        return effective;
    }

    private static void requireResolved(InetSocketAddress server) throws IOException {
        if (server.isUnresolved()) {
            throw unresolved(server);
        }
    }

    private static IOException unresolved(InetSocketAddress server) {
        return new IOException("cannot resolve the server address " + server.getHostString());
    }
}
