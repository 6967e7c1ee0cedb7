package org.dtls4j.interop;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.Negotiated;
import org.dtls4j.netty.DtlsClientHandler;
import org.dtls4j.netty.DtlsEvent;
import org.dtls4j.netty.DtlsServerHandler;
import org.dtls4j.netty.DtlsServerLimits;

/**
 * dtls4j's Netty handlers as a {@link DtlsPeer}: {@link DtlsServerHandler} on an NIO datagram
 * channel at 127.0.0.1, or {@link DtlsClientHandler} on a connected one, each on an event loop of
 * its own, configured from the case as the socket peers are ({@code Dtls4jConfigs}). The server
 * talks to the first peer whose handshake completes.
 */
public final class NettyPeer implements DtlsPeer {

    /** Makes Netty peers for the matrix; servers with the default limits (cookie exchange on). */
    public static final PeerFactory FACTORY = new PeerFactory() {
        @Override
        public String name() {
            return "dtls4j-netty";
        }

        @Override
        public DtlsPeer server(InteropCase c) throws IOException {
            return new NettyPeer(Role.SERVER, Dtls4jConfigs.forCase(c, Role.SERVER, line -> { }), null);
        }

        @Override
        public DtlsPeer client(InteropCase c, InetSocketAddress server) throws IOException {
            return new NettyPeer(Role.CLIENT, Dtls4jConfigs.forCase(c, Role.CLIENT, line -> { }), server);
        }
    };

    private final Role role;
    private final EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<DtlsEvent.HandshakeCompleted> handshake = new CompletableFuture<>();
    private final DtlsConfig config;
    private final InetSocketAddress target;
    private DtlsServerHandler serverHandler;
    private Channel channel;

    private NettyPeer(Role role, DtlsConfig config, InetSocketAddress target) throws IOException {
        this.role = role;
        this.config = config;
        this.target = target;
        if (role == Role.SERVER) {
            serverHandler = new DtlsServerHandler(config, DtlsServerLimits.defaults());
            channel = bootstrap(serverHandler).bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .syncUninterruptibly().channel();
        }
    }

    private Bootstrap bootstrap(ChannelHandler dtls) {
        return new Bootstrap().group(loop).channel(NioDatagramChannel.class)
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast(dtls, new Recorder());
                    }
                });
    }

    /** Keeps application datagrams (as arrays: the buffers are released) and the first handshake's outcome. */
    private final class Recorder extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            received.add(ByteBufUtil.getBytes(packet.content()));
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof DtlsEvent.HandshakeCompleted done) {
                handshake.complete(done);
            } else if (event instanceof DtlsEvent.HandshakeFailed failed) {
                handshake.completeExceptionally(failed.cause());
            }
        }
    }

    @Override
    public String name() {
        return "dtls4j-netty";
    }

    @Override
    public Role role() {
        return role;
    }

    @Override
    public InetSocketAddress address() {
        return channel == null ? new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)
                : (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void start(Duration timeout) throws IOException {
        if (role == Role.CLIENT) {
            channel = bootstrap(new DtlsClientHandler(config)).connect(target).syncUninterruptibly().channel();
        }
        try {
            handshake.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new PeerException("dtls4j-netty " + role + ": handshake failed: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new PeerException("dtls4j-netty " + role + ": no handshake within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted waiting for the handshake");
        }
    }

    private Negotiated negotiated() {
        return handshake.isDone() && !handshake.isCompletedExceptionally() ? handshake.join().negotiated() : null;
    }

    @Override
    public String cipherSuite() {
        Negotiated n = negotiated();
        return n == null ? "(none)" : n.cipherSuite().ianaName();
    }

    @Override
    public void send(byte[] datagram) throws IOException {
        Object message = role == Role.CLIENT ? Unpooled.wrappedBuffer(datagram)
                : new DatagramPacket(Unpooled.wrappedBuffer(datagram), handshake.join().peer());
        io.netty.channel.ChannelFuture f = channel.writeAndFlush(message).syncUninterruptibly();
        if (!f.isSuccess()) {
            throw new IOException("dtls4j-netty " + role + ": write failed", f.cause());
        }
    }

    @Override
    public byte[] receive(Duration timeout) throws IOException {
        try {
            byte[] b = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (b == null) {
                throw new PeerException("dtls4j-netty " + role + ": no application data within " + timeout);
            }
            return b;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted waiting for data");
        }
    }

    /** The server's counters, or null for a client. */
    public String serverCounters() {
        return serverHandler == null ? null : serverHandler.counters().toString();
    }

    @Override
    public String diagnostics() {
        return "---- dtls4j-netty " + role + " on " + address() + "\n  negotiated: " + negotiated() + "\n"
                + (serverHandler == null ? "" : "  server counters: " + serverHandler.counters() + "\n");
    }

    @Override
    public void close() {
        try {
            if (channel != null) {
                channel.close().syncUninterruptibly();
            }
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
