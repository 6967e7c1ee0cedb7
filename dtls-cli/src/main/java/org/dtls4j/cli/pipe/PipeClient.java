package org.dtls4j.cli.pipe;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.transport.ConnectionClosedException;
import org.dtls4j.transport.DtlsClient;
import org.dtls4j.transport.DtlsConnection;

/**
 * The tunnel's client end: accepts plain UDP on one address and opens one DTLS session to the
 * tunnel server per UDP source address; replies from a session go back to its source. Each new
 * session asks a destination supplier where to go: always the same server, or, for the hopping
 * client, an endpoint drawn from {@link EndpointGroups}.
 *
 * <pre>
 *  local app --UDP--&gt; [bind] PipeClient ==DTLS, one session per source==&gt; tunnel server
 * </pre>
 *
 * <p>Each session is a DTLS 1.2 client association (RFC 6347) from its own ephemeral socket, so the
 * server tells flows apart by address and port (RFC 6347 §4.2.8). Each datagram travels as one
 * record in one datagram (RFC 6347 §4.1.1).
 *
 * <p>Datagrams that arrive while a session's handshake runs wait in a small queue
 * ({@value #PENDING} datagrams) and are sent once it completes. A session ends on close_notify,
 * on failure, when stale ({@link PipeOptions#staleMode()}: the application is the left side, the
 * session the right), or at its time limit; the next datagram from the same source opens a new one.
 */
public final class PipeClient implements TunnelEnd {
    static final int PENDING = 64;
    private static final int MAX_UDP = 65_535;

    private final DatagramSocket socket;
    private final Supplier<InetSocketAddress> destinations;
    private final DtlsConfig config;
    private final PipeOptions options;
    private final Consumer<String> log;
    private final FlowTable<ClientFlow> flows;
    private final SplittableRandom random = new SplittableRandom();
    private final Thread reader;

    private PipeClient(DatagramSocket socket, Supplier<InetSocketAddress> destinations, DtlsConfig config,
                       PipeOptions options, Consumer<String> log) {
        this.socket = socket;
        this.destinations = destinations;
        this.config = config;
        this.options = options;
        this.log = log;
        this.flows = new FlowTable<>(options, log);
        this.reader = new Thread(this::readLoop, "dtls4j-pipe-listen");
        reader.setDaemon(true);
    }

    /**
     * Binds {@code bind} for plain UDP and starts forwarding to the tunnel server at {@code remote}.
     *
     * @param log receives one line per session opened, failed or closed
     */
    public static PipeClient start(InetSocketAddress bind, InetSocketAddress remote, DtlsConfig config,
                                   PipeOptions options, Consumer<String> log) throws IOException {
        return start(bind, () -> remote, config, options, log);
    }

    /**
     * Binds {@code bind} for plain UDP and sends each new session where {@code destinations} says.
     * It is asked once per session, always from the same thread; it may return an unresolved
     * address (a host name), which the session resolves before its handshake.
     *
     * @param log receives one line per session opened, failed or closed
     */
    public static PipeClient start(InetSocketAddress bind, Supplier<InetSocketAddress> destinations, DtlsConfig config,
                                   PipeOptions options, Consumer<String> log) throws IOException {
        DatagramSocket socket = new DatagramSocket(bind);
        PipeClient pipe = new PipeClient(socket, destinations, config, options, log);
        pipe.reader.start();
        return pipe;
    }

    /** Where the tunnel client takes plain UDP. */
    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Flows held now (connecting or connected). */
    @Override
    public int flowCount() {
        return flows.size();
    }

    /** Waits until at most {@code n} flows are held; false if the timeout passed first. */
    @Override
    public boolean awaitFlowsAtMost(int n, Duration timeout) throws InterruptedException {
        return flows.awaitAtMost(n, timeout);
    }

    /** Waits until at least {@code n} flows are held; false if the timeout passed first. */
    public boolean awaitFlowsAtLeast(int n, Duration timeout) throws InterruptedException {
        return flows.awaitAtLeast(n, timeout);
    }

