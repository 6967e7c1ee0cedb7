package org.dtls4j.transport;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.handshake.DtlsTimeoutException;
import org.dtls4j.handshake.cookie.ClientHelloPeek;
import org.dtls4j.handshake.cookie.CookieExchange;
import org.dtls4j.handshake.cookie.KnownPeerHello;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.record.CidRecords;
import org.dtls4j.record.RecordHeader;
import org.dtls4j.transport.ConnectionClosedException.Reason;
import org.dtls4j.transport.ServerStats.Stat;
import org.dtls4j.transport.io.DatagramLoop;
import org.dtls4j.transport.io.PeerLog;
import org.dtls4j.transport.io.ReceivedDatagram;
import org.dtls4j.transport.io.Worker;
import org.dtls4j.transport.limit.HandshakeRateLimiter;

/**
 * The server's demultiplexer, on its receive thread: which peer a datagram belongs to, and whether
 * a stranger becomes one. It runs no handshake: a peer's datagrams go to the {@link ServerPeer}, which
 * a worker runs, but for a connected peer's record that {@link ServerPeer#receiveHere} can open at
 * once (see the module README, "Threads").
 *
 * <pre>
 *   datagram from P
 *     longer than any record?    -> drop (oversized)
 *     P known?
 *       epoch-0 ClientHello      -> RFC 6347 §4.2.8, see {@link #helloFromKnownPeer}
 *       anything else            -> P's queue, P's worker
 *     P unknown (cookies on)     -> CookieExchange.check: Verify -> HelloVerifyRequest, Drop -> count,
 *                                   Accept -> limits -> new peer on a handshake worker
 *     P unknown (cookies off)    -> epoch-0 ClientHello? -> limits -> new peer; else drop
 * </pre>
 *
 * Nothing is allocated for a peer before its cookie verified (RFC 6347 §4.2.1), so a flood of
 * spoofed hellos costs one HMAC and one small answer each and leaves no state behind. The cookie
 * exchange runs here, not on a worker: it is cheap, stateless, and answers at once.
 *
 * <p>The tables (by address, by Connection ID), the population counts and the idle timers belong
 * to this thread alone. Workers report what their engines did through {@link ServerPeer.Events};
 * the reports are posted here with {@link DatagramLoop#execute}. This thread never waits for a
 * connection's lock (until the server closes), so a handshake's crypto on a worker never holds it up.
 */
final class PeerTable implements DatagramLoop.Handler, ServerPeer.Events {
    private static final System.Logger LOG = System.getLogger(PeerTable.class.getName());
    /** Addresses remembered by the handshake rate limiter. */
    private static final int RATE_LIMITER_ADDRESSES = 65_536;
    /** Idle datagrams kept for reuse: about the number in flight at a busy moment. */
    private static final int POOLED_DATAGRAMS = 4096;

    /**
     * The largest datagram we read: one record of the largest size RFC 5246 §6.2.3 allows
     * ({@link RecordHeader#MAX_RECORD_LENGTH}: the 13-byte header and 2^14 + 2048 bytes of
     * fragment). It is deliberately not our own send limit ({@code maxDatagramSize}): a peer on a
     * path with a larger MTU, OpenSSL on loopback say, may send us bigger datagrams than we send it.
     */
    static final int MAX_RECEIVED_DATAGRAM = RecordHeader.MAX_RECORD_LENGTH;

    /** Where established connections go. */
    interface Delivery {
        /** Hands over a new connection, on its worker; false when nobody can take it (accept queue full). */
        boolean deliver(DtlsConnection connection);

        /**
         * A handshake failed (counted in {@code handshakesFailed}); the peer is already forgotten.
         * Called once per failed handshake, on the receive thread.
         */
        void handshakeFailed(InetSocketAddress peer, DtlsException failure);

        /** The server stopped: no more connections will come. */
        void stopped();
    }

    private final DtlsConfig config;
    private final ServerOptions options;
    private final SecureRandom random;
    private final CookieExchange cookies;
    private final HandshakeRateLimiter rateLimiter;
    private final ServerStats stats;
    private final Delivery delivery;
    private final DatagramLoop loop;
    private final Workers workers;
    private final InetSocketAddress localAddress;
    private final long idleNanos;
    private final ReceivedDatagram.Pool pool = new ReceivedDatagram.Pool(POOLED_DATAGRAMS);
    private final Map<InetSocketAddress, ServerPeer> peers = new HashMap<>();
    /** Connected peers by our Connection ID (RFC 9146): the way to a peer whose address moved. */
    private final Map<ByteBuffer, ServerPeer> byConnectionId = new HashMap<>();
    /** The length of our CIDs, which the wire does not carry; 0 when we use none. */
    private final int cidLength;
    /**
     * Set when the server saves its connections for a restart: from then on every datagram is
     * dropped unread, so no record is accepted, and no answer sent, after a connection's state was
     * taken (DtlsServer.saveConnections has the whole rule).
     */
    private boolean saving;

