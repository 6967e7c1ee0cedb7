package org.dtls4j.interop;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.handshake.DtlsSession;
import org.dtls4j.handshake.Negotiated;
import org.dtls4j.transport.DtlsClient;
import org.dtls4j.transport.DtlsConnection;
import org.dtls4j.transport.DtlsServer;
import org.dtls4j.transport.ServerOptions;

/**
 * dtls4j itself as a {@link DtlsPeer}: {@link DtlsClient#connect} and {@link DtlsServer#bind} /
 * {@link DtlsServer#accept(Duration)} on 127.0.0.1, configured from the case by
 * {@link Dtls4jConfigs} (RFC 6347).
 *
 * <p>Exceptions carry a one-line cause; {@link Interop} adds {@link #diagnostics()} to a failed
 * case's message. What a red cell shows there: the dtls4j exception (its message names the
 * cause and the alert), the negotiated parameters, the connection's counters (datagrams,
 * retransmissions, discarded records by reason), the server's counters (cookie exchange,
 * handshakes, oversized datagrams), the last lines of dtls4j's handshake trace
 * ({@link TraceCapture}) and the path of the NSS key log written for this peer under
 * {@code target/dtls4j-logs/}.
 */
public final class Dtls4jPeer implements DtlsPeer {

    /** Makes dtls4j peers for the matrix, servers with {@link ServerOptions#defaults()} (cookie exchange on). */
    public static final PeerFactory DTLS4J = withServerOptions("dtls4j", ServerOptions.defaults());

    /**
     * dtls4j peers that also take a CBC suite MAC-then-encrypt from a peer without
     * encrypt_then_mac ({@code DtlsConfig.Builder.allowMacThenEncrypt}); with a peer that speaks
     * RFC 7366 they still use encrypt-then-MAC.
     */
    public static final PeerFactory MAC_THEN_ENCRYPT_ALLOWED = factory("dtls4j", ServerOptions.defaults(),
            config -> config.toBuilder().allowMacThenEncrypt(true).build());

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    /** Trace lines a failure message shows. */
    private static final int TRACE_LINES = 80;

    private final Role role;
    private final DtlsConfig config;
    private final String name;
    private final TraceCapture trace;
    private final Path keyLog;
    private final DtlsServer server;
    private final InetSocketAddress target;
    private final DtlsSession resume;
    private volatile DtlsConnection connection;
    private volatile Throwable failure;

    private Dtls4jPeer(String name, Role role, DtlsConfig config, TraceCapture trace, Path keyLog, DtlsServer server,
                       InetSocketAddress target, DtlsSession resume) {
        this.name = name;
        this.role = role;
        this.config = config;
        this.trace = trace;
        this.keyLog = keyLog;
        this.server = server;
        this.target = target;
        this.resume = resume;
    }

    /**
     * A factory named {@code name} whose servers run with {@code options} (e.g. the cookie
     * exchange off); its clients are plain dtls4j clients.
     */
    public static PeerFactory withServerOptions(String name, ServerOptions options) {
        return factory(name, options, UnaryOperator.identity());
    }

