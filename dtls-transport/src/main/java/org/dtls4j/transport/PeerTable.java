package org.dtls4j.transport;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.handshake.DtlsTimeoutException;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.cookie.ClientHelloPeek;
import org.dtls4j.handshake.cookie.CookieExchange;
import org.dtls4j.record.CidRecords;
import org.dtls4j.record.RecordHeader;
import org.dtls4j.transport.ConnectionClosedException.Reason;
import org.dtls4j.transport.ServerStats.Stat;
import org.dtls4j.transport.io.DatagramLoop;
import org.dtls4j.transport.limit.HandshakeRateLimiter;
import org.dtls4j.transport.time.TimerQueue;

/**
 * The server's demultiplexer: which engine a datagram belongs to, and whether a stranger gets one.
 * Every method runs on the server's I/O thread; nothing here is shared.
 *
 * <pre>
 *   datagram from P
 *     longer than any record?    -> drop (oversized)
 *     P known?
 *       epoch-0 ClientHello      -> RFC 6347 §4.2.8, see {@link #helloFromKnownPeer}
 *       anything else            -> P's engine
 *     P unknown (cookies on)     -> CookieExchange.check: Verify -> HelloVerifyRequest, Drop -> count,
 *                                   Accept -> limits -> new engine for P
 *     P unknown (cookies off)    -> epoch-0 ClientHello? -> limits -> new engine; else drop
 * </pre>
 *
 * Nothing is allocated for a peer before its cookie verified (RFC 6347 §4.2.1), so a flood of
 * spoofed hellos costs one HMAC and one small answer each and leaves no state behind.
 *
 * <p>"Epoch-0 ClientHello" is {@link ClientHelloPeek}'s answer: the first record of the datagram
 * is an epoch-0 handshake record whose first fragment starts a ClientHello and holds its
 * client_random and cookie. A later fragment of a ClientHello is a handshake fragment like any
 * other. The table knows no byte offsets of its own; the peek turns every other record type away
 * after one byte, so application data from known peers costs nothing here.
 */
final class PeerTable implements DatagramLoop.Handler {
    private static final System.Logger LOG = System.getLogger(PeerTable.class.getName());
    /** Addresses remembered by the handshake rate limiter. */
    private static final int RATE_LIMITER_ADDRESSES = 65_536;

    /** Where established connections go. */
    interface Delivery {
        /** Hands over a new connection; false when nobody can take it (accept queue full). */
        boolean deliver(DtlsConnection connection);

        /**
         * A handshake failed (counted in {@code handshakesFailed}); the peer is already forgotten.
         * Called once per failed handshake.
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
    private final InetSocketAddress localAddress;
    private final long idleNanos;
    private final Map<InetSocketAddress, Peer> peers = new HashMap<>();
    /** Connected peers by our Connection ID (RFC 9146): the way to a peer whose address moved. */
    private final Map<ByteBuffer, Peer> byConnectionId = new HashMap<>();
    /** The length of our CIDs, which the wire does not carry; 0 when we use none. */
    private final int cidLength;
    private int handshaking;

    /** One peer's connection and the transport's bookkeeping for it. */
    private final class Peer {
        final DtlsConnection connection;
        final TimerQueue.Timer timer;
        long lastHeard;
        boolean handshaking = true;
        /** Our CID for this peer once the handshake completed, or null. */
        byte[] connectionId;

        Peer(DtlsConnection connection, long now) {
            this.connection = connection;
            this.lastHeard = now;
            this.timer = loop.timers().newTimer(t -> onTimer(this, t));
        }
    }

    PeerTable(DtlsConfig config, ServerOptions options, SecureRandom random, CookieExchange cookies, ServerStats stats,
              Delivery delivery, DatagramLoop loop, InetSocketAddress localAddress) {
        this.config = config;
        this.options = options;
        this.random = random;
        this.cookies = cookies;
        this.rateLimiter = new HandshakeRateLimiter(options.handshakeRate(), RATE_LIMITER_ADDRESSES);
        this.stats = stats;
        this.delivery = delivery;
        this.loop = loop;
        this.localAddress = localAddress;
        this.idleNanos = options.idleTimeout().toNanos();
        this.cidLength = config.connectionIds() == null ? 0 : config.connectionIds().length();
    }