    PeerTable(DtlsConfig config, ServerOptions options, SecureRandom random, CookieExchange cookies, ServerStats stats,
              Delivery delivery, DatagramLoop loop, Workers workers, InetSocketAddress localAddress) {
        this.config = config;
        this.options = options;
        this.random = random;
        this.cookies = cookies;
        this.rateLimiter = new HandshakeRateLimiter(options.handshakeRate(), RATE_LIMITER_ADDRESSES);
        this.stats = stats;
        this.delivery = delivery;
        this.loop = loop;
        this.workers = workers;
        this.localAddress = localAddress;
        this.idleNanos = options.idleTimeout().toNanos();
        this.cidLength = config.connectionIds() == null ? 0 : config.connectionIds().length();
    }

    @Override
    public void onDatagram(InetSocketAddress from, byte[] data, int length, long now) {
        if (saving) {
            return; // the connections are being handed over: nothing more is read (see saving)
        }
        if (length > MAX_RECEIVED_DATAGRAM) {
            // the loop's buffer is one byte longer than the limit, so a longer datagram shows up here
            stats.increment(Stat.OVERSIZED);
            return;
        }
        ServerPeer p = peers.get(from);
        if (cidLength > 0 && !belongsTo(p, data, length) && CidRecords.isCidRecord(data, 0, length)) {
            fromMovedPeer(from, data, length, now);
            return;
        }
        if (p == null) {
            fromUnknownPeer(from, data, length, now);
            return;
        }
        ClientHelloPeek hello = ClientHelloPeek.of(data, 0, length);
        if (hello != null) {
            helloFromKnownPeer(p, from, hello, data, length, now);
        } else {
            toPeer(p, from, data, length, now);
        }
    }

    /** Hands a copy of the datagram to the peer's worker; a full queue drops it (UDP may lose datagrams). */
    private void toPeer(ServerPeer p, InetSocketAddress from, byte[] data, int length, long now) {
        p.lastHeard = now;
        if (p.receiveHere(data, length, from, now)) {
            return;
        }
        ReceivedDatagram d = pool.copyOf(data, length, from);
        if (!p.offer(d)) {
            pool.release(d);
            stats.increment(p.countedHandshaking.get() ? Stat.HANDSHAKE_DATAGRAMS_SHED : Stat.PEER_QUEUE_DROPS);
        }
    }

    /**
     * Whether a datagram goes to the peer at its source address: there is one, and either its
     * handshake is still running (its CID is not filed yet, and its first tls12_cid record, the
     * Finished, comes from where the hellos came) or the first record carries its CID.
     */
    private static boolean belongsTo(ServerPeer p, byte[] data, int length) {
        return p != null && (p.connectionId == null || CidRecords.firstRecordCarries(data, 0, length, p.connectionId));
    }

    /**
     * A tls12_cid record whose source is not the address of the connection its CID names (RFC 9146
     * §6): the peer may have moved (a NAT rebinding, a new network), or someone replays or forges
     * its records. The connection's engine decides: only an authenticated record newer than any
     * before moves the peer, and our datagrams follow it ({@link #moved}). A CID no connection has
     * is dropped without an answer: there is no state to answer from, and answering would reflect
     * traffic.
     */
    private void fromMovedPeer(InetSocketAddress from, byte[] data, int length, long now) {
        byte[] cid = CidRecords.firstRecordCid(data, 0, length, cidLength);
        ServerPeer p = cid == null ? null : byConnectionId.get(ByteBuffer.wrap(cid));
        if (p == null) {
            stats.increment(Stat.CID_UNKNOWN);
            return;
        }
        toPeer(p, from, data, length, now);
    }

