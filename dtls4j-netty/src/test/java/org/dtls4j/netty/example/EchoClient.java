package org.dtls4j.netty.example;

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
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.netty.DtlsClientHandler;

/** A DTLS client that sends one datagram to the echo server and prints the answer. */
public final class EchoClient {

    public static void main(String[] args) throws Exception {
        DtlsConfig config = DtlsConfig.builder().psk(EchoServer.IDENTITY, EchoServer.KEY).build();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            System.out.println(echo(group, new InetSocketAddress("127.0.0.1", 4433), config, "hello"));
        } finally {
            group.shutdownGracefully();
        }
    }

    /** Connects, completes the handshake, sends {@code text} and returns the answer. */
    public static String echo(EventLoopGroup group, InetSocketAddress server, DtlsConfig config, String text)
            throws Exception {
        DtlsClientHandler dtls = new DtlsClientHandler(config);
        CompletableFuture<String> answer = new CompletableFuture<>();
        Channel channel = new Bootstrap()
                .group(group)
                .channel(NioDatagramChannel.class)
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast(dtls, new SimpleChannelInboundHandler<DatagramPacket>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                                answer.complete(packet.content().toString(StandardCharsets.UTF_8));
                            }
                        });
                    }
                })
                .connect(server).sync().channel();
        try {
            dtls.handshakeFuture().sync();                 // throws the DtlsException if it failed
            channel.writeAndFlush(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)).sync();
            return answer.get(5, TimeUnit.SECONDS);
        } finally {
            channel.close().sync();                        // sends close_notify first
        }
    }
}