    /**
     * The largest datagram we read: one record of the largest size RFC 5246 §6.2.3 allows
     * ({@link RecordHeader#MAX_RECORD_LENGTH}: the 13-byte header and 2^14 + 2048 bytes of
     * fragment). It is deliberately not our own send limit ({@code maxDatagramSize}): a peer on a
     * path with a larger MTU, OpenSSL on loopback say, may send us bigger datagrams than we send it.
     */
    static final int MAX_RECEIVED_DATAGRAM = RecordHeader.MAX_RECORD_LENGTH;

    @Override
    public void onDatagram(InetSocketAddress from, byte[] data, int length, long now) {
        if (length > MAX_RECEIVED_DATAGRAM) {
            // the loop's buffer is one byte longer than the limit, so a longer datagram shows up here
            stats.increment(Stat.OVERSIZED);
            return;
        }
        Peer p = peers.get(from);
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
            p.lastHeard = now;
            after(p, p.connection.receiveDatagram(data, length, now), now);
        }
    }

    /**
     * Whether a datagram goes to the peer at its source address: there is one, and either its
     * handshake is still running (its CID is not filed yet, and its first tls12_cid record, the
     * Finished, comes from where the hellos came) or the first record carries its CID.
     */
    private static boolean belongsTo(Peer p, byte[] data, int length) {
        return p != null && (p.connectionId == null || CidRecords.firstRecordCarries(data, 0, length, p.connectionId));
    }

    /**
     * A tls12_cid record whose source is not the address of the connection its CID names (RFC 9146
     * §6): the peer may have moved (a NAT rebinding, a new network), or someone replays or forges
     * its records. The connection's engine decides: only an authenticated record newer than any
     * before moves the peer, and our datagrams follow it. A CID no connection has is dropped
     * without an answer: there is no state to answer from, and answering would reflect traffic.
     */
    private void fromMovedPeer(InetSocketAddress from, byte[] data, int length, long now) {
        byte[] cid = CidRecords.firstRecordCid(data, 0, length, cidLength);
        Peer p = cid == null ? null : byConnectionId.get(ByteBuffer.wrap(cid));
        if (p == null) {
            stats.increment(Stat.CID_UNKNOWN);
            return;
        }
        InetSocketAddress before = p.connection.peer();
        EngineState state = p.connection.receiveDatagram(data, length, from, now);
        InetSocketAddress after = p.connection.peer();
        if (after.equals(before)) {
            if (!from.equals(before)) {
                stats.increment(Stat.CID_ADDRESS_UPDATES_REFUSED);
            }
        } else {
            moved(p, before, after, now);
        }
        after(p, state, now);
    }

    /** The peer proved it is at {@code to} now: the table finds it there. */
    private void moved(Peer p, InetSocketAddress from, InetSocketAddress to, long now) {
        stats.increment(Stat.CID_ADDRESS_UPDATES);
        LOG.log(System.Logger.Level.DEBUG, () -> "peer moved from " + from + " to " + to + " (RFC 9146 §6)");
        peers.remove(from, p);
        Peer displaced = peers.put(to, p);
        if (displaced != null && displaced != p) {
            // An older association held the new address (the NAT gave it to another device, or the
            // same device restarted): the proven peer takes it over.
            stats.increment(Stat.ASSOCIATIONS_REPLACED);
            displaced.connection.endByTransport(now, false, Reason.REPLACED,
                    "the address " + to + " now belongs to another connection (RFC 9146 §6)");
            forget(displaced);
        }
        p.lastHeard = now;
    }

