package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.dtls4j.handshake.ConnectionIds;
import org.dtls4j.transport.ServerOptions;

/**
 * A client and a server that may use Connection IDs (RFC 9146), on 127.0.0.1, the client talking
 * through a {@link RebindingRelay}: dtls4j, Eclipse Californium Scandium or Bouncy Castle at
 * either end. {@link #open} sets them up (server, relay, client), runs both handshakes and moves
 * a first datagram from the client to the server, which a Scandium client needs to start its
 * handshake at all. Then {@link #client()} and {@link #server()} move application data, and
 * {@link #relay()} tells what crossed. Every wait is bounded; {@link #close()} releases everything.
 */
final class CidLink implements AutoCloseable {
    /** The implementations that can sit at either end. */
    enum Impl { DTLS4J, SCANDIUM, BC }

    /**
     * One end: its implementation and the CID length it asks for in its hello (RFC 9146 §3): 0 asks
     * for no CID in the records it receives ("send me none"), -1 does not offer the extension.
     */
    record Side(Impl impl, int cidLength) {
    }

    /** One end's application data, as an application sees it. */
    interface End {
        void send(byte[] datagram) throws IOException;

        /** The next datagram, or {@code null} when none came within {@code timeout}. */
        byte[] receive(Duration timeout) throws IOException, InterruptedException;
    }

    static final Duration HANDSHAKE = Duration.ofSeconds(10);
    static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration RELAY_LIFETIME = Duration.ofSeconds(60);

    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    private Object clientPeer;
    private Object serverPeer;
    private RebindingRelay relay;
    private End client;
    private End server;
    private long afterHandshake;

    private CidLink() {
    }

    /**
     * Sets up {@code server}, the relay and {@code client} for {@code suite} (certificate suites
     * with a client certificate, so Scandium's server gets the one it requires), runs both
     * handshakes, and moves {@code first} from the client to the server.
     */
    static CidLink open(Suite suite, Side client, Side server, byte[] first) throws Exception {
        CidLink link = new CidLink();
        try {
            link.start(suite, client, server, first);
            return link;
        } catch (Exception | AssertionError e) {
            link.close();
            throw e;
        }
    }

