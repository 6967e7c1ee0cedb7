package org.dtls4j.cli.pipe;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.transport.ConnectionClosedException;
import org.dtls4j.transport.DtlsConnection;
import org.dtls4j.transport.DtlsServer;
import org.dtls4j.transport.ServerCounters;
import org.dtls4j.transport.ServerOptions;

/**
 * The tunnel's server end: accepts DTLS sessions on one address and forwards each as its own UDP
 * flow, from its own ephemeral local socket, to the plain service at {@code remote}; the
 * service's replies on that socket go back into the session.
 *
 * <pre>
 *  tunnel client ==DTLS==&gt; [bind] PipeServer [socket per session] --UDP--&gt; remote service
 * </pre>
 *
 * <p>Each session is one DTLS 1.2 association (RFC 6347). A new peer first goes through the
 * stateless cookie exchange (RFC 6347 §4.2.1), unless {@link ServerOptions#cookies()} is off in
 * {@link PipeOptions#server()}, and then through the per-address rate limit
 * ({@link ServerOptions#handshakeRate()}). Each application datagram travels as one record in one
 * datagram (RFC 6347 §4.1.1), so datagram boundaries survive the tunnel.
 *
 * <p>Per session two threads move datagrams, one each way. Sessions end on close_notify, on
 * failure, when stale ({@link PipeOptions#staleMode()}: the session is the left side, the service
 * the right), or at their time limit.
 */
public final class PipeServer implements TunnelEnd {
    private static final int MAX_UDP = 65_535;

    private final DtlsServer server;
    private final InetSocketAddress remote;
    private final FlowTable<ServerFlow> flows;
    private final PipeOptions options;
    private final Consumer<String> log;
    private final SplittableRandom random = new SplittableRandom();
    private final Thread acceptor;

    private PipeServer(DtlsServer server, InetSocketAddress remote, PipeOptions options, Consumer<String> log) {
        this.server = server;
        this.remote = remote;
        this.options = options;
        this.log = log;
        this.flows = new FlowTable<>(options, log);
        this.acceptor = new Thread(this::acceptLoop, "dtls4j-pipe-accept");
        acceptor.setDaemon(true);
    }

    /**
     * Binds {@code bind} and starts accepting.
     *
     * @param log receives one line per session opened or closed
     */
    public static PipeServer start(InetSocketAddress bind, InetSocketAddress remote, DtlsConfig config,
                                   PipeOptions options, Consumer<String> log) throws IOException {
        DtlsServer server = DtlsServer.bind(bind, config.toBuilder().handshakeTimeout(options.handshakeTimeout()).build(),
                serverOptions(options));
        PipeServer pipe = new PipeServer(server, remote, options, log);
        pipe.acceptor.start();
        return pipe;
    }

    /**
     * The DTLS server's options: {@link PipeOptions#server()} holding as many peers as the tunnel
     * holds flows. The transport forgets a peer it has heard nothing from for its idle timeout.
     * Where the session's silence ends a flow anyway ({@link StaleMode#EITHER}, {@link StaleMode#LEFT}),
     * the flows' sweeper comes first and that timeout, twice the idle time, is only a backstop.
     * Where it does not ({@link StaleMode#BOTH}, {@link StaleMode#RIGHT}), a session that only
     * receives is alive, and the transport must leave it to the flows' sweeper: its timeout is then
     * {@link #QUIET_SESSION_BACKSTOP}.
     */
    static ServerOptions serverOptions(PipeOptions options) {
        Duration idle = options.staleMode().leftSilenceEnds() ? options.idleTime().multipliedBy(2)
                : max(options.idleTime().multipliedBy(2), QUIET_SESSION_BACKSTOP);
        return options.server().withMaxPeers(options.maxFlows()).withIdleTimeout(idle);
    }

    /** The transport's idle timeout when a silent session may live on: a day. */
    static final Duration QUIET_SESSION_BACKSTOP = Duration.ofDays(1);

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** Where the tunnel server listens for DTLS. */
    @Override
    public InetSocketAddress localAddress() {
        return server.localAddress();
    }

    /** Sessions held now. */
    @Override
    public int flowCount() {
        return flows.size();
    }

