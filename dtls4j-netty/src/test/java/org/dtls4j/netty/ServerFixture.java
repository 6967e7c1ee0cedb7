package org.dtls4j.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.dtls4j.handshake.DtlsConfig;

/**
 * A {@link DtlsServerHandler} on one NIO channel at 127.0.0.1, with an echo handler behind it that
 * records the {@link DtlsEvent}s it sees.
 */
final class ServerFixture implements AutoCloseable {
    final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    final BlockingQueue<DtlsEvent> events = new LinkedBlockingQueue<>();
    final DtlsServerHandler handler;
    final Channel channel;

    ServerFixture(DtlsConfig config, DtlsServerLimits limits) throws InterruptedException {
        this.handler = new DtlsServerHandler(config, limits);
        this.channel = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast(handler, new RecordingEcho(events));
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    ServerFixture(DtlsConfig config) throws InterruptedException {
        this(config, DtlsServerLimits.defaults());
    }

    InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    DtlsServerCounters counters() {
        return handler.counters();
    }

    /** The next event of type {@code type}, skipping none: fails if another comes first. */
    <T extends DtlsEvent> T nextEvent(Class<T> type) throws InterruptedException {
        DtlsEvent e = Await.next(events, type.getSimpleName());
        if (!type.isInstance(e)) {
            throw new AssertionError("expected " + type.getSimpleName() + ", got " + e);
        }
        return type.cast(e);
    }

    @Override
    public void close() throws InterruptedException {
        channel.close().sync();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    /** Echoes application datagrams; records events. */
    static final class RecordingEcho extends SimpleChannelInboundHandler<DatagramPacket> {
        private final BlockingQueue<DtlsEvent> events;

        RecordingEcho(BlockingQueue<DtlsEvent> events) {
            this.events = events;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            ctx.write(new DatagramPacket(packet.content().retain(), packet.sender()));
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof DtlsEvent e) {
                events.add(e);
            }
        }
    }
}