    private void start(Suite suite, Side clientSide, Side serverSide, byte[] first) throws Exception {
        InteropCase c = InteropCase.of(factory(clientSide), factory(serverSide), suite);
        if (c.mode() == InteropCase.Mode.CERTIFICATE) {
            c = c.withClientAuth();
        }
        InetSocketAddress serverAddress;
        if (serverSide.impl() == Impl.SCANDIUM) {
            ScandiumPeer s = keep(new ScandiumPeer(true, serverSide.cidLength(), suite));
            serverPeer = s;
            server = new ScandiumEnd(s, null);
            serverAddress = s.address();
        } else {
            DtlsPeer s = keep(c.server().server(c));
            serverPeer = s;
            server = end(s);
            serverAddress = s.address();
        }
        relay = keep(new RebindingRelay(serverAddress, RELAY_LIFETIME));
        CompletableFuture<Void> serverDone = serverPeer instanceof DtlsPeer s ? startInBackground(s)
                : CompletableFuture.completedFuture(null);
        if (clientSide.impl() == Impl.SCANDIUM) {
            ScandiumPeer p = keep(new ScandiumPeer(false, clientSide.cidLength(), suite));
            clientPeer = p;
            client = new ScandiumEnd(p, relay.address());
        } else {
            DtlsPeer p = keep(c.client().client(c, relay.address()));
            clientPeer = p;
            p.start(HANDSHAKE);
            client = end(p);
        }
        client.send(first); // a Scandium client's handshake starts here
        try {
            serverDone.get(HANDSHAKE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("server handshake failed: " + e.getCause() + "\n" + diagnostics(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("server handshake did not complete within " + HANDSHAKE + "\n" + diagnostics());
        }
        assertArrayEquals(first, server.receive(WAIT), () -> "the first datagram did not arrive\n" + diagnostics());
        afterHandshake = relay.count();
    }

    /** A peer factory asking for the side's CID; Scandium is not made by a factory (it gets dtls4j's, unused). */
    private static PeerFactory factory(Side side) {
        int n = side.cidLength();
        if (side.impl() == Impl.BC) {
            byte[] cid = n < 0 ? null : new byte[n];
            for (int i = 0; i < Math.max(n, 0); i++) {
                cid[i] = (byte) (0xB0 + i);
            }
            return BcDtlsPeer.withConnectionId(cid);
        }
        return Dtls4jPeer.factory("dtls4j", ServerOptions.defaults(),
                config -> n < 0 ? config : config.toBuilder().connectionIdLength(n).build());
    }

    private static CompletableFuture<Void> startInBackground(DtlsPeer server) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                server.start(HANDSHAKE);
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, "cid-server-handshake");
        t.setDaemon(true);
        t.start();
        return done;
    }

    /**
     * A Scandium end: a client sends to the relay, a server answers whoever sent the last datagram
     * (where Scandium says it came from, which follows a moved client when CIDs are in use).
     */
    private static final class ScandiumEnd implements End {
        private final ScandiumPeer peer;
        private final InetSocketAddress to;
        private volatile ScandiumPeer.Received last;

        ScandiumEnd(ScandiumPeer peer, InetSocketAddress to) {
            this.peer = peer;
            this.to = to;
        }

        @Override
        public void send(byte[] datagram) {
            ScandiumPeer.Received r = last;
            peer.send(datagram, to != null ? to : r.from());
        }

        @Override
        public byte[] receive(Duration timeout) throws InterruptedException {
            ScandiumPeer.Received r = peer.receive(timeout);
            if (r == null) {
                return null;
            }
            last = r;
            return r.data();
        }
    }

    private static End end(DtlsPeer p) {
        return new End() {
            @Override
            public void send(byte[] datagram) throws IOException {
                p.send(datagram);
            }

            @Override
            public byte[] receive(Duration timeout) throws IOException, InterruptedException {
                if (p instanceof Dtls4jPeer d) {
                    return d.connection().receive(timeout);
                }
                try {
                    return p.receive(timeout);
                } catch (PeerException nothingInTime) {
                    return null;
                }
            }
        };
    }

    private <T extends AutoCloseable> T keep(T resource) {
        opened.push(resource);
        return resource;
    }

    /**
     * For each size, a datagram of that size from the client to the server and one back, each
     * compared byte for byte ({@link Payloads#line}, seeded).
     */
    void exchange(long seed, int... sizes) throws IOException, InterruptedException {
        Random random = new Random(seed);
        for (int size : sizes) {
            byte[] up = Payloads.line(size, random);
            client.send(up);
            assertArrayEquals(up, server.receive(WAIT), () -> size + " bytes client -> server\n" + diagnostics());
            byte[] down = Payloads.line(size, random);
            server.send(down);
            assertArrayEquals(down, client.receive(WAIT), () -> size + " bytes server -> client\n" + diagnostics());
        }
    }

    End client() {
        return client;
    }

    End server() {
        return server;
    }

    RebindingRelay relay() {
        return relay;
    }

    /** The relay's count once both handshakes and the first datagram were done. */
    long afterHandshake() {
        return afterHandshake;
    }

    /** The peer at the end that plays {@code role}: a {@link Dtls4jPeer}, {@link BcDtlsPeer} or {@link ScandiumPeer}. */
    Object peer(DtlsPeer.Role role) {
        return role == DtlsPeer.Role.CLIENT ? clientPeer : serverPeer;
    }

    /** The last datagram the Scandium end received, with the CIDs Scandium uses (RFC 9146 §3). */
    ScandiumPeer.Received lastReceivedByScandium() {
        End e = clientPeer instanceof ScandiumPeer ? client : server;
        return ((ScandiumEnd) e).last;
    }

    /** What the dtls4j end playing {@code role} negotiated: its CIDs, or empty without the extension. */
    Optional<ConnectionIds> dtls4jConnectionIds(DtlsPeer.Role role) {
        return ((Dtls4jPeer) peer(role)).negotiated().connectionIds();
    }

    /** The dtls4j and Bouncy Castle ends' diagnostics (handshake trace, counters), for a failure message. */
    String diagnostics() {
        StringBuilder sb = new StringBuilder();
        for (Object p : new Object[] {clientPeer, serverPeer}) {
            if (p instanceof DtlsPeer d) {
                sb.append(d.diagnostics());
            }
        }
        return sb.toString();
    }

    @Override
    public void close() {
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception ignored) {
                // best effort: the rest is closed anyway
            }
        }
    }
}
