package org.dtls4j.jmh;

import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.ArrayDeque;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import org.dtls4j.credentials.CaAndLeaf;

/**
 * Two JDK {@link SSLEngine}s speaking "DTLSv1.2" in memory: the driver pumps each engine's
 * {@code wrap} output into the other's {@code unwrap} until both report
 * {@link HandshakeStatus#NOT_HANDSHAKING}, running delegated tasks on the calling thread.
 *
 * <p>The JDK server always runs the cookie exchange for a full handshake, as our pair does. Session
 * tickets (RFC 5077) are switched off before the first {@link SSLContext} is made
 * ({@link #disableSessionTickets()}), so resumption goes by session ID, as in the other stacks.
 * The ECDHE group is pinned with {@link SSLParameters#setNamedGroups} where the JDK has it (20 and
 * later) and otherwise with the {@code jdk.tls.namedGroups} system property, which the JDK reads
 * once per JVM: one group per JVM on JDK 17, which a JMH fork per parameter set gives.
 */
public final class JdkPair {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private static final int MAX_STEPS = 400;
    private static final int PORT = 4433;

    private final SSLContext clientContext;
    private final SSLContext serverContext;
    private final String suite;
    private final String[] groups;
    private final int mtu;
    private final ArrayDeque<ByteBuffer> toClient = new ArrayDeque<>();
    private final ArrayDeque<ByteBuffer> toServer = new ArrayDeque<>();
    private SSLEngine client;
    private SSLEngine server;
    private ByteBuffer net;
    private ByteBuffer app;
    private long serverNanos;
    private long serverClockReads;

    /**
     * @param kx     the key exchange; PSK is refused (the JDK has no PSK suites)
     * @param suite  the JSSE (IANA) suite name
     * @param mtu    the maximum packet size of both engines
     */
    public JdkPair(KeyExchange kx, String suite, int mtu, SecureRandom random) throws Exception {
        if (kx.usesPsk()) {
            throw new IllegalArgumentException("the JDK's SSLEngine has no PSK suites");
        }
        this.suite = suite;
        this.groups = kx.jdkGroupNames();
        this.mtu = mtu;
        if (!hasNamedGroupsApi()) {
            System.setProperty("jdk.tls.namedGroups", String.join(",", groups));
        }
        CaAndLeaf pki = Peers.pki(kx);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", pki.leaf().privateKey(), new char[0], pki.chain().toArray(new Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
        kmf.init(ks, new char[0]);
        serverContext = SSLContext.getInstance("DTLSv1.2");
        serverContext.init(kmf.getKeyManagers(), null, random);
        clientContext = SSLContext.getInstance("DTLSv1.2");
        clientContext.init(null, new TrustManager[] {Peers.trust(kx)}, random);
    }

    /**
     * Turns RFC 5077 tickets off in this JVM, on both sides, so that resumption uses the session
     * ID. Call before the first {@link SSLContext} is created.
     */
    public static void disableSessionTickets() {
        System.setProperty("jdk.tls.server.enableSessionTicketExtension", "false");
        System.setProperty("jdk.tls.client.enableSessionTicketExtension", "false");
    }

    /** A full handshake: the client engine has no peer host, so the JDK offers no session. */
    public void handshake() throws SSLException {
        run(clientContext.createSSLEngine());
    }

    /**
     * A handshake by a client engine for {@code localhost:4433}; after the first such handshake the
     * JDK offers the cached session, and the server resumes it (RFC 5246 §7.3).
     */
    public void handshakeWithPeer() throws SSLException {
        run(clientContext.createSSLEngine(Peers.HOST, PORT));
    }

