package org.dtls4j.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.AddressedEnvelope;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.handshake.DtlsTimeoutException;
import org.dtls4j.handshake.cookie.ClientHelloPeek;
import org.dtls4j.handshake.cookie.CookieExchange;
import org.dtls4j.handshake.cookie.KnownPeerHello;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.netty.DtlsServerCounters.Stat;
import org.dtls4j.record.CidRecords;
import org.dtls4j.record.RecordHeader;

/**
 * DTLS 1.2 (RFC 6347) server for a {@code DatagramChannel} pipeline: many peers on one channel,
 * each with its own {@code DtlsEngine}, all run on the channel's event loop.
 *
 * <p>Upward it turns the peers' records into their application datagrams, as
 * {@link DatagramPacket}s whose sender is the peer; downward it takes {@link DatagramPacket}s (any
 * {@link AddressedEnvelope} of a {@link ByteBuf}) addressed to a connected peer and protects each as
 * one record in one datagram. Handshakes and ends are {@link DtlsEvent}s. Put it first in the
 * pipeline:
 * <pre>{@code
 * ch.pipeline().addLast(new DtlsServerHandler(config), new EchoHandler());
 * }</pre>
 *
 * <p>How a datagram from P is routed (the same demultiplexing as the socket server's):
 * <pre>
 *   longer than any record?        -> drop (oversized)
 *   tls12_cid record with a CID not P's -> the connection holding that CID (RFC 9146 §6), here or
 *                                     on another handler of the group
 *   P known:   epoch-0 ClientHello -> RFC 6347 §4.2.8 ({@code helloFromKnownPeer})
 *              anything else       -> P's engine
 *   P unknown: CookieExchange      -> Verify: HelloVerifyRequest; Drop: counted;
 *                                     Accept: limits -> a new engine (the first state kept for P)
 * </pre>
 *
 * <p><b>Threads.</b> Everything runs on the channel's event loop: the engines, their deadlines
 * (the loop's scheduler, no thread of our own) and the idle checks. {@link #close(InetSocketAddress)}
 * may be called from anywhere. One handler serves one channel; for several channels on one port
 * (one per event loop with {@code SO_REUSEPORT}) make the handlers from one {@link DtlsServerGroup}.
 */
public final class DtlsServerHandler extends ChannelDuplexHandler {
    private static final System.Logger LOG = System.getLogger(DtlsServerHandler.class.getName());

    private final DtlsServerGroup group;
    private final DtlsConfig config;
    private final DtlsServerCounters counters;
    private final CookieExchange cookies;
    private final int datagramSize;
    /** The length of our CIDs, which the wire does not carry; 0 when we use none. */
    private final int cidLength;
    private final long idleNanos;
    private final Map<InetSocketAddress, ServerPeer> peers = new HashMap<>();
    /** Connected peers of this handler by our CID: the way to a peer whose address moved. */
    private final Map<ByteBuffer, ServerPeer> byConnectionId = new HashMap<>();
    /** Where the bytes of a direct buffer are read: the cookie check and the engine take arrays. */
    private final byte[] scratch = new byte[RecordHeader.MAX_RECORD_LENGTH];
    private volatile int peerCount;
    private ChannelHandlerContext ctx;

    /** A server with the default limits ({@link DtlsServerLimits#defaults()}) and a group of its own. */
    public DtlsServerHandler(DtlsConfig config) {
        this(config, DtlsServerLimits.defaults());
    }

    /** A server with a group of its own. */
    public DtlsServerHandler(DtlsConfig config, DtlsServerLimits limits) {
        this(DtlsServerGroup.create(config, limits));
    }

    DtlsServerHandler(DtlsServerGroup group) {
        this.group = group;
        this.config = group.config;
        this.counters = group.counters;
        this.cookies = group.cookies;
        this.datagramSize = config.maxDatagramSize();
        this.cidLength = config.connectionIds() == null ? 0 : config.connectionIds().length();
        this.idleNanos = group.limits.idleTimeout().toNanos();
    }