    private void fromUnknownPeer(InetSocketAddress from, byte[] data, int length, long now) {
        if (cookies == null) {
            if (ClientHelloPeek.of(data, 0, length) == null) {
                stats.increment(Stat.GARBAGE);
                return;
            }
            if (admit(from, now)) {
                Peer p = add(from, DtlsEngine.serverWithoutCookie(config, random), now);
                after(p, p.connection.receiveDatagram(data, length, now), now);
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
            LOG.log(System.Logger.Level.TRACE, () -> "dropped datagram from " + from + ": " + d.reason());
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
    private void helloFromKnownPeer(Peer p, InetSocketAddress from, ClientHelloPeek hello, byte[] data, int length,
                                    long now) {
        byte[] current = p.connection.clientRandom();
        if (cookies == null) {
            if (current != null && !hello.hasClientRandom(current)) {
                replace(p, now);
                fromUnknownPeer(from, data, length, now);
            } else {
                p.lastHeard = now;
                after(p, p.connection.receiveDatagram(data, length, now), now);
            }
            return;
        }
        CookieExchange.Result result = cookies.check(data, 0, length, from, now);
        if (result instanceof CookieExchange.Verify v) {
            stats.increment(Stat.KNOWN_PEER_HELLO_VERIFIES);
            loop.send(ByteBuffer.wrap(v.datagram()), from);
        } else if (result instanceof CookieExchange.Accept a) {
            if (current != null && hello.hasClientRandom(current)) {
                p.lastHeard = now;
                after(p, p.connection.receiveDatagram(data, length, now), now);
            } else {
                replace(p, now);
                startVerified(from, a, now);
            }
        }
        // a Drop (fragmented or malformed hello) is counted by the exchange and goes nowhere
    }

    private void replace(Peer p, long now) {
        stats.increment(Stat.ASSOCIATIONS_REPLACED);
        LOG.log(System.Logger.Level.DEBUG, () -> "new association from " + p.connection.peer() + " replaces the old one");
        // nothing on the wire: the peer that would read it has restarted and holds no keys for it
        p.connection.endByTransport(now, false, Reason.REPLACED,
                "the peer " + p.connection.peer() + " started a new association (RFC 6347 §4.2.8)");
        remove(p);
    }

    private void startVerified(InetSocketAddress from, CookieExchange.Accept accept, long now) {
        if (admit(from, now)) {
            Peer p = add(from, DtlsEngine.server(config, random, accept), now);
            after(p, p.connection.start(now), now);
        }
    }

    /** The limits a new peer must pass; each refusal is counted and otherwise silent. */
    private boolean admit(InetSocketAddress from, long now) {
        if (peers.size() >= options.maxPeers()) {
            stats.increment(Stat.REFUSED_MAX_PEERS);
            LOG.log(System.Logger.Level.DEBUG, () -> "refused " + from + ": " + options.maxPeers() + " peers held");
            return false;
        }
        if (handshaking >= options.maxConcurrentHandshakes()) {
            stats.increment(Stat.REFUSED_MAX_HANDSHAKES);
            LOG.log(System.Logger.Level.DEBUG, () -> "refused " + from + ": " + handshaking + " handshakes running");
            return false;
        }
        if (!rateLimiter.tryAcquire(from.getAddress(), now)) {
            stats.increment(Stat.REFUSED_RATE);
            LOG.log(System.Logger.Level.DEBUG, () -> "refused " + from + ": more than "
                    + options.handshakeRate() + " handshakes from " + from.getAddress());
            return false;
        }
        return true;
    }

    private Peer add(InetSocketAddress from, DtlsEngine engine, long now) {
        DtlsConnection c = new DtlsConnection(engine, from, localAddress, loop, this::closedLocally);
        Peer p = new Peer(c, now);
        peers.put(from, p);
        handshaking++;
        stats.increment(Stat.HANDSHAKES_STARTED);
        population();
        return p;
    }

    /** What the engine's state means for the table, after every engine call. */
    private void after(Peer p, EngineState state, long now) {
        switch (state) {
            case CONNECTED:
                if (p.handshaking) {
                    p.handshaking = false;
                    handshaking--;
                    population();
                    stats.increment(Stat.HANDSHAKES_COMPLETED);
                    indexConnectionId(p);
                    // the idle clock starts now; until here the handshake deadline bounds the peer
                    p.lastHeard = now;
                    p.timer.arm(now + idleNanos);
                    deliver(p, now);
                }
                break;
            case FAILED:
                failed(p);
                break;
            case CLOSED:
                remove(p);
                break;
            default:
                break;
        }
        if (isCurrent(p)) {
            p.timer.arm(p.connection.nextDeadlineNanos());
        }
    }

    /**
     * The engine failed: forget the peer and, if it was still handshaking, count the failure and
     * report it (after the table is consistent again, since the report may call back into the server).
     */
    private void failed(Peer p) {
        DtlsException f = p.connection.failure();
        boolean duringHandshake = p.handshaking;
        if (duringHandshake) {
            stats.increment(Stat.HANDSHAKES_FAILED);
            if (f instanceof DtlsTimeoutException) {
                stats.increment(Stat.HANDSHAKE_TIMEOUTS);
            }
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "connection with " + p.connection.peer() + " failed: "
                + (f != null ? f.getMessage() : "unknown cause"));
        remove(p);
        if (duringHandshake) {
            // the engine keeps its failure whenever it is FAILED; the fallback only guards the report
            delivery.handshakeFailed(p.connection.peer(), f != null ? f
                    : new DtlsException(AlertDescription.INTERNAL_ERROR, "the handshake failed for an unknown cause"));
        }
    }

    private void deliver(Peer p, long now) {
        if (!delivery.deliver(p.connection)) {
            stats.increment(Stat.REFUSED_ACCEPT_QUEUE);
            p.connection.endByTransport(now, true, Reason.TRANSPORT_CLOSED, "the server's accept queue was full");
            remove(p);
        }
    }

    /**
     * Retransmission and handshake deadline of a handshaking peer, idle timeout of a connected
     * one. A handshake is bounded by its own deadline (config.handshakeTimeout()), so a slow
     * flight is not mistaken for an idle peer.
     */
    private void onTimer(Peer p, long now) {
        if (!isCurrent(p)) {
            return;
        }
        after(p, p.connection.onTimer(now), now);
        if (!isCurrent(p) || p.handshaking) {
            return;
        }
        long idleAt = p.lastHeard + idleNanos;
        if (idleAt - now > 0) {
            p.timer.arm(idleAt);
            return;
        }
        stats.increment(Stat.IDLE_EVICTIONS);
        LOG.log(System.Logger.Level.DEBUG, () -> "closing idle connection with " + p.connection.peer());
        p.connection.endByTransport(now, true, Reason.IDLE_TIMEOUT,
                "nothing heard from " + p.connection.peer() + " for " + options.idleTimeout().toMillis() + " ms");
        remove(p);
    }

    /** The application closed a connection (it already sent close_notify). */
    void closedLocally(DtlsConnection c) {
        loop.execute(() -> {
            Peer p = peers.get(c.peer());
            if (p != null && p.connection == c) {
                remove(p);
            }
        });
    }

    /** Files a connected peer under our CID, if it has one, so that it can be found after it moves. */
    private void indexConnectionId(Peer p) {
        byte[] ours = p.connection.negotiated().connectionIds().map(c -> c.ours()).orElse(null);
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

    private boolean isCurrent(Peer p) {
        return peers.get(p.connection.peer()) == p;
    }

    private void remove(Peer p) {
        if (!peers.remove(p.connection.peer(), p)) {
            return;
        }
        forget(p);
    }

    /** The bookkeeping of a peer no longer in the address table. */
    private void forget(Peer p) {
        if (p.connectionId != null) {
            byConnectionId.remove(ByteBuffer.wrap(p.connectionId), p);
        }
        if (p.handshaking) {
            p.handshaking = false;
            handshaking--;
        }
        p.timer.cancel();
        population();
    }

    private void population() {
        stats.population(peers.size(), handshaking);
    }

    @Override
    public void onStop(long now) {
        for (Peer p : new ArrayList<>(peers.values())) {
            p.connection.endByTransport(now, true, Reason.TRANSPORT_CLOSED, "the server was closed");
            remove(p);
        }
        delivery.stopped();
    }
}