    /**
     * A factory named {@code name} whose peers run with the case's configuration passed through
     * {@code adjust} (e.g. to go back to a default the harness overrides), servers with
     * {@code options}.
     */
    public static PeerFactory factory(String name, ServerOptions options, UnaryOperator<DtlsConfig> adjust) {
        return new PeerFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public DtlsPeer server(InteropCase c) throws IOException {
                return Dtls4jPeer.server(name, c, options, adjust);
            }

            @Override
            public DtlsPeer client(InteropCase c, InetSocketAddress server) throws IOException {
                return Dtls4jPeer.client(name, c, server, null, adjust);
            }
        };
    }

    /** A server bound to 127.0.0.1 on an ephemeral port, serving from now on; {@link #start} waits for the first connection. */
    public static Dtls4jPeer server(String name, InteropCase c, ServerOptions options) throws IOException {
        return server(name, c, options, UnaryOperator.identity());
    }

    private static Dtls4jPeer server(String name, InteropCase c, ServerOptions options, UnaryOperator<DtlsConfig> adjust)
            throws IOException {
        Path keyLog = keyLogFile("server");
        DtlsConfig config = adjust.apply(Dtls4jConfigs.forCase(c, Role.SERVER, appender(keyLog)));
        TraceCapture trace = TraceCapture.install();
        try {
            DtlsServer server = DtlsServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), config, options);
            return new Dtls4jPeer(name, Role.SERVER, config, trace, keyLog, server, null, null);
        } catch (IOException | RuntimeException e) {
            trace.close();
            throw e;
        }
    }

    /** A client for {@code c} towards {@code server}, offering {@code resume} (may be null) in {@link #start}. */
    public static Dtls4jPeer client(String name, InteropCase c, InetSocketAddress server, DtlsSession resume)
            throws IOException {
        return client(name, c, server, resume, UnaryOperator.identity());
    }

    /** Like {@link #client(String, InteropCase, InetSocketAddress, DtlsSession)}, its configuration passed through {@code adjust}. */
    public static Dtls4jPeer client(String name, InteropCase c, InetSocketAddress server, DtlsSession resume,
                                    UnaryOperator<DtlsConfig> adjust) throws IOException {
        Path keyLog = keyLogFile("client");
        DtlsConfig config = adjust.apply(Dtls4jConfigs.forCase(c, Role.CLIENT, appender(keyLog)));
        return new Dtls4jPeer(name, Role.CLIENT, config, TraceCapture.install(), keyLog, null, server, resume);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Role role() {
        return role;
    }

    @Override
    public InetSocketAddress address() {
        if (server != null) {
            return server.localAddress();
        }
        DtlsConnection c = connection;
        return c != null ? c.localAddress() : new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    /** The configuration this peer runs with. */
    public DtlsConfig config() {
        return config;
    }

    /** The server (null for a client), for its counters. */
    public DtlsServer server() {
        return server;
    }

    /** The connection once {@link #start} returned. */
    public DtlsConnection connection() {
        if (connection == null) {
            throw new IllegalStateException("no connection before start() returned");
        }
        return connection;
    }

    /** What the handshake agreed on, once {@link #start} returned. */
    public Negotiated negotiated() {
        return connection().negotiated();
    }

    /** The trace lines kept so far. */
    public List<String> traceLines() {
        return trace.lines();
    }

    @Override
    public void start(Duration timeout) throws IOException {
        try {
            if (role == Role.CLIENT) {
                connection = DtlsClient.connect(target, config, resume, timeout);
            } else {
                connection = server.accept(timeout);
                if (connection == null) {
                    throw new PeerException("dtls4j server: no connection established within " + timeout
                            + " (server counters: " + server.counters() + ")");
                }
            }
        } catch (DtlsException e) {
            failure = e;
            throw new PeerException("dtls4j " + role + ": handshake failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = e;
            throw new InterruptedIOException("dtls4j " + role + ": interrupted waiting for the handshake");
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            }
            throw e;
        }
    }

    @Override
    public String cipherSuite() {
        DtlsConnection c = connection;
        return c == null ? "(none)" : c.negotiated().cipherSuite().ianaName();
    }

    @Override
    public void send(byte[] datagram) throws IOException {
        connection().send(datagram);
    }

    @Override
    public byte[] receive(Duration timeout) throws IOException {
        try {
            byte[] b = connection().receive(timeout);
            if (b == null) {
                throw new PeerException("dtls4j " + role + ": no application data within " + timeout
                        + " (counters: " + connection().counters() + ")");
            }
            return b;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("dtls4j " + role + ": interrupted waiting for data");
        }
    }

    @Override
    public String diagnostics() {
        StringBuilder sb = new StringBuilder("---- dtls4j ").append(role).append(" on ").append(address());
        DtlsConnection c = connection;
        if (c != null) {
            sb.append(" (peer ").append(c.peer()).append(c.isOpen() ? "" : ", ended").append(")\n");
            sb.append("  negotiated: ").append(c.negotiated()).append('\n');
            sb.append("  counters: ").append(c.counters()).append('\n');
        } else {
            sb.append(" (no connection)\n");
        }
        if (failure != null) {
            sb.append("  failure: ").append(failure).append('\n');
        }
        if (server != null) {
            sb.append("  server counters: ").append(server.counters()).append('\n');
        }
        sb.append("  key log: ").append(keyLog).append('\n');
        sb.append("  trace (logger org.dtls4j at FINE):\n").append(trace.tail(TRACE_LINES));
        return sb.toString();
    }

    /** Closes the connection (close_notify), the server, and stops keeping trace lines. */
    @Override
    public void close() {
        try {
            DtlsConnection c = connection;
            if (c != null) {
                c.close();
            }
            if (server != null) {
                server.close();
            }
        } finally {
            trace.close();
        }
    }

    private static Path keyLogFile(String role) {
        return TestDirs.under("dtls4j-logs")
                .resolve(role + "-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet() + ".keylog");
    }

    /** A key log sink appending each line to {@code file}. */
    private static Consumer<String> appender(Path file) {
        return line -> {
            try {
                Files.writeString(file, line + "\n", StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }
}
