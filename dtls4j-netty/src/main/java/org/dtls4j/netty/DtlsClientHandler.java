package org.dtls4j.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.AddressedEnvelope;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.channels.ClosedChannelException;
import java.security.SecureRandom;
import java.util.Objects;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsSession;
import org.dtls4j.handshake.Negotiated;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineCounters;
import org.dtls4j.handshake.engine.EngineState;

/**
 * DTLS 1.2 (RFC 6347) client for a connected {@code DatagramChannel}: one server, one engine, run
 * on the channel's event loop. The handshake starts when the channel is active (connected);
 * {@link #handshakeFuture()} completes with the channel when it is done, or fails with the
 * engine's {@code DtlsException} (a {@code DtlsTimeoutException} after
 * {@code DtlsConfig.handshakeTimeout()}), after which the channel is closed.
 *
 * <pre>{@code
 * DtlsClientHandler dtls = new DtlsClientHandler(config);
 * Channel ch = new Bootstrap().group(loop).channel(NioDatagramChannel.class)
 *         .handler(new ChannelInitializer<DatagramChannel>() {
 *             protected void initChannel(DatagramChannel ch) { ch.pipeline().addLast(dtls, new MyHandler()); }
 *         })
 *         .connect(server).sync().channel();
 * dtls.handshakeFuture().sync();
 * ch.writeAndFlush(Unpooled.copiedBuffer("hello", UTF_8));
 * }</pre>
 *
 * <p>Upward: each application datagram as a {@link DatagramPacket} from the server. Downward: a
 * {@link ByteBuf} (or an {@link AddressedEnvelope} of one; its recipient is ignored) becomes one
 * record in one datagram; before the handshake completed the write fails. Closing the channel sends
 * close_notify first. The handshake and the end are also {@link DtlsEvent}s.
 *
 * <p>ICMP "port unreachable" (a {@link PortUnreachableException} from the connected channel) does
 * not end a handshake: the client retransmits until its deadline, as RFC 6347 §4.2.4 has it; the
 * exceptions are counted in {@link #portUnreachable()} and not passed on.
 */
public final class DtlsClientHandler extends ChannelDuplexHandler {
    private final DtlsConfig config;
    private final DtlsSession resume;
    private final int datagramSize;
    private DtlsEngine engine;
    private DeadlineTimer deadline;
    private Promise<Channel> handshake;
    private ChannelHandlerContext ctx;
    private InetSocketAddress server;
    private boolean ended;
    private volatile long portUnreachable;

    public DtlsClientHandler(DtlsConfig config) {
        this(config, null);
    }

    /** A client that offers {@code session} for resumption (RFC 5246 §7.3); null for a full handshake. */
    public DtlsClientHandler(DtlsConfig config, DtlsSession session) {
        this.config = Objects.requireNonNull(config, "config").checkClient();
        this.resume = session;
        this.datagramSize = config.maxDatagramSize();
    }

    /** Completes with the channel when the handshake does; fails with why it did not. */
    public Future<Channel> handshakeFuture() {
        return handshake;
    }

    /** What the handshake agreed on, or null before it completed. Read it on the event loop or after the future. */
    public Negotiated negotiated() {
        return engine == null ? null : engine.negotiated();
    }

    /** The session to resume with a later {@code new DtlsClientHandler(config, session)}, or null. */
    public DtlsSession session() {
        Negotiated n = negotiated();
        return n == null ? null : n.session();
    }

    /** The engine's counters: retransmissions, discarded records by reason. Read them on the event loop. */
    public EngineCounters counters() {
        return engine == null ? null : engine.counters();
    }