    /** Waits until at most {@code n} sessions are held; false if the timeout passed first. */
    @Override
    public boolean awaitFlowsAtMost(int n, Duration timeout) throws InterruptedException {
        return flows.awaitAtMost(n, timeout);
    }

    /**
     * Tells {@code handler} about each session whose handshake failed, with the peer's address and
     * the cause; see {@link DtlsServer#onHandshakeFailure}. It runs on the DTLS server's I/O thread
     * and must be quick.
     */
    public void onHandshakeFailure(BiConsumer<InetSocketAddress, DtlsException> handler) {
        server.onHandshakeFailure(handler);
    }

    /** The DTLS server's counters: cookie exchanges, handshakes, refusals by the rate limit. */
    public ServerCounters serverCounters() {
        return server.counters();
    }

    private void acceptLoop() {
        try {
            DtlsConnection c;
            while ((c = server.accept()) != null) {
                open(c);
            }
        } catch (InterruptedException e) {
            // The tunnel is closing.
        }
    }

    private void open(DtlsConnection c) {
        DatagramSocket socket;
        try {
            socket = new DatagramSocket();
            socket.connect(remote);
        } catch (SocketException e) {
            log.accept("session " + FlowTable.text(c.peer()) + " refused: cannot open a socket to " + remote + ": " + e.getMessage());
            c.close();
            return;
        }
        long lifetime = options.timeLimit() == null ? Long.MAX_VALUE : options.timeLimit().pick(random).toNanos();
        ServerFlow flow = new ServerFlow(c, socket, lifetime);
        flow.established(flows.now());
        if (!flows.add(flow)) {
            log.accept("session " + FlowTable.text(c.peer()) + " refused: " + options.maxFlows() + " flows already open");
            flow.close("refused");
            return;
        }
        log.accept("flow " + FlowTable.text(c.peer()) + " opened: " + c.negotiated().cipherSuite().ianaName()
                + c.negotiated().pskIdentity().map(i -> ", identity '" + i + "'").orElse("")
                + ", forwarding from " + FlowTable.text((InetSocketAddress) socket.getLocalSocketAddress()));
        start("dtls4j-pipe-in-" + c.peer(), () -> tunnelToService(flow));
        start("dtls4j-pipe-out-" + c.peer(), () -> serviceToTunnel(flow));
    }

    /** Decrypted datagrams from the session go to the service. */
    private void tunnelToService(ServerFlow flow) {
        String end = "closed";
        try {
            while (true) {
                byte[] data = flow.connection.receive();
                flow.heardLeft(flows.now());
                flow.socket.send(new DatagramPacket(data, data.length));
            }
        } catch (ConnectionClosedException e) {
            end = e.getMessage();
        } catch (IOException | InterruptedException e) {
            end = "error: " + e.getMessage();
        }
        flows.remove(flow, end);
    }

    /** The service's replies go back into the session. */
    private void serviceToTunnel(ServerFlow flow) {
        byte[] buffer = new byte[MAX_UDP];
        String end = "closed";
        try {
            while (true) {
                DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                flow.socket.receive(p);
                flow.heardRight(flows.now());
                if (p.getLength() > flow.connection.maxApplicationDataSize()) {
                    log.accept("flow " + FlowTable.text(flow.key()) + ": dropped a " + p.getLength()
                            + "-byte reply, larger than the tunnel carries (" + flow.connection.maxApplicationDataSize() + ")");
                    continue;
                }
                flow.connection.send(java.util.Arrays.copyOf(buffer, p.getLength()));
            }
        } catch (IOException e) {
            end = flow.isClosed() ? "closed" : "error: " + e.getMessage();
        }
        flows.remove(flow, end);
    }

    private static void start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }

    /** Closes every session (close_notify) and the listening socket. */
    @Override
    public void close() {
        acceptor.interrupt();
        flows.close();
        server.close();
    }

    /** One session and its socket toward the service. */
    private static final class ServerFlow extends Flow {
        final DtlsConnection connection;
        final DatagramSocket socket;

        ServerFlow(DtlsConnection connection, DatagramSocket socket, long lifetime) {
            super(connection.peer(), lifetime);
            this.connection = connection;
            this.socket = socket;
        }

        @Override
        void release() {
            connection.close();
            socket.close();
        }
    }
}
