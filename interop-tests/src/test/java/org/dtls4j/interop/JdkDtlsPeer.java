package org.dtls4j.interop;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

/**
 * The JDK's own DTLS 1.2 ({@code SSLContext.getInstance("DTLSv1.2")}, an {@link SSLEngine}) as a
 * {@link DtlsPeer}, over a {@link DatagramSocket} on 127.0.0.1.
 *
 * <p>The handshake is the classic SSLEngine loop, driven here because the engine has no timer
 * of its own: {@code NEED_WRAP} sends what {@code wrap} produces (one datagram per call),
 * {@code NEED_UNWRAP} waits for a datagram, {@code NEED_TASK} runs delegated tasks, and when no
 * datagram arrives within the retransmission timeout, calling {@code wrap} makes the engine
 * resend its last flight (RFC 6347 §4.2.4: "...retransmits the flight, resets the timer, and
 * doubles the timeout..."). The timeout starts at {@link Options#initialRetransmit()} and doubles
 * up to 2 s. After the handshake the same datagram processing keeps answering a peer that
 * resends its last flight.
 */
public final class JdkDtlsPeer implements DtlsPeer {

    /** Makes JDK peers for the matrix. */
    public static final PeerFactory FACTORY = new PeerFactory() {
        @Override
        public String name() {
            return "jdk";
        }

        /** The JDK's DTLS has no RFC 7366: its CBC records are MAC-then-encrypt. */
        @Override
        public boolean encryptThenMac() {
            return false;
        }

        @Override
        public DtlsPeer server(InteropCase c) throws IOException {
            return JdkDtlsPeer.server(Options.from(c, DtlsPeer.Role.SERVER));
        }

        @Override
        public DtlsPeer client(InteropCase c, InetSocketAddress server) throws IOException {
            return JdkDtlsPeer.client(Options.from(c, DtlsPeer.Role.CLIENT), server);
        }
    };

    private static final Duration MAX_RETRANSMIT = Duration.ofSeconds(2);
    private static final int MAX_DATAGRAM = 65_535;
    /** Bound on consecutive wrap/unwrap/task steps without waiting on the socket. */
    private static final int MAX_STEPS = 1_000;

    /**
     * What the JDK peer is configured with.
     *
     * @param suites            IANA names of the enabled suites
     * @param clientAuth        server: require a client certificate
     * @param maximumPacketSize largest DTLS datagram (0 = JDK default), see {@link SSLParameters#setMaximumPacketSize}
     * @param keyManagers       own certificate (server; client with client auth), may be null
     * @param trustManagers     trusted anchors
     * @param sni               client: server name to send
     * @param alpn              ALPN protocol offered (client) or accepted (server)
     * @param initialRetransmit first retransmission timeout
     */
    public record Options(List<String> suites, boolean clientAuth, int maximumPacketSize, KeyManager[] keyManagers,
                          TrustManager[] trustManagers, Optional<String> sni, Optional<String> alpn,
                          Duration initialRetransmit) {

        /** Options for {@code role} in {@code c}: the case's suite, the test PKI, MTU minus 28 bytes of IPv4+UDP headers. */
        public static Options from(InteropCase c, Role role) {
            if (c.mode() == InteropCase.Mode.PSK) {
                throw new IllegalArgumentException("the JDK has no PSK suites: " + c.suite());
            }
            TestPki pki = TestPki.get();
            KeyManager[] km = role == Role.SERVER ? c.serverCredential().keyManagers()
                    : c.clientAuth() ? c.clientCredential().keyManagers() : null;
            int packet = c.mtu() > 0 ? c.mtu() - 28 : 0;
            return new Options(List.of(c.suite().name()), c.clientAuth(), packet, km,
                    TestPki.trustManagers(pki.caCertificate()), c.sni(), c.alpn(), Duration.ofMillis(250));
        }
    }

    private final Role role;
    private final SSLEngine engine;
    private final DatagramSocket socket;
    private final Duration initialRetransmit;
    private final ArrayDeque<byte[]> received = new ArrayDeque<>();
    private SocketAddress peer;
    private ByteBuffer appIn;
    private ByteBuffer netOut;
    private int datagramsIn;
    private int datagramsOut;
    private int retransmissions;
    private Throwable failure;

