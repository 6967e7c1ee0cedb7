package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.BitSet;
import org.dtls4j.interop.UdpLossRelay.Direction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The relay with plain UDP endpoints: counts, seeded drops, both directions, lifetime, MTU observation. */
@Timeout(30)
class UdpLossRelayTest {

    private static final int COUNT = 200;

    @Test
    void withoutLossEverythingIsForwardedBothWays() throws Exception {
        try (DatagramSocket server = loopback(); DatagramSocket client = loopback();
             UdpLossRelay relay = new UdpLossRelay(address(server), 0, 1, Duration.ofSeconds(20))) {
            BitSet up = sendAndCollect(client, relay.address(), server, COUNT);
            assertEquals(COUNT, up.cardinality());
            // The server answers the address it saw (the relay's back socket) and the relay routes it home.
            DatagramPacket any = new DatagramPacket(new byte[4], 4);
            client.send(new DatagramPacket(ByteBuffer.allocate(4).putInt(7).array(), 4, relay.address()));
            server.receive(any);
            server.send(new DatagramPacket(new byte[] {1, 2, 3}, 3, any.getSocketAddress()));
            DatagramPacket back = new DatagramPacket(new byte[16], 16);
            client.receive(back);
            assertEquals(3, back.getLength());
            assertEquals(COUNT + 1, relay.forwarded(Direction.CLIENT_TO_SERVER));
            assertEquals(1, relay.forwarded(Direction.SERVER_TO_CLIENT));
            assertEquals(0, relay.dropped(Direction.CLIENT_TO_SERVER));
        }
    }

    @Test
    void dropsASeededFractionTheSameWayEveryRun() throws Exception {
        BitSet first = lossyRun(42);
        BitSet again = lossyRun(42);
        BitSet other = lossyRun(43);
        assertEquals(first, again, "same seed, same datagrams dropped");
        assertNotEquals(first, other, "another seed drops other datagrams");
        int lost = COUNT - first.cardinality();
        assertTrue(lost >= COUNT / 10 && lost <= COUNT * 3 / 10, "about 20% lost, was " + lost);
    }

    private static BitSet lossyRun(long seed) throws Exception {
        try (DatagramSocket server = loopback(); DatagramSocket client = loopback();
             UdpLossRelay relay = new UdpLossRelay(address(server), UdpLossRelay.DEFAULT_LOSS, seed,
                     Duration.ofSeconds(20))) {
            BitSet arrived = sendAndCollect(client, relay.address(), server, COUNT);
            assertEquals(arrived.cardinality(), relay.forwarded(Direction.CLIENT_TO_SERVER));
            assertEquals(COUNT, relay.forwarded(Direction.CLIENT_TO_SERVER) + relay.dropped(Direction.CLIENT_TO_SERVER));
            assertEquals(8, relay.largestDatagram(Direction.CLIENT_TO_SERVER));
            return arrived;
        }
    }

    @Test
    void stopsByItselfAfterItsLifetime() throws Exception {
        try (DatagramSocket server = loopback(); DatagramSocket client = loopback();
             UdpLossRelay relay = new UdpLossRelay(address(server), 0, 1, Duration.ofMillis(200))) {
            assertTrue(relay.awaitStopped(Duration.ofSeconds(5)), "relay threads must end after the lifetime");
            client.send(new DatagramPacket(new byte[8], 8, relay.address()));
            server.setSoTimeout(300);
            assertThrows(server);
            assertEquals(0, relay.forwarded(Direction.CLIENT_TO_SERVER));
        }
    }

    @Test
    void closeStopsItAtOnce() throws Exception {
        try (DatagramSocket server = loopback()) {
            UdpLossRelay relay = new UdpLossRelay(address(server), 0, 1, Duration.ofSeconds(30));
            assertTrue(relay.running());
            relay.close();
            assertFalse(relay.running());
        }
    }

    private static void assertThrows(DatagramSocket server) throws Exception {
        try {
            server.receive(new DatagramPacket(new byte[16], 16));
        } catch (SocketTimeoutException expected) {
            return;
        }
        throw new AssertionError("a stopped relay forwarded a datagram");
    }

    /** Sends {@code n} numbered datagrams through the relay and returns the numbers that arrived. */
    private static BitSet sendAndCollect(DatagramSocket client, InetSocketAddress to, DatagramSocket server, int n)
            throws Exception {
        for (int i = 0; i < n; i++) {
            byte[] b = ByteBuffer.allocate(8).putInt(i).putInt(0x5EED).array();
            client.send(new DatagramPacket(b, b.length, to));
        }
        BitSet seen = new BitSet();
        server.setSoTimeout(500); // quiet for 500 ms = everything that will arrive has arrived
        byte[] buf = new byte[64];
        for (int i = 0; i < n; i++) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                server.receive(p);
            } catch (SocketTimeoutException quiet) {
                break;
            }
            seen.set(ByteBuffer.wrap(buf, 0, 4).getInt());
        }
        return seen;
    }

    private static DatagramSocket loopback() throws Exception {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        s.setReceiveBufferSize(1 << 20);
        return s;
    }

    private static InetSocketAddress address(DatagramSocket s) {
        return (InetSocketAddress) s.getLocalSocketAddress();
    }
}
