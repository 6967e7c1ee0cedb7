package org.dtls4j.netty;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.cookie.CookieExchange;
import org.dtls4j.netty.DtlsServerCounters.Stat;

/**
 * What the server handlers of one port share when several channels serve it, one per event loop
 * ({@code SO_REUSEPORT}; see the module README, "Many cores"): the configuration, the cookie
 * secrets, the limits and their counts, the counters, and the directory of Connection IDs (RFC 9146)
 * that finds the handler holding a peer whose datagrams arrive at another one.
 *
 * <pre>{@code
 * DtlsServerGroup group = DtlsServerGroup.create(config, DtlsServerLimits.defaults());
 * // in each channel's initializer:
 * ch.pipeline().addLast(group.newHandler(), new MyApplicationHandler());
 * }</pre>
 *
 * A handler made with {@code new DtlsServerHandler(config)} has a group of its own.
 * Safe for concurrent use: each handler runs on its channel's event loop.
 */
public final class DtlsServerGroup {
    /** Addresses remembered by the handshake rate limiter. */
    private static final int RATE_LIMITER_ADDRESSES = 65_536;

    final DtlsConfig config;
    final DtlsServerLimits limits;
    final SecureRandom random = new SecureRandom();
    /** The stateless exchange (RFC 6347 §4.2.1), or null when the limits turn cookies off. */
    final CookieExchange cookies;
    final DtlsServerCounters counters = new DtlsServerCounters();
    private final AddressRateLimiter rate;
    /** Which handler holds the connection with each of our CIDs. */
    private final ConcurrentMap<ByteBuffer, DtlsServerHandler> connectionIds = new ConcurrentHashMap<>();

    private DtlsServerGroup(DtlsConfig config, DtlsServerLimits limits) {
        this.config = Objects.requireNonNull(config, "config").checkServer();
        this.limits = Objects.requireNonNull(limits, "limits");
        this.cookies = limits.cookies() ? new CookieExchange(random, limits.cookieRotation(), config.providers()) : null;
        this.rate = new AddressRateLimiter(limits.handshakesPerAddress(), limits.handshakeWindow().toNanos(),
                RATE_LIMITER_ADDRESSES);
    }

    /**
     * @throws IllegalArgumentException when {@code config} cannot serve (no certificate, PSK store or
     *                                  raw public key)
     */
    public static DtlsServerGroup create(DtlsConfig config, DtlsServerLimits limits) {
        return new DtlsServerGroup(config, limits);
    }

    /** A handler for one more channel of this group; each channel needs its own. */
    public DtlsServerHandler newHandler() {
        return new DtlsServerHandler(this);
    }

    public DtlsServerCounters counters() {
        return counters;
    }

    public DtlsServerLimits limits() {
        return limits;
    }

    /**
     * The limits a new peer must pass, after its cookie verified: peers held, handshakes running, and
     * the handshake rate of its address. Places taken here are given back by the handler. Each
     * refusal is counted and otherwise silent.
     */
    boolean admit(InetSocketAddress from, long now) {
        if (!counters.reservePeer(limits.maxPeers())) {
            counters.increment(Stat.REFUSED_MAX_PEERS);
            return false;
        }
        if (!counters.reserveHandshake(limits.maxConcurrentHandshakes())) {
            counters.peerGone();
            counters.increment(Stat.REFUSED_MAX_HANDSHAKES);
            return false;
        }
        if (!rate.tryAcquire(from.getAddress(), now)) {
            counters.peerGone();
            counters.handshakeOver();
            counters.increment(Stat.REFUSED_RATE);
            return false;
        }
        counters.increment(Stat.HANDSHAKES_STARTED);
        return true;
    }

    /** Files {@code cid} as held by {@code owner}; false when another connection has it already. */
    boolean fileConnectionId(byte[] cid, DtlsServerHandler owner) {
        return connectionIds.putIfAbsent(ByteBuffer.wrap(cid), owner) == null;
    }

    void forgetConnectionId(byte[] cid, DtlsServerHandler owner) {
        connectionIds.remove(ByteBuffer.wrap(cid), owner);
    }

    /** The handler holding {@code cid}, or null. */
    DtlsServerHandler ownerOf(byte[] cid) {
        return connectionIds.get(ByteBuffer.wrap(cid));
    }
}
