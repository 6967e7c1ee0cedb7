package org.dtls4j.netty.example;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.dtls4j.netty.DtlsServerGroup;

/**
 * The echo server on several cores. On Linux with the epoll transport, {@code loops} channels bind
 * the same port with {@code SO_REUSEPORT}, one per event loop: the kernel spreads the peers over
 * them by a hash of their address, and each peer stays on the loop that holds it. Elsewhere one NIO
 * channel serves the port. The handlers share one {@link DtlsServerGroup}: the limits count across
 * loops, and a peer whose datagrams move to another loop's socket (a NAT rebinding with a
 * Connection ID) is still found.
 */
public final class MultiCoreEchoServer implements AutoCloseable {
    private final EventLoopGroup loops;
    private final List<Channel> channels = new ArrayList<>();

    /** Binds {@code address} (port 0: any) on {@code loopCount} event loops. */
    public MultiCoreEchoServer(InetSocketAddress address, int loopCount, DtlsServerGroup group)
            throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        loops = new MultiThreadIoEventLoopGroup(loopCount,
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        Bootstrap bootstrap = new Bootstrap()
                .group(loops)
                .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast(group.newHandler(), new EchoServer.Echo());
                    }
                });
        if (epoll) {
            bootstrap.option(EpollChannelOption.SO_REUSEPORT, true);
        }
        InetSocketAddress at = address;
        for (int i = 0; i < (epoll ? loopCount : 1); i++) {
            Channel ch = bootstrap.bind(at).sync().channel(); // each bind takes the next loop of the group
            channels.add(ch);
            at = (InetSocketAddress) ch.localAddress();       // the others bind the port the first one got
        }
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channels.get(0).localAddress();
    }

    /** The channels, one per event loop (one only without epoll). */
    public List<Channel> channels() {
        return channels;
    }

    @Override
    public void close() throws InterruptedException {
        for (Channel ch : channels) {
            ch.close().sync();
        }
        loops.shutdownGracefully().sync();
    }
}