    private void run(SSLEngine c) throws SSLException {
        client = configure(c, true);
        long t0 = cpuNow();
        server = configure(serverContext.createSSLEngine(), false);
        serverNanos += cpuNow() - t0;
        serverClockReads++;
        toClient.clear();
        toServer.clear();
        int size = Math.max(client.getSession().getPacketBufferSize(), client.getSession().getApplicationBufferSize());
        if (net == null || net.capacity() < size) {
            net = ByteBuffer.allocate(size + 1024);
            app = ByteBuffer.allocate(size + 1024);
        }
        client.beginHandshake();
        t0 = cpuNow();
        server.beginHandshake();
        serverNanos += cpuNow() - t0;
        serverClockReads++;
        for (int i = 0; i < MAX_STEPS; i++) {
            boolean moved = step(client, toClient, toServer);
            t0 = cpuNow();
            moved |= step(server, toServer, toClient);
            serverNanos += cpuNow() - t0;
            serverClockReads++;
            if (!moved && done(client) && done(server)) {
                return;
            }
            if (!moved) {
                throw new IllegalStateException("JDK handshake stuck: client " + client.getHandshakeStatus()
                        + ", server " + server.getHandshakeStatus());
            }
        }
        throw new IllegalStateException("JDK handshake did not finish in " + MAX_STEPS + " steps");
    }

    private static boolean done(SSLEngine e) {
        HandshakeStatus hs = e.getHandshakeStatus();
        return hs == HandshakeStatus.NOT_HANDSHAKING || hs == HandshakeStatus.FINISHED;
    }

    private SSLEngine configure(SSLEngine e, boolean clientMode) {
        e.setUseClientMode(clientMode);
        SSLParameters p = e.getSSLParameters();
        p.setProtocols(new String[] {"DTLSv1.2"});
        p.setCipherSuites(new String[] {suite});
        p.setMaximumPacketSize(mtu);
        setNamedGroups(p, groups);
        e.setSSLParameters(p);
        return e;
    }

    /** One move of one engine; false when it has nothing to do until the peer sends. */
    private boolean step(SSLEngine e, ArrayDeque<ByteBuffer> inbox, ArrayDeque<ByteBuffer> outbox) throws SSLException {
        HandshakeStatus hs = e.getHandshakeStatus();
        switch (hs) {
            case NEED_TASK:
                Runnable task;
                while ((task = e.getDelegatedTask()) != null) {
                    task.run();
                }
                return true;
            case NEED_WRAP: {
                net.clear();
                SSLEngineResult r = e.wrap(EMPTY, net);
                if (r.bytesProduced() > 0) {
                    net.flip();
                    ByteBuffer d = ByteBuffer.allocate(net.remaining());
                    d.put(net).flip();
                    outbox.add(d);
                }
                return true;
            }
            case NEED_UNWRAP_AGAIN:
                app.clear();
                e.unwrap(EMPTY, app);
                return true;
            default: {
                ByteBuffer d = inbox.poll();
                if (d == null) {
                    return false;
                }
                app.clear();
                e.unwrap(d, app);
                return true;
            }
        }
    }

    /** CPU nanoseconds spent in the server engine's calls (and its delegated tasks) since construction. */
    public long serverNanos() {
        return serverNanos;
    }

    /**
     * How many timed regions {@link #serverNanos()} adds up; each carries about one reading of the
     * CPU clock, which {@code PairedHandshake} subtracts.
     */
    public long serverClockReads() {
        return serverClockReads;
    }

    public SSLEngine client() {
        return client;
    }

    public SSLEngine server() {
        return server;
    }

    /** {@code SSLParameters.setNamedGroups(String[])}, present from JDK 20 on. */
    private static void setNamedGroups(SSLParameters p, String[] groups) {
        Method m = namedGroupsSetter();
        if (m != null) {
            try {
                m.invoke(p, (Object) groups.clone());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("SSLParameters.setNamedGroups failed", e);
            }
        }
    }

    private static boolean hasNamedGroupsApi() {
        return namedGroupsSetter() != null;
    }

    private static final Method NAMED_GROUPS = lookUpNamedGroupsSetter();

    private static Method namedGroupsSetter() {
        return NAMED_GROUPS;
    }

    private static Method lookUpNamedGroupsSetter() {
        try {
            return SSLParameters.class.getMethod("setNamedGroups", String[].class);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /** The suites of the last handshake, client then server; for sanity checks. */
    public List<String> negotiatedSuites() {
        return List.of(client.getSession().getCipherSuite(), server.getSession().getCipherSuite());
    }

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    /** The calling thread's CPU time: the server's share stays right when other work shares the cores. */
    private static long cpuNow() {
        return THREADS.getCurrentThreadCpuTime();
    }
}