    private void fromUnknownPeer(InetSocketAddress from, byte[] data, int length, long now) {
        if (cookies == null) {
            ClientHelloPeek hello = ClientHelloPeek.of(data, 0, length);
            if (hello == null) {
                stats.increment(Stat.GARBAGE);
                return;
            }
            if (admit(from, now)) {
                ServerPeer p = add(from, DtlsEngine.serverWithoutCookie(config, random), hello.clientRandom(), false, now);
                toPeer(p, from, data, length, now);
            }
            return;
        }
        CookieExchange.Result result = cookies.check(data, 0, length, from, now);
        if (result instanceof CookieExchange.Verify v) {
            loop.send(ByteBuffer.wrap(v.datagram()), from);
        } else if (result instanceof CookieExchange.Accept a) {
            startVerified(from, a, now);
        } else if (result instanceof CookieExchange.Drop d) {
            stats.increment(Stat.GARBAGE);
            LOG.log(System.Logger.Level.TRACE, () -> PeerLog.prefix(from) + "dropped datagram: " + d.reason());
        }
    }

    /**
     * RFC 6347 §4.2.8: "If a server receives a ClientHello with a valid cookie, it SHOULD proceed
     * with the handshake but MUST NOT destroy the existing association until the client has
     * demonstrated reachability either by completing a cookie exchange or by completing a complete
     * handshake". A hello without a valid cookie is answered and changes nothing, so a spoofed one
     * cannot break a connection. A hello with a valid cookie and the current handshake's random is
     * a retransmission and goes to the engine; a valid cookie with a new random is a restarted
     * client, which has just proven its address: the old association is dropped.
     *
     * <p>Without cookies, the address cannot be proven; a hello with a new random then replaces the
     * connection at once (the price of turning cookies off).
     */
    private void helloFromKnownPeer(ServerPeer p, InetSocketAddress from, ClientHelloPeek hello, byte[] data,
                                    int length, long now) {
        CookieExchange.Result check = cookies == null ? null : cookies.check(data, 0, length, from, now);
        KnownPeerHello action = check == null
                ? KnownPeerHello.decideWithoutCookies(hello, p.clientRandom)
                : KnownPeerHello.decide(check, hello, p.clientRandom);
        switch (action) {
            case VERIFY -> {
                stats.increment(Stat.KNOWN_PEER_HELLO_VERIFIES);
                loop.send(ByteBuffer.wrap(((CookieExchange.Verify) check).datagram()), from);
            }
            case CURRENT_ASSOCIATION -> toPeer(p, from, data, length, now);
            case NEW_ASSOCIATION -> {
                replace(p);
                if (check == null) {
                    fromUnknownPeer(from, data, length, now);
                } else {
                    startVerified(from, (CookieExchange.Accept) check, now);
                }
            }
            case DROP -> {
                // a fragmented or malformed hello: counted by the exchange, goes nowhere
            }
        }
    }

    private void replace(ServerPeer p) {
        stats.increment(Stat.ASSOCIATIONS_REPLACED);
        InetSocketAddress at = p.connection.peer();
        LOG.log(System.Logger.Level.DEBUG, () -> PeerLog.prefix(at) + "a new association replaces the old one");
        remove(p);
        // nothing on the wire: the peer that would read it has restarted and holds no keys for it
        p.requestEnd(Reason.REPLACED, false, "the peer " + at + " started a new association (RFC 6347 §4.2.8)");
    }

    private void startVerified(InetSocketAddress from, CookieExchange.Accept accept, long now) {
        if (admit(from, now)) {
            ServerPeer p = add(from, DtlsEngine.server(config, random, accept), accept.hello().random(), true, now);
            p.schedule();
        }
    }

    /** The limits a new peer must pass; each refusal is counted and otherwise silent. */
    private boolean admit(InetSocketAddress from, long now) {
        if (peers.size() >= options.maxPeers()) {
            return refuse(Stat.REFUSED_MAX_PEERS, from, () -> options.maxPeers() + " peers held");
        }
        if (stats.handshaking() >= options.maxConcurrentHandshakes()) {
            return refuse(Stat.REFUSED_MAX_HANDSHAKES, from, () -> stats.handshaking() + " handshakes running");
        }
        if (workers.handshakesBehind()) {
            return refuse(Stat.REFUSED_BUSY, from, () -> "the handshake workers are behind (" + workers + ")");
        }
        if (!rateLimiter.tryAcquire(from.getAddress(), now)) {
            return refuse(Stat.REFUSED_RATE, from, () -> "more than " + options.handshakeRate()
                    + " handshakes from " + from.getAddress());
        }
        return true;
    }

