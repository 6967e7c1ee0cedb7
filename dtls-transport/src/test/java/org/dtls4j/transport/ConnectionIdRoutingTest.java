package org.dtls4j.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Random;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link DtlsServer} finds a connection by its Connection ID (RFC 9146) when the peer's address
 * changes: the client here is an engine on a socket of its own, which it swaps for a new one (new
 * port, then 127.0.0.2) as a NAT rebinding would. Records with a CID nobody has are dropped and
 * counted, never answered, and leave no state.
 */
@Timeout(60)
class ConnectionIdRoutingTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void theServerFollowsThePeerToANewPortAndAddress() throws Exception {
        DtlsConfig serverConfig = Configs.pskServer().toBuilder().connectionIdLength(6).build();
        DtlsConfig clientConfig = Configs.pskClient().toBuilder().connectionIdLength(0).build();
        try (DtlsServer server = DtlsServer.bind(new InetSocketAddress("127.0.0.1", 0), serverConfig);
             EngineClient client = new EngineClient(clientConfig, server.localAddress(), "127.0.0.1")) {
            client.handshake();
            DtlsConnection peer = server.accept(WAIT);
            assertNotNull(peer);
            echo(client, peer, "before");

            InetSocketAddress first = peer.peer();
            client.rebind("127.0.0.1");
            echo(client, peer, "new port");
            assertNotEquals(first, peer.peer());
            client.rebind("127.0.0.2");
            echo(client, peer, "new address");
            assertEquals(client.localAddress(), peer.peer(), "our datagrams follow the peer");

            // The I/O thread counts the move after it handed the datagram on: wait for it (bounded).
            Await.until(() -> server.counters().cidAddressUpdates() == 2, WAIT, () -> server.counters().toString());
            ServerCounters c = server.counters();
            assertEquals(2, c.cidAddressUpdates(), c::toString);
            assertEquals(1, c.handshakesStarted(), "no new handshake: " + c);
            assertEquals(1, server.peerCount());
        }
    }

    @Test
    void unknownConnectionIdsAreDroppedUnansweredAndLeaveNoState() throws Exception {
        DtlsConfig serverConfig = Configs.pskServer().toBuilder().connectionIdLength(6).build();
        Random random = new Random(9146);
        int sent = 2000;
        try (DtlsServer server = DtlsServer.bind(new InetSocketAddress("127.0.0.1", 0), serverConfig);
             DatagramChannel source = DatagramChannel.open()) {
            source.bind(new InetSocketAddress("127.0.0.1", 0));
            for (int i = 0; i < sent; i++) {
                byte[] record = new byte[13 + 6 + 40];
                random.nextBytes(record);
                record[0] = 25;                          // tls12_cid
                record[1] = (byte) 0xFE;                 // DTLS 1.2
                record[2] = (byte) 0xFD;
                record[3] = 0;                           // epoch 1
                record[4] = 1;
                record[17] = 0;                          // length 40, after the 6-byte CID
                record[18] = 40;
                source.send(ByteBuffer.wrap(record), server.localAddress());
                if (i % 100 == 99) {
                    long expected = i + 1;
                    Await.until(() -> server.counters().datagramsIn() == expected, WAIT, () -> server.counters().toString());
                }
            }
            ServerCounters c = server.counters();
            assertEquals(sent, c.cidUnknownDropped(), c::toString);
            assertEquals(0, c.datagramsOut(), "nothing answered: " + c);
            assertEquals(0, server.peerCount());
        }
    }

    private static void echo(EngineClient client, DtlsConnection peer, String text) throws Exception {
        client.send(text.getBytes());
        byte[] got = peer.receive(WAIT);
        assertArrayEquals(text.getBytes(), got);
        peer.send(got);
        assertArrayEquals(text.getBytes(), client.receive());
    }

    /** A dtls4j client engine on a plain channel that it can swap, as a NAT rebinding does. */
    static final class EngineClient implements AutoCloseable {
        private final DtlsEngine engine;
        private final InetSocketAddress server;
        private DatagramChannel channel;
        private final java.nio.channels.Selector selector = java.nio.channels.Selector.open();
        private final long start = System.nanoTime();

        EngineClient(DtlsConfig config, InetSocketAddress server, String host) throws Exception {
            this.engine = DtlsEngine.client(config, new SecureRandom());
            this.server = server;
            rebind(host);
        }

        InetSocketAddress localAddress() throws Exception {
            return (InetSocketAddress) channel.getLocalAddress();
        }

        void rebind(String host) throws Exception {
            DatagramChannel next = DatagramChannel.open();
            next.bind(new InetSocketAddress(host, 0));
            next.configureBlocking(false);
            if (channel != null) {
                channel.close();
                selector.selectNow(); // drops the old channel's key
            }
            next.register(selector, java.nio.channels.SelectionKey.OP_READ);
            channel = next;
        }

        void handshake() throws Exception {
            engine.start(now());
            flush();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (engine.state() == EngineState.HANDSHAKING && System.nanoTime() < deadline) {
                pollOnce(deadline);
            }
            assertEquals(EngineState.CONNECTED, engine.state(), () -> String.valueOf(engine.failure()));
        }

        void send(byte[] data) throws Exception {
            engine.send(data);
            flush();
        }

        byte[] receive() throws Exception {
            long deadline = System.nanoTime() + WAIT.toNanos();
            ByteBuffer b;
            while ((b = engine.pollApplicationData()) == null && System.nanoTime() < deadline) {
                pollOnce(deadline);
            }
            assertNotNull(b, "no answer within " + WAIT);
            byte[] a = new byte[b.remaining()];
            b.get(a);
            return a;
        }

        private void pollOnce(long deadline) throws Exception {
            long wait = Math.min(engine.nextDeadlineNanos() - now(), deadline - System.nanoTime());
            selector.select(Math.max(1, Math.min(100, wait / 1_000_000)));
            selector.selectedKeys().clear();
            ByteBuffer in = ByteBuffer.allocate(65536);
            if (channel.receive(in) != null) {
                in.flip();
                engine.receive(in, now());
            } else if (now() >= engine.nextDeadlineNanos()) {
                engine.onDeadline(now());
            }
            flush();
        }

        private void flush() throws Exception {
            ByteBuffer out;
            while ((out = engine.pollDatagram()) != null) {
                channel.send(out, server);
            }
        }

        private long now() {
            return System.nanoTime() - start;
        }

        @Override
        public void close() throws Exception {
            channel.close();
            selector.close();
        }
    }
}