    private JdkDtlsPeer(Role role, Options o, SocketAddress peer) throws IOException {
        this.role = role;
        this.peer = peer;
        this.initialRetransmit = o.initialRetransmit();
        try {
            SSLContext ctx = SSLContext.getInstance("DTLSv1.2");
            ctx.init(o.keyManagers(), o.trustManagers(), new SecureRandom());
            this.engine = role == Role.CLIENT ? ctx.createSSLEngine("localhost", 0) : ctx.createSSLEngine();
        } catch (GeneralSecurityException e) {
            throw new PeerException("JDK DTLSv1.2 context: " + e, e);
        }
        engine.setUseClientMode(role == Role.CLIENT);
        SSLParameters p = engine.getSSLParameters();
        p.setProtocols(new String[] {"DTLSv1.2"});
        p.setCipherSuites(o.suites().toArray(String[]::new));
        if (o.maximumPacketSize() > 0) {
            p.setMaximumPacketSize(o.maximumPacketSize());
        }
        if (role == Role.SERVER) {
            p.setNeedClientAuth(o.clientAuth());
        }
        o.sni().ifPresent(name -> p.setServerNames(List.of(new SNIHostName(name))));
        o.alpn().ifPresent(proto -> p.setApplicationProtocols(new String[] {proto}));
        engine.setSSLParameters(p);
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        this.netOut = ByteBuffer.allocate(Math.max(engine.getSession().getPacketBufferSize(), MAX_DATAGRAM));
    }

    /** A server bound to 127.0.0.1 on an ephemeral port; the first datagram's sender becomes its peer. */
    public static JdkDtlsPeer server(Options o) throws IOException {
        return new JdkDtlsPeer(Role.SERVER, o, null);
    }

    /** A client that will handshake with {@code server}. */
    public static JdkDtlsPeer client(Options o, InetSocketAddress server) throws IOException {
        return new JdkDtlsPeer(Role.CLIENT, o, server);
    }

    @Override
    public String name() {
        return "jdk";
    }

    @Override
    public Role role() {
        return role;
    }

    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** The engine, for tests that inspect the session (negotiated protocol, ALPN, peer certificates). */
    public SSLEngine engine() {
        return engine;
    }

    /** Flights resent because the retransmission timer fired. */
    public int retransmissions() {
        return retransmissions;
    }

    @Override
    public void start(Duration timeout) throws IOException {
        Deadline deadline = Deadline.in(timeout);
        Duration rto = initialRetransmit;
        try {
            engine.beginHandshake();
            while (handshaking()) {
                if (deadline.expired()) {
                    throw new PeerException("jdk " + role + ": handshake not complete within " + timeout
                            + " (status " + engine.getHandshakeStatus() + ")\n" + diagnostics());
                }
                if (engine.getHandshakeStatus() != HandshakeStatus.NEED_UNWRAP) {
                    step();
                    continue;
                }
                Optional<ByteBuffer> datagram = receiveDatagram(deadline.millisCappedAt(rto));
                if (datagram.isPresent()) {
                    unwrapAll(datagram.get());
                } else if (!deadline.expired()) {
                    retransmissions++;
                    wrapAndSend(ByteBuffer.allocate(0)); // the engine resends its last flight
                    rto = rto.multipliedBy(2).compareTo(MAX_RETRANSMIT) > 0 ? MAX_RETRANSMIT : rto.multipliedBy(2);
                }
            }
        } catch (SSLException e) {
            failure = e;
            throw new PeerException("jdk " + role + ": handshake failed: " + e + "\n" + diagnostics(), e);
        }
    }

    private boolean handshaking() {
        HandshakeStatus hs = engine.getHandshakeStatus();
        return hs != HandshakeStatus.NOT_HANDSHAKING && hs != HandshakeStatus.FINISHED;
    }

