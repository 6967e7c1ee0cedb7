package org.dtls4j.netty.example;

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
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.netty.DtlsEvent;
import org.dtls4j.netty.DtlsServerHandler;

/** A DTLS echo server: every application datagram goes back to the peer that sent it. */
public final class EchoServer {
    static final byte[] IDENTITY = "client1".getBytes(StandardCharsets.UTF_8);
    static final byte[] KEY = "0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    public static void main(String[] args) throws InterruptedException {
        DtlsConfig config = DtlsConfig.builder()
                .pskStore(identity -> Arrays.equals(identity, IDENTITY) ? KEY.clone() : null)
                .build();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Channel channel = bind(group, new InetSocketAddress("127.0.0.1", 4433), config);
            channel.closeFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
    }

    /** Binds the echo server at {@code address} on one event loop of {@code group}. */
    public static Channel bind(EventLoopGroup group, InetSocketAddress address, DtlsConfig config)
            throws InterruptedException {
        return new Bootstrap()
                .group(group)
                .channel(NioDatagramChannel.class)
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast(new DtlsServerHandler(config), new Echo());
                    }
                })
                .bind(address).sync().channel();
    }

    /** Application datagrams in, the same datagrams out; DTLS events logged. */
    static final class Echo extends SimpleChannelInboundHandler<DatagramPacket> {
        private static final System.Logger LOG = System.getLogger(Echo.class.getName());

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            // the content is released after this method: retain it for the write, which releases it
            ctx.write(new DatagramPacket(packet.content().retain(), packet.sender()));
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof DtlsEvent e) {             // HandshakeCompleted, HandshakeFailed, Closed
                LOG.log(System.Logger.Level.DEBUG, e);
            }
            ctx.fireUserEventTriggered(event);
        }
    }
}
