package org.dtls4j.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import org.dtls4j.netty.example.EchoClient;
import org.dtls4j.netty.example.EchoServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The README's echo server and client, run against each other: Netty on both sides. */
@Timeout(30)
class EchoExampleTest {

    @Test
    void theClientGetsItsDatagramBack() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        try {
            Channel server = EchoServer.bind(group, new InetSocketAddress("127.0.0.1", 0), Configs.pskServer());
            InetSocketAddress at = (InetSocketAddress) server.localAddress();
            assertEquals("hello", EchoClient.echo(group, at, Configs.pskClient(), "hello"));
            assertEquals("again", EchoClient.echo(group, at, Configs.pskClient(), "again"));
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
        }
    }
}