    private boolean refuse(Stat reason, InetSocketAddress from, java.util.function.Supplier<String> why) {
        stats.increment(reason);
        LOG.log(System.Logger.Level.DEBUG, () -> PeerLog.prefix(from) + "refused: " + why.get());
        return false;
    }

    private ServerPeer add(InetSocketAddress from, DtlsEngine engine, byte[] clientRandom, boolean start, long now) {
        ServerPeer p = new ServerPeer(engine, from, localAddress, loop, workers.nextHandshakeWorker(), start, this, pool);
        p.address = from;
        p.lastHeard = now;
        p.clientRandom = clientRandom;
        p.idleTimer = loop.timers().newTimer(t -> onIdleTimer(p, t));
        peers.put(from, p);
        stats.handshaking(+1);
        stats.increment(Stat.HANDSHAKES_STARTED);
        population();
        return p;
    }

    // ---------------------------------------------------------------------------------------------
    // Graceful restart (DtlsServer.saveConnections, DtlsServer.restoreConnections)

    /** Stops reading for good and returns the peers whose handshake is over: the first step of saving. */
    java.util.List<ServerPeer> stopReadingForSave() {
        saving = true;
        java.util.List<ServerPeer> connected = new ArrayList<>();
        for (ServerPeer p : peers.values()) {
            if (!p.countedHandshaking.get()) {
                connected.add(p);
            }
        }
        return connected;
    }

    /**
     * Files a restored connection as a connected peer: under its address and our CID, its idle
     * clock started now, handed to the application as a new connection would be. False, and the
     * connection closed (close_notify), when its address is taken, the table is full or nobody takes it.
     */
    boolean restored(DtlsEngine engine, InetSocketAddress at, byte[] clientRandom, long now) {
        if (saving || peers.containsKey(at) || peers.size() >= options.maxPeers()) {
            engine.close(); // close_notify: the peer learns at once that it must handshake again
            ByteBuffer d;
            while ((d = engine.pollDatagram()) != null) {
                loop.send(d, at);
            }
            return false;
        }
        ServerPeer p = ServerPeer.restored(engine, at, localAddress, loop, workers.nextConnectionWorker(), this, pool);
        p.address = at;
        p.lastHeard = now;
        p.clientRandom = clientRandom;
        p.idleTimer = loop.timers().newTimer(t -> onIdleTimer(p, t));
        peers.put(at, p);
        population();
        indexConnectionId(p, engine.negotiated().connectionIds().map(c -> c.ours()).orElse(null));
        p.idleTimer.arm(now + idleNanos);
        if (!delivery.deliver(p.connection)) {
            stats.increment(Stat.REFUSED_ACCEPT_QUEUE);
            p.connection.endByTransport(now, true, Reason.TRANSPORT_CLOSED, "the server's accept queue was full");
            remove(p);
            return false;
        }
        return true;
    }

    // ---------------------------------------------------------------------------------------------
    // Reports from the workers (ServerPeer.Events): counted where they happen, acted on here

    @Override
    public Worker connectionWorker() {
        return workers.nextConnectionWorker();
    }

    @Override
    public void connected(ServerPeer p, byte[] connectionId, long now) {
        // counted here, before anyone hears of the connection, so the counters never lag behind it
        stats.increment(Stat.HANDSHAKES_COMPLETED);
        endHandshakeCount(p);
        loop.execute(() -> completed(p, connectionId, now));
        if (!delivery.deliver(p.connection)) {
            stats.increment(Stat.REFUSED_ACCEPT_QUEUE);
            p.connection.endByTransport(now, true, Reason.TRANSPORT_CLOSED, "the server's accept queue was full");
            loop.execute(() -> remove(p));
        }
    }

    private void completed(ServerPeer p, byte[] connectionId, long now) {
        if (!isCurrent(p)) {
            return; // replaced or closed while the report was on its way
        }
        indexConnectionId(p, connectionId);
        // the idle clock starts now; until here the handshake deadline bounds the peer
        p.lastHeard = Math.max(p.lastHeard, now);
        p.idleTimer.arm(p.lastHeard + idleNanos);
    }

    @Override
    public void ended(ServerPeer p, DtlsException failure, boolean duringHandshake) {
        loop.execute(() -> {
            if (!remove(p) || failure == null) {
                return; // replaced or closed meanwhile, or the peer closed: not a failure to report
            }
            LOG.log(System.Logger.Level.DEBUG, () -> PeerLog.prefix(p.connection.peer()) + "connection failed: "
                    + failure.getMessage());
            if (duringHandshake) {
                stats.increment(Stat.HANDSHAKES_FAILED);
                if (failure instanceof DtlsTimeoutException) {
                    stats.increment(Stat.HANDSHAKE_TIMEOUTS);
                }
                delivery.handshakeFailed(p.connection.peer(), failure);
            }
        });
    }

