package org.dtls4j.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.Channel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.netty.DtlsServerCounters.Stat;
import org.dtls4j.netty.example.MultiCoreEchoServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The multi-core example: several event loops on one port (epoll and {@code SO_REUSEPORT} on Linux,
 * one NIO channel elsewhere), and a peer whose datagrams move to another loop's socket after a NAT
 * rebinding, found by its Connection ID (RFC 9146 §6) and handled on the loop that holds it.
 */
@Timeout(120)
class MultiCoreTest {
    private static final int LOOPS = 4;
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

    @Test
    void peersSpreadOverTheLoopsAndAllEcho() throws Exception {
        DtlsServerGroup group = DtlsServerGroup.create(Configs.pskServer(), DtlsServerLimits.defaults());
        try (MultiCoreEchoServer server = new MultiCoreEchoServer(LOOPBACK, LOOPS, group)) {
            List<RawPeer> peers = new ArrayList<>();
            try {
                for (int i = 0; i < 16; i++) {
                    RawPeer p = new RawPeer(server.localAddress(), Configs.pskClient()).handshake();
                    peers.add(p);
                    byte[] b = ("peer " + i).getBytes(StandardCharsets.UTF_8);
                    assertArrayEquals(b, p.echo(b));
                }
                assertEquals(16, group.counters().peers());
                Set<Integer> busyChannels = new HashSet<>();
                for (int i = 0; i < server.channels().size(); i++) {
                    if (handler(server.channels().get(i)).peerCount() > 0) {
                        busyChannels.add(i);
                    }
                }
                if (Epoll.isAvailable()) {
                    assertEquals(LOOPS, server.channels().size());
                    assertTrue(server.channels().get(0) instanceof EpollDatagramChannel);
                    assertTrue(busyChannels.size() >= 2, "all 16 peers on one loop: " + busyChannels);
                } else {
                    assertEquals(1, server.channels().size());
                }
            } finally {
                peers.forEach(RawPeer::close);
            }
        }
    }

    @Test
    void aRebindingToAnotherLoopsSocketIsForwardedToThePeersLoop() throws Exception {
        assumeTrue(Epoll.isAvailable(), "SO_REUSEPORT with epoll: Linux only");
        DtlsConfig serverConfig = Configs.pskServerBuilder().connectionIdLength(6).build();
        DtlsConfig clientConfig = Configs.pskClientBuilder().connectionIdLength(0).build();
        DtlsServerGroup group = DtlsServerGroup.create(serverConfig, DtlsServerLimits.defaults());
        try (MultiCoreEchoServer server = new MultiCoreEchoServer(LOOPBACK, LOOPS, group);
             RawPeer peer = new RawPeer(server.localAddress(), clientConfig).handshake()) {
            byte[] ping = "before".getBytes(StandardCharsets.UTF_8);
            assertArrayEquals(ping, peer.echo(ping));
            DtlsServerHandler owner = ownerOfTheOnlyPeer(server);
            // rebind (a new source port) until the kernel's hash puts the new address on another loop
            for (int attempt = 0; attempt < 40 && group.counters().get(Stat.CID_FORWARDED) == 0; attempt++) {
                peer.socket.close();
                peer.socket = RawPeer.newSocket();
                byte[] moved = ("after " + attempt).getBytes(StandardCharsets.UTF_8);
                assertArrayEquals(moved, peer.echo(moved), "the echo after rebinding " + attempt);
            }
            DtlsServerCounters c = group.counters();
            assertTrue(c.get(Stat.CID_FORWARDED) > 0, c::toString);
            assertTrue(c.get(Stat.CID_ADDRESS_UPDATES) > 0, c::toString);
            assertEquals(1, c.get(Stat.HANDSHAKES_STARTED), c::toString);
            assertEquals(1, owner.peerCount(), "the peer stayed on its loop");
            assertEquals(1, c.peers());
        }
    }

    private static DtlsServerHandler ownerOfTheOnlyPeer(MultiCoreEchoServer server) {
        for (Channel ch : server.channels()) {
            if (handler(ch).peerCount() == 1) {
                return handler(ch);
            }
        }
        throw new AssertionError("no handler holds the peer");
    }

    private static DtlsServerHandler handler(Channel ch) {
        return ch.pipeline().get(DtlsServerHandler.class);
    }
}