    private void readLoop() {
        byte[] buffer = new byte[MAX_UDP];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(p);
            } catch (IOException e) {
                return;
            }
            InetSocketAddress source = (InetSocketAddress) p.getSocketAddress();
            byte[] data = Arrays.copyOf(buffer, p.getLength());
            ClientFlow flow = flows.get(source);
            if (flow == null) {
                flow = open(source);
                if (flow == null) {
                    continue;
                }
            }
            flow.heardLeft(flows.now());
            flow.forward(data);
        }
    }

    private ClientFlow open(InetSocketAddress source) {
        long lifetime = options.timeLimit() == null ? Long.MAX_VALUE : options.timeLimit().pick(random).toNanos();
        ClientFlow flow = new ClientFlow(source, lifetime, destinations.get());
        if (!flows.add(flow)) {
            log.accept("flow " + FlowTable.text(source) + " dropped: " + options.maxFlows() + " flows already open");
            return null;
        }
        Thread t = new Thread(() -> run(flow), "dtls4j-pipe-flow-" + source);
        t.setDaemon(true);
        t.start();
        return flow;
    }

    /** Handshakes, sends what queued up meanwhile, then carries the replies back to the source. */
    private void run(ClientFlow flow) {
        String end = "closed";
        try {
            InetSocketAddress to = resolved(flow.destination);
            DtlsConnection c = DtlsClient.connect(to, config, options.handshakeTimeout());
            if (!flow.connected(c)) {
                return;
            }
            log.accept("flow " + FlowTable.text(flow.key()) + " opened: " + c.negotiated().cipherSuite().ianaName()
                    + " via " + FlowTable.text(c.localAddress()) + " to " + FlowTable.text(to));
            while (true) {
                byte[] data = c.receive();
                flow.heardRight(flows.now());
                socket.send(new DatagramPacket(data, data.length, flow.key()));
            }
        } catch (DtlsException e) {
            end = "handshake failed: " + e.getMessage();
        } catch (ConnectionClosedException e) {
            end = e.getMessage();
        } catch (IOException | InterruptedException e) {
            end = flow.isClosed() ? "closed" : "error: " + e.getMessage();
        }
        flows.remove(flow, end);
    }

    /** {@code a} itself, or, if it names a host, that host's first address. */
    private static InetSocketAddress resolved(InetSocketAddress a) throws UnknownHostException {
        if (!a.isUnresolved()) {
            return a;
        }
        InetSocketAddress r = new InetSocketAddress(a.getHostString(), a.getPort());
        if (r.isUnresolved()) {
            throw new UnknownHostException("cannot resolve " + a.getHostString());
        }
        return r;
    }

    /** Closes every session (close_notify) and the UDP socket. */
    @Override
    public void close() {
        socket.close();
        flows.close();
    }

    /** One source address and its session; datagrams wait in {@code pending} until it is up. */
    private final class ClientFlow extends Flow {
        private final Queue<byte[]> pending = new ArrayDeque<>();
        final InetSocketAddress destination;
        private DtlsConnection connection;

        ClientFlow(InetSocketAddress source, long lifetime, InetSocketAddress destination) {
            super(source, lifetime);
            this.destination = destination;
        }

        /** Sends now if connected, else queues (dropping beyond {@value PipeClient#PENDING}). */
        void forward(byte[] data) {
            DtlsConnection c;
            synchronized (this) {
                if (connection == null) {
                    if (pending.size() < PENDING) {
                        pending.add(data);
                    }
                    return;
                }
                c = connection;
            }
            send(c, data);
        }

        /** The handshake completed: flush the queue. False if the flow was closed meanwhile. */
        boolean connected(DtlsConnection c) {
            synchronized (this) {
                if (isClosed()) {
                    c.close();
                    return false;
                }
                connection = c;
                established(flows.now());
                // Send under the lock so that queued datagrams keep their order ahead of new ones.
                byte[] data;
                while ((data = pending.poll()) != null) {
                    send(c, data);
                }
            }
            return true;
        }

        private void send(DtlsConnection c, byte[] data) {
            if (data.length > c.maxApplicationDataSize()) {
                log.accept("flow " + FlowTable.text(key()) + ": dropped a " + data.length
                        + "-byte datagram, larger than the tunnel carries (" + c.maxApplicationDataSize() + ")");
                return;
            }
            try {
                c.send(data);
            } catch (IOException e) {
                // The flow's thread sees the end and removes it.
            }
        }

        @Override
        void release() {
            DtlsConnection c;
            synchronized (this) {
                c = connection;
                pending.clear();
            }
            if (c != null) {
                c.close();
            }
        }
    }
}