    @Override
    public void moved(ServerPeer p, InetSocketAddress from, InetSocketAddress to) {
        stats.increment(Stat.CID_ADDRESS_UPDATES);
        LOG.log(System.Logger.Level.DEBUG, () -> PeerLog.prefix(from) + "peer moved to " + PeerLog.prefix(to).trim()
                + " (RFC 9146 §6)");
        loop.execute(() -> {
            if (!isCurrent(p)) {
                return;
            }
            peers.remove(p.address, p);
            p.address = to;
            ServerPeer displaced = peers.put(to, p);
            if (displaced != null && displaced != p) {
                // An older association held the new address (the NAT gave it to another device, or
                // the same device restarted): the proven peer takes it over.
                stats.increment(Stat.ASSOCIATIONS_REPLACED);
                forget(displaced);
                displaced.requestEnd(Reason.REPLACED, false,
                        "the address " + to + " now belongs to another connection (RFC 9146 §6)");
            }
        });
    }

    @Override
    public void moveRefused(ServerPeer p) {
        stats.increment(Stat.CID_ADDRESS_UPDATES_REFUSED);
    }

    // ---------------------------------------------------------------------------------------------
    // Receive thread bookkeeping

    /**
     * The idle timeout of a connected peer. A handshake is bounded by its own deadline
     * (config.handshakeTimeout(), the engine's timer on its worker), so a slow flight is not
     * mistaken for an idle peer.
     */
    private void onIdleTimer(ServerPeer p, long now) {
        if (!isCurrent(p) || p.countedHandshaking.get()) {
            return;
        }
        long idleAt = p.lastHeard + idleNanos;
        if (idleAt - now > 0) {
            p.idleTimer.arm(idleAt);
            return;
        }
        stats.increment(Stat.IDLE_EVICTIONS);
        InetSocketAddress at = p.connection.peer();
        LOG.log(System.Logger.Level.DEBUG, () -> PeerLog.prefix(at) + "closing idle connection");
        // forgotten once its worker has closed it, so that a peer count of 0 means "all closed"
        p.requestEnd(Reason.IDLE_TIMEOUT, true, "nothing heard from " + at + " for " + options.idleTimeout().toMillis()
                + " ms");
    }

    @Override
    public void closedLocally(ServerPeer p) {
        loop.execute(() -> remove(p));
    }

    /** Files a connected peer under our CID, if it has one, so that it can be found after it moves. */
    private void indexConnectionId(ServerPeer p, byte[] ours) {
        if (ours == null || ours.length == 0) {
            return;
        }
        if (byConnectionId.putIfAbsent(ByteBuffer.wrap(ours), p) == null) {
            p.connectionId = ours;
        } else {
            // Two associations with one random CID: the second is still found by its address.
            stats.increment(Stat.CID_COLLISIONS);
        }
    }

    private boolean isCurrent(ServerPeer p) {
        return peers.get(p.address) == p;
    }

    /** Forgets {@code p}; false when it was no longer in the table. */
    private boolean remove(ServerPeer p) {
        if (!peers.remove(p.address, p)) {
            return false;
        }
        forget(p);
        return true;
    }

    /** The bookkeeping of a peer no longer in the address table. */
    private void forget(ServerPeer p) {
        if (p.connectionId != null) {
            byConnectionId.remove(ByteBuffer.wrap(p.connectionId), p);
        }
        endHandshakeCount(p);
        p.idleTimer.cancel();
        population();
    }

    /** Takes {@code p} out of the handshakes in progress, once. */
    private void endHandshakeCount(ServerPeer p) {
        if (p.countedHandshaking.compareAndSet(true, false)) {
            stats.handshaking(-1);
        }
    }

    private void population() {
        stats.peers(peers.size());
    }

    @Override
    public void onStop(long now) {
        workers.stop(); // no engine runs any more; what is queued is never read
        for (ServerPeer p : new ArrayList<>(peers.values())) {
            p.connection.endByTransport(now, true, Reason.TRANSPORT_CLOSED, "the server was closed");
            remove(p);
        }
        delivery.stopped();
    }
}
