package org.dtls4j.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
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
import io.netty.buffer.ByteBufUtil;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.dtls4j.handshake.DtlsConfig;

/**
 * A {@link DtlsClientHandler} on a connected NIO channel, with a handler behind it that records the
 * application datagrams (as arrays: the buffers are released) and the events.
 */
final class ClientFixture implements AutoCloseable {
    final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
    final BlockingQueue<DtlsEvent> events = new LinkedBlockingQueue<>();
    final DtlsClientHandler handler;
    final Channel channel;

    ClientFixture(InetSocketAddress server, DtlsConfig config) throws InterruptedException {
        this.handler = new DtlsClientHandler(config);
        this.channel = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast(handler, new SimpleChannelInboundHandler<DatagramPacket>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                                received.add(ByteBufUtil.getBytes(packet.content()));
                            }

                            @Override
                            public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                                if (event instanceof DtlsEvent e) {
                                    events.add(e);
                                }
                            }
                        });
                    }
                })
                .connect(server).sync().channel();
    }

    /** Waits for the handshake (bounded) and rethrows its failure. */
    ClientFixture handshake() throws InterruptedException {
        if (!handler.handshakeFuture().await(Await.WAIT.toMillis())) {
            throw new AssertionError("no handshake within " + Await.WAIT);
        }
        if (!handler.handshakeFuture().isSuccess()) {
            throw new AssertionError("handshake failed", handler.handshakeFuture().cause());
        }
        return this;
    }

    void send(byte[] data) throws InterruptedException {
        channel.writeAndFlush(Unpooled.wrappedBuffer(data)).sync();
    }

    byte[] receive() throws InterruptedException {
        return Await.next(received, "application datagram");
    }

    @Override
    public void close() throws InterruptedException {
        channel.close().sync();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
}