    /** Runs what the engine asks for without reading the socket: wrap, tasks, unwrap-again. */
    private void step() throws IOException {
        for (int i = 0; i < MAX_STEPS; i++) {
            switch (engine.getHandshakeStatus()) {
                case NEED_WRAP -> wrapAndSend(ByteBuffer.allocate(0));
                case NEED_TASK -> runTasks();
                case NEED_UNWRAP_AGAIN -> unwrapOne(ByteBuffer.allocate(0));
                default -> {
                    return;
                }
            }
        }
        throw new PeerException("jdk " + role + ": engine asked for more than " + MAX_STEPS + " steps\n" + diagnostics());
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    /** Wraps {@code src} (empty for handshake or retransmission) and sends each datagram produced. */
    private void wrapAndSend(ByteBuffer src) throws IOException {
        for (int i = 0; i < MAX_STEPS; i++) {
            netOut.clear();
            SSLEngineResult r = engine.wrap(src, netOut);
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                netOut = ByteBuffer.allocate(netOut.capacity() * 2);
                continue;
            }
            if (r.bytesProduced() > 0) {
                netOut.flip();
                socket.send(new DatagramPacket(netOut.array(), 0, netOut.limit(), peer));
                datagramsOut++;
            }
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                return;
            }
            if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                runTasks();
            }
            boolean moreHandshake = engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP;
            if (!src.hasRemaining() && !moreHandshake) {
                return;
            }
        }
        throw new PeerException("jdk " + role + ": wrap did not finish in " + MAX_STEPS + " calls\n" + diagnostics());
    }

    /** Unwraps every record of one datagram, queueing application data and answering handshake needs. */
    private void unwrapAll(ByteBuffer datagram) throws IOException {
        for (int i = 0; i < MAX_STEPS && datagram.hasRemaining(); i++) {
            int before = datagram.remaining();
            unwrapOne(datagram);
            step();
            if (datagram.remaining() == before) {
                return; // nothing consumed: the rest is not a record the engine wants
            }
        }
        step();
    }

    private void unwrapOne(ByteBuffer src) throws IOException {
        for (int i = 0; i < MAX_STEPS; i++) {
            appIn.clear();
            SSLEngineResult r = engine.unwrap(src, appIn);
            switch (r.getStatus()) {
                case BUFFER_OVERFLOW -> {
                    appIn = ByteBuffer.allocate(appIn.capacity() * 2);
                    continue;
                }
                case CLOSED -> throw new PeerException("jdk " + role + ": peer closed the association\n" + diagnostics());
                default -> {
                    // OK, or BUFFER_UNDERFLOW on a truncated record, which DTLS simply drops.
                }
            }
            if (r.bytesProduced() > 0) {
                appIn.flip();
                byte[] data = new byte[appIn.remaining()];
                appIn.get(data);
                received.addLast(data);
            }
            return;
        }
    }

    /** One datagram from the peer (a server learns its peer from the first), or empty after {@code waitMillis}. */
    private Optional<ByteBuffer> receiveDatagram(int waitMillis) throws IOException {
        Deadline deadline = Deadline.in(Duration.ofMillis(waitMillis));
        byte[] buf = new byte[MAX_DATAGRAM];
        while (!deadline.expired()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            socket.setSoTimeout(deadline.remainingMillisAtLeastOne());
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                return Optional.empty();
            }
            if (peer == null) {
                peer = p.getSocketAddress();
            }
            if (p.getSocketAddress().equals(peer)) {
                datagramsIn++;
                return Optional.of(ByteBuffer.wrap(buf, 0, p.getLength()));
            }
        }
        return Optional.empty();
    }

    @Override
    public String cipherSuite() {
        return engine.getSession().getCipherSuite();
    }

    @Override
    public void send(byte[] datagram) throws IOException {
        wrapAndSend(ByteBuffer.wrap(datagram));
    }

    @Override
    public byte[] receive(Duration timeout) throws IOException {
        Deadline deadline = Deadline.in(timeout);
        while (received.isEmpty()) {
            if (deadline.expired()) {
                throw new PeerException("jdk " + role + ": no application data within " + timeout + "\n" + diagnostics());
            }
            Optional<ByteBuffer> datagram = receiveDatagram(deadline.remainingMillisAtLeastOne());
            if (datagram.isPresent()) {
                unwrapAll(datagram.get()); // also answers a peer that resends its last flight
            }
        }
        return received.removeFirst();
    }

    @Override
    public String diagnostics() {
        return "---- jdk " + role + " on " + address() + " (peer " + peer + ")\n"
                + "  handshake status " + engine.getHandshakeStatus() + ", suite " + engine.getSession().getCipherSuite()
                + "\n  datagrams in " + datagramsIn + ", out " + datagramsOut + ", retransmissions " + retransmissions
                + (failure != null ? "\n  failure: " + failure : "") + "\n";
    }

    /** Sends close_notify (best effort) and closes the socket. */
    @Override
    public void close() {
        try {
            if (peer != null && !engine.isOutboundDone()) {
                engine.closeOutbound();
                wrapAndSend(ByteBuffer.allocate(0));
            }
        } catch (IOException | RuntimeException ignored) {
            // Closing is best effort: the peer may already be gone.
        } finally {
            socket.close();
        }
    }
}