    /** The counters of this handler's group. */
    public DtlsServerCounters counters() {
        return counters;
    }

    /** Peers this handler holds now (handshaking and connected); the group's total is in {@link #counters()}. */
    public int peerCount() {
        return peerCount;
    }

    /**
     * Sends close_notify to {@code peer} and forgets it; a {@link DtlsEvent.Closed} with
     * {@link CloseReason#CLOSED_LOCALLY} follows if it was connected. Nothing happens for an address
     * the handler holds no peer for. Callable from any thread; the work is done on the event loop.
     */
    public void close(InetSocketAddress peer) {
        ChannelHandlerContext c = ctx;
        if (c == null) {
            return;
        }
        c.executor().execute(() -> {
            ServerPeer p = peers.get(peer);
            if (p != null) {
                end(p, CloseReason.CLOSED_LOCALLY, true);
                c.flush();
            }
        });
    }

    // ---------------------------------------------------------------------------------------------
    // The pipeline

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DatagramPacket packet)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            onDatagram(packet.content(), packet.sender(), System.nanoTime());
        } finally {
            packet.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush(); // the handshake flights and answers written while reading
        ctx.fireChannelReadComplete();
    }

    /**
     * Application data to a peer: the envelope's content, protected as one record. The write fails
     * (and the content is released) when no connection with the recipient is established.
     */
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof AddressedEnvelope<?, ?> envelope && envelope.content() instanceof ByteBuf data)) {
            ctx.write(msg, promise);
            return;
        }
        ServerPeer p = envelope.recipient() instanceof InetSocketAddress to ? peers.get(to) : null;
        RuntimeException refused = null;
        try {
            if (p == null || p.engine.state() != EngineState.CONNECTED) {
                counters.increment(Stat.WRITES_REFUSED);
                refused = new IllegalStateException("no established DTLS connection with " + envelope.recipient());
            } else {
                EngineBuffers.send(p.engine, data);
            }
        } catch (RuntimeException e) { // larger than maxApplicationDataSize, or sequence numbers exhausted
            refused = e;
        } finally {
            ReferenceCountUtil.release(msg); // before the promise completes: its listeners see it released
        }
        if (refused != null) {
            promise.setFailure(refused);
        } else {
            EngineBuffers.writeDatagrams(ctx, p.engine, datagramSize, p.recipient(), promise);
        }
    }

    /** Closing the channel first sends close_notify to every peer (RFC 5246 §7.2.1). */
    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        endAll(true);
        ctx.flush();
        ctx.close(promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        endAll(false);
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        for (ServerPeer p : new ArrayList<>(peers.values())) {
            forget(p);
        }
    }

    private void endAll(boolean notifyPeers) {
        for (ServerPeer p : new ArrayList<>(peers.values())) {
            end(p, CloseReason.CHANNEL_CLOSED, notifyPeers);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Demultiplexing

    private void onDatagram(ByteBuf content, InetSocketAddress from, long now) {
        counters.increment(Stat.DATAGRAMS_IN);
        int length = content.readableBytes();
        if (length > RecordHeader.MAX_RECORD_LENGTH) {
            counters.increment(Stat.OVERSIZED);
            return;
        }
        byte[] data;
        int offset;
        if (content.hasArray()) {
            data = content.array();
            offset = content.arrayOffset() + content.readerIndex();
        } else {
            content.getBytes(content.readerIndex(), scratch, 0, length);
            data = scratch;
            offset = 0;
        }
        onDatagram(data, offset, length, from, now);
    }

    private void onDatagram(byte[] data, int offset, int length, InetSocketAddress from, long now) {
        ServerPeer p = peers.get(from);
        if (cidLength > 0 && !belongsTo(p, data, offset, length) && CidRecords.isCidRecord(data, offset, length)) {
            fromMovedPeer(from, data, offset, length, now);
        } else if (p == null) {
            fromStranger(from, data, offset, length, now);
        } else {
            ClientHelloPeek hello = ClientHelloPeek.of(data, offset, length);
            if (hello != null) {
                helloFromKnownPeer(p, from, hello, data, offset, length, now);
            } else {
                toPeer(p, from, data, offset, length, now);
            }
        }
    }

    /**
     * Whether a datagram goes to the peer at its source address: there is one, and either its
     * handshake is still running (it is not filed under its CID yet) or the first record carries its CID.
     */
    private static boolean belongsTo(ServerPeer p, byte[] data, int offset, int length) {
        return p != null && (p.connectionId == null || CidRecords.firstRecordCarries(data, offset, length, p.connectionId));
    }

    /**
     * A tls12_cid record from an address that is not its connection's (RFC 9146 §6): a NAT rebinding,
     * a new network, or a replay or forgery. The engine of the connection decides: only an
     * authenticated record newer than any before moves the peer. When another handler of the group
     * holds the CID (the datagram came in on another loop's socket), the datagram is copied to that
     * handler's event loop; the peer's state never changes loops. A CID nobody holds is dropped
     * without an answer: there is no state to answer from.
     */
    private void fromMovedPeer(InetSocketAddress from, byte[] data, int offset, int length, long now) {
        byte[] cid = CidRecords.firstRecordCid(data, offset, length, cidLength);
        ServerPeer p = cid == null ? null : byConnectionId.get(ByteBuffer.wrap(cid));
        if (p != null) {
            toPeer(p, from, data, offset, length, now);
            return;
        }
        DtlsServerHandler owner = cid == null ? null : group.ownerOf(cid);
        if (owner == null || owner == this || owner.ctx == null) {
            counters.increment(Stat.CID_UNKNOWN);
            return;
        }
        counters.increment(Stat.CID_FORWARDED);
        byte[] copy = Arrays.copyOfRange(data, offset, offset + length);
        owner.ctx.executor().execute(() -> owner.onForwarded(cid, copy, from));
    }

    /** A datagram another handler of the group read for a CID this one holds; on this loop. */
    private void onForwarded(byte[] cid, byte[] data, InetSocketAddress from) {
        ServerPeer p = byConnectionId.get(ByteBuffer.wrap(cid));
        if (p == null) {
            counters.increment(Stat.CID_UNKNOWN); // ended while the datagram was on its way
            return;
        }
        toPeer(p, from, data, 0, data.length, System.nanoTime());
        ctx.flush();
    }

    private void fromStranger(InetSocketAddress from, byte[] data, int offset, int length, long now) {
        counters.add(Stat.STRANGER_BYTES_IN, length);
        if (cookies == null) {
            ClientHelloPeek hello = ClientHelloPeek.of(data, offset, length);
            if (hello == null) {
                counters.increment(Stat.GARBAGE);
            } else if (group.admit(from, now)) {
                ServerPeer p = add(from, DtlsEngine.serverWithoutCookie(config, group.random), hello.clientRandom(), now);
                toPeer(p, from, data, offset, length, now);
            }
            return;
        }
        CookieExchange.Result result = cookies.check(data, offset, length, from, now);
        if (result instanceof CookieExchange.Verify v) {
            helloVerifyRequest(v, from);
            counters.add(Stat.STRANGER_BYTES_OUT, v.datagram().length);
        } else if (result instanceof CookieExchange.Accept a) {
            startVerified(from, a, now);
        } else if (result instanceof CookieExchange.Drop d) {
            counters.increment(Stat.GARBAGE);
            LOG.log(System.Logger.Level.TRACE, () -> "dropped datagram from " + from + ": " + d.reason());
        }
    }

    private void helloVerifyRequest(CookieExchange.Verify v, InetSocketAddress to) {
        counters.increment(Stat.HELLO_VERIFY_REQUESTS);
        ctx.write(new DatagramPacket(ctx.alloc().ioBuffer(v.datagram().length).writeBytes(v.datagram()), to),
                ctx.voidPromise());
    }

    /**
     * RFC 6347 §4.2.8, as {@link KnownPeerHello} decides it: a hello without a valid cookie is
     * answered and changes nothing, so a spoofed one cannot break a connection; a valid cookie with
     * the current handshake's random is a retransmission and goes to the engine; with a new random
     * it is a restarted client, which has just proven its address, and the old association is
     * dropped. Without cookies the address cannot be proven, and a hello with a new random
     * replaces the association at once.
     */
    private void helloFromKnownPeer(ServerPeer p, InetSocketAddress from, ClientHelloPeek hello, byte[] data,
                                    int offset, int length, long now) {
        CookieExchange.Result check = cookies == null ? null : cookies.check(data, offset, length, from, now);
        KnownPeerHello action = check == null
                ? KnownPeerHello.decideWithoutCookies(hello, p.clientRandom)
                : KnownPeerHello.decide(check, hello, p.clientRandom);
        switch (action) {
            case VERIFY -> {
                counters.increment(Stat.KNOWN_PEER_HELLO_VERIFIES);
                helloVerifyRequest((CookieExchange.Verify) check, from);
            }
            case CURRENT_ASSOCIATION -> toPeer(p, from, data, offset, length, now);
            case NEW_ASSOCIATION -> {
                replace(p);
                if (check == null) {
                    fromStranger(from, data, offset, length, now);
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
        counters.increment(Stat.ASSOCIATIONS_REPLACED);
        LOG.log(System.Logger.Level.DEBUG, () -> "new association from " + p.address + " replaces the old one");
        // nothing on the wire: the peer that would read it has restarted and holds no keys for it
        end(p, CloseReason.REPLACED, false);
    }

    private void startVerified(InetSocketAddress from, CookieExchange.Accept accept, long now) {
        if (group.admit(from, now)) {
            ServerPeer p = add(from, DtlsEngine.server(config, group.random, accept), accept.hello().random(), now);
            p.engine.start(now);
            afterEngine(p);
        }
    }

    /** A new peer; the group has already counted it in its peers and handshakes. */
    private ServerPeer add(InetSocketAddress from, DtlsEngine engine, byte[] clientRandom, long now) {
        ServerPeer p = new ServerPeer(engine, from, clientRandom, now, ctx.executor(), this::onDeadline);
        peers.put(from, p);
        peerCount = peers.size();
        return p;
    }

    // ---------------------------------------------------------------------------------------------
    // One peer's engine

    private void toPeer(ServerPeer p, InetSocketAddress from, byte[] data, int offset, int length, long now) {
        p.lastHeard = now;
        p.engine.receive(data, offset, length, from, now);
        if (!p.recipient().equals(p.address)) {
            moved(p, p.recipient());
        }
        afterEngine(p);
    }

    private void onDeadline(ServerPeer p) {
        if (p.ended) {
            return;
        }
        long now = System.nanoTime();
        if (now - p.engine.nextDeadlineNanos() >= 0) {
            p.engine.onDeadline(now);
        }
        afterEngine(p);
        ctx.flush();
    }

    /** After every engine call: its datagrams out, its application data up, what its state means. */
    private void afterEngine(ServerPeer p) {
        EngineBuffers.writeDatagrams(ctx, p.engine, datagramSize, p.recipient(), ctx.voidPromise());
        EngineState state = p.engine.state();
        if (state == EngineState.CONNECTED && p.handshaking) {
            completed(p);
        }
        if (!p.handshaking) {
            EngineBuffers.deliverApplicationData(ctx.alloc(), p.engine, (InetSocketAddress) ctx.channel().localAddress(),
                    p.recipient(), ctx::fireChannelRead);
        }
        switch (state) {
            case FAILED -> end(p, CloseReason.FAILED, false);
            case CLOSED -> end(p, CloseReason.CLOSED_BY_PEER, false);
            default -> p.deadline.arm(p.engine.nextDeadlineNanos());
        }
    }

    private void completed(ServerPeer p) {
        p.handshaking = false;
        counters.handshakeOver();
        counters.increment(Stat.HANDSHAKES_COMPLETED);
        p.deadline.cancel();
        byte[] ours = p.engine.negotiated().connectionIds().map(c -> c.ours()).orElse(null);
        if (ours != null && ours.length > 0 && group.fileConnectionId(ours, this)) {
            p.connectionId = ours;
            byConnectionId.put(ByteBuffer.wrap(ours), p);
        }
        armIdleCheck(p, idleNanos);
        ctx.fireUserEventTriggered(new DtlsEvent.HandshakeCompleted(p.address, p.engine.negotiated()));
    }

    /** The engine moved the peer (RFC 9146 §6): file it under the new address. */
    private void moved(ServerPeer p, InetSocketAddress to) {
        counters.increment(Stat.CID_ADDRESS_UPDATES);
        LOG.log(System.Logger.Level.DEBUG, () -> "peer moved from " + p.address + " to " + to + " (RFC 9146 §6)");
        peers.remove(p.address, p);
        p.address = to;
        ServerPeer displaced = peers.put(to, p);
        if (displaced != null && displaced != p) {
            // an older association held the new address (the NAT gave it to another device): the
            // proven peer takes it over
            counters.increment(Stat.ASSOCIATIONS_REPLACED);
            displaced.address = null; // no longer filed under an address: end() must not remove p
            end(displaced, CloseReason.REPLACED, false);
        }
    }

    /** The idle timeout of a connected peer, checked lazily: a datagram only moves {@code lastHeard}. */
    private void armIdleCheck(ServerPeer p, long delayNanos) {
        p.idleCheck = ctx.executor().schedule(() -> onIdleCheck(p), delayNanos, TimeUnit.NANOSECONDS);
    }

    private void onIdleCheck(ServerPeer p) {
        if (p.ended) {
            return;
        }
        long left = p.lastHeard + idleNanos - System.nanoTime();
        if (left > 0) {
            armIdleCheck(p, left);
            return;
        }
        counters.increment(Stat.IDLE_EVICTIONS);
        LOG.log(System.Logger.Level.DEBUG, () -> "closing idle connection with " + p.address);
        end(p, CloseReason.IDLE_TIMEOUT, true);
        ctx.flush();
    }

    /**
     * Ends and forgets a peer, with close_notify if {@code notifyPeer}, and tells the pipeline: a
     * failed handshake as {@link DtlsEvent.HandshakeFailed}, the end of a connection as
     * {@link DtlsEvent.Closed}. A handshake ended otherwise (replaced, closed) is only counted.
     */
    private void end(ServerPeer p, CloseReason reason, boolean notifyPeer) {
        if (p.ended) {
            return;
        }
        boolean wasHandshaking = p.handshaking;
        InetSocketAddress at = p.recipient();
        if (notifyPeer) {
            p.engine.close();
            EngineBuffers.writeDatagrams(ctx, p.engine, datagramSize, at, ctx.voidPromise());
        }
        forget(p);
        DtlsException failure = p.engine.failure();
        if (wasHandshaking && reason == CloseReason.FAILED) {
            counters.increment(Stat.HANDSHAKES_FAILED);
            if (failure instanceof DtlsTimeoutException) {
                counters.increment(Stat.HANDSHAKE_TIMEOUTS);
            }
            LOG.log(System.Logger.Level.DEBUG, () -> "handshake with " + at + " failed: " + failure.getMessage());
            ctx.fireUserEventTriggered(new DtlsEvent.HandshakeFailed(at, failure));
        } else if (!wasHandshaking) {
            ctx.fireUserEventTriggered(new DtlsEvent.Closed(at, reason, reason == CloseReason.FAILED ? failure : null));
        }
    }

    /** The bookkeeping of a peer that ends: out of the tables and the group's counts, timers stopped. */
    private void forget(ServerPeer p) {
        if (p.ended) {
            return;
        }
        p.ended = true;
        if (p.address != null) {
            peers.remove(p.address, p);
        }
        if (p.connectionId != null) {
            byConnectionId.remove(ByteBuffer.wrap(p.connectionId), p);
            group.forgetConnectionId(p.connectionId, this);
        }
        if (p.handshaking) {
            p.handshaking = false;
            counters.handshakeOver();
        }
        counters.peerGone();
        p.cancelTimers();
        peerCount = peers.size();
    }
}