    /** ICMP port unreachable reports received so far. */
    public long portUnreachable() {
        return portUnreachable;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.handshake = ctx.executor().newPromise();
        if (ctx.channel().isActive()) {
            start();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start();
        ctx.fireChannelActive();
    }

    private void start() {
        if (engine != null) {
            return;
        }
        if (!(ctx.channel().remoteAddress() instanceof InetSocketAddress remote)) {
            handshake.tryFailure(new IllegalStateException("DtlsClientHandler needs a connected channel"));
            ctx.close();
            return;
        }
        server = remote;
        engine = resume == null ? DtlsEngine.client(config, new SecureRandom())
                : DtlsEngine.client(config, new SecureRandom(), resume);
        deadline = new DeadlineTimer(ctx.executor(), this::onDeadline);
        engine.start(System.nanoTime());
        afterEngine();
        ctx.flush();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf content = msg instanceof DatagramPacket p ? p.content() : msg instanceof ByteBuf b ? b : null;
        if (content == null || engine == null) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            engine.receive(content.nioBuffer(), server, System.nanoTime());
            afterEngine();
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
        ctx.fireChannelReadComplete();
    }

    private void onDeadline() {
        if (ended) {
            return;
        }
        long now = System.nanoTime();
        if (now - engine.nextDeadlineNanos() >= 0) {
            engine.onDeadline(now);
        }
        afterEngine();
        ctx.flush();
    }

    private void afterEngine() {
        EngineBuffers.writeDatagrams(ctx, engine, datagramSize, null, ctx.voidPromise());
        EngineState state = engine.state();
        if (state == EngineState.CONNECTED && !handshake.isDone()) {
            handshake.trySuccess(ctx.channel());
            ctx.fireUserEventTriggered(new DtlsEvent.HandshakeCompleted(server, engine.negotiated()));
        }
        if (handshake.isSuccess()) {
            EngineBuffers.deliverApplicationData(ctx.alloc(), engine, (InetSocketAddress) ctx.channel().localAddress(),
                    server, ctx::fireChannelRead);
        }
        switch (state) {
            case FAILED -> end(CloseReason.FAILED);
            case CLOSED -> end(CloseReason.CLOSED_BY_PEER);
            default -> deadline.arm(engine.nextDeadlineNanos());
        }
    }

    /** The engine ended on its own: tell the pipeline and close the channel. */
    private void end(CloseReason reason) {
        if (ended) {
            return;
        }
        ended = true;
        deadline.cancel();
        if (!handshake.isDone()) {
            if (reason == CloseReason.FAILED) {
                handshake.tryFailure(engine.failure());
                ctx.fireUserEventTriggered(new DtlsEvent.HandshakeFailed(server, engine.failure()));
            } else {
                handshake.tryFailure(new ClosedChannelException());
            }
        } else {
            ctx.fireUserEventTriggered(new DtlsEvent.Closed(server, reason,
                    reason == CloseReason.FAILED ? engine.failure() : null));
        }
        ctx.flush(); // the fatal alert, if the engine sent one
        ctx.close();
    }

    /** One application datagram: protected as one record. */
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ByteBuf data = msg instanceof ByteBuf b ? b
                : msg instanceof AddressedEnvelope<?, ?> e && e.content() instanceof ByteBuf b ? b : null;
        if (data == null) {
            ctx.write(msg, promise);
            return;
        }
        RuntimeException refused = null;
        try {
            if (engine == null || engine.state() != EngineState.CONNECTED) {
                refused = new IllegalStateException("cannot send before the DTLS handshake completed (state "
                        + (engine == null ? "not started" : engine.state()) + ")");
            } else {
                EngineBuffers.send(engine, data);
            }
        } catch (RuntimeException e) { // larger than maxApplicationDataSize, or sequence numbers exhausted
            refused = e;
        } finally {
            ReferenceCountUtil.release(msg); // before the promise completes: its listeners see it released
        }
        if (refused != null) {
            promise.setFailure(refused);
        } else {
            EngineBuffers.writeDatagrams(ctx, engine, datagramSize, null, promise);
        }
    }

    /** Sends close_notify (RFC 5246 §7.2.1) before the channel closes. */
    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (engine != null && !ended) {
            ended = true;
            deadline.cancel();
            boolean wasConnected = handshake.isSuccess();
            engine.close();
            EngineBuffers.writeDatagrams(ctx, engine, datagramSize, null, ctx.voidPromise());
            ctx.flush();
            handshake.tryFailure(new ClosedChannelException());
            if (wasConnected) {
                ctx.fireUserEventTriggered(new DtlsEvent.Closed(server, CloseReason.CLOSED_LOCALLY, null));
            }
        }
        ctx.close(promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ended = true;
        if (deadline != null) {
            deadline.cancel();
        }
        handshake.tryFailure(new ClosedChannelException());
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof PortUnreachableException) {
            portUnreachable++;
            return;
        }
        ctx.fireExceptionCaught(cause);
    }
}
