package org.dtls4j.jmh;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.netty.DtlsServerHandler;
import org.dtls4j.netty.DtlsServerLimits;
import org.dtls4j.transport.DtlsClient;
import org.dtls4j.transport.DtlsConnection;
import org.dtls4j.transport.DtlsServer;
import org.dtls4j.transport.HandshakeRate;
import org.dtls4j.transport.ServerOptions;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The Netty server handler ({@code dtls4j-netty}) on NIO and on epoll against the socket server
 * ({@code DtlsServer}), in the same run, with the same client on the other side (a
 * {@code DtlsClient} connection on 127.0.0.1). Each server echoes application datagrams.
 *
 * <ul>
 *   <li>{@code records}: a burst of {@value #BURST} datagrams of {@value #PAYLOAD} bytes to the
 *       server and all of them back: datagrams per second through the server (decrypt, echo,
 *       encrypt, both sockets). A datagram lost on loopback is counted in {@code lost}.</li>
 *   <li>{@code handshakes}: one full PSK handshake (cookie exchange included) and close per
 *       operation: handshakes per second.</li>
 * </ul>
 * The handshake limits are off on all three servers, so that only the work is measured.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class NettyServerBenchmark {
    static final int BURST = 16;
    static final int PAYLOAD = 1200;
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Datagrams that never came back. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Losses {
        public long lost;

        @Setup(Level.Iteration)
        public void reset() {
            lost = 0;
        }
    }

    /** One echo server of the kind named by {@code server}, on one thread (one event loop, or one worker). */
    @State(Scope.Benchmark)
    public static class Server {
        @Param({"dtlsServer", "nettyNio", "nettyEpoll"})
        public String server;

        DtlsConfig clientConfig;
        InetSocketAddress address;
        private DtlsServer socketServer;
        private EventLoopGroup loop;
        private Channel channel;

        @Setup
        public void setUp() throws Exception {
            DtlsConfig serverConfig = Peers.dtls4jServer(KeyExchange.ECDHE_PSK, Providers.JDK).build();
            clientConfig = Peers.dtls4jClient(KeyExchange.ECDHE_PSK, Providers.JDK).build();
            switch (server) {
                case "dtlsServer" -> {
                    socketServer = DtlsServer.bind(LOOPBACK, serverConfig,
                            ServerOptions.defaults().withHandshakeRate(HandshakeRate.OFF).withWorkers(1));
                    socketServer.onConnection(c -> c.onReceive((connection, data) -> connection.send(data)));
                    address = socketServer.localAddress();
                }
                case "nettyNio", "nettyEpoll" -> {
                    boolean epoll = server.equals("nettyEpoll");
                    if (epoll && !Epoll.isAvailable()) {
                        throw new IllegalStateException("epoll is not available here", Epoll.unavailabilityCause());
                    }
                    loop = new MultiThreadIoEventLoopGroup(1, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
                    DtlsServerLimits limits = DtlsServerLimits.defaults().withHandshakeRate(0, Duration.ofMinutes(1));
                    channel = new Bootstrap().group(loop)
                            .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
                            .handler(new ChannelInitializer<DatagramChannel>() {
                                @Override
                                protected void initChannel(DatagramChannel ch) {
                                    ch.pipeline().addLast(new DtlsServerHandler(serverConfig, limits), new Echo());
                                }
                            })
                            .bind(LOOPBACK).sync().channel();
                    address = (InetSocketAddress) channel.localAddress();
                }
                default -> throw new IllegalArgumentException(server);
            }
        }

        @TearDown
        public void tearDown() throws InterruptedException {
            if (socketServer != null) {
                socketServer.close();
            }
            if (channel != null) {
                channel.close().sync();
                loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            }
        }
    }

    /** Echoes each application datagram to its sender. */
    static final class Echo extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            ctx.write(new DatagramPacket(packet.content().retain(), packet.sender()));
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }

    /** A client connection to the server, for the records benchmark. */
    @State(Scope.Thread)
    public static class Client {
        DtlsConnection connection;
        final byte[] payload = new byte[PAYLOAD];

        @Setup
        public void setUp(Server server) throws Exception {
            connection = DtlsClient.connect(server.address, server.clientConfig, WAIT);
        }

        @TearDown
        public void tearDown() {
            connection.close();
        }
    }

    /** A burst to the echo server and back; the score is datagrams per second (one way). */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public int records(Client c, Losses losses) throws Exception {
        for (int i = 0; i < BURST; i++) {
            c.connection.send(c.payload);
        }
        int bytes = 0;
        for (int i = 0; i < BURST; i++) {
            byte[] d = c.connection.receive(Duration.ofSeconds(1));
            if (d == null) {
                losses.lost += BURST - i;
                break;
            }
            bytes += d.length;
        }
        return bytes;
    }

    /** One full ECDHE-PSK handshake with the server, then close_notify; handshakes per second. */
    @Benchmark
    public Object handshakes(Server s) throws Exception {
        DtlsConnection c = DtlsClient.connect(s.address, s.clientConfig, WAIT);
        c.close();
        return c;
    }
}
