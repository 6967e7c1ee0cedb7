package org.dtls4j.handshake.observe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.dtls4j.handshake.DtlsListener;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.sim.SimulatedLink.Direction;
import org.junit.jupiter.api.Test;

/**
 * {@link DtlsListener#datagramSent} and {@link DtlsListener#datagramReceived}: every datagram
 * that crosses the simulated link is heard once on each side, byte for byte, lost ones only by
 * their sender.
 */
class DatagramEventsTest {
    /** What one side's listener heard: the direction and a copy of the bytes. */
    private static final class Wire implements DtlsListener {
        final List<byte[]> sent = new ArrayList<>();
        final List<byte[]> received = new ArrayList<>();
        final List<SocketAddress> peers = new ArrayList<>();

        @Override
        public void datagramSent(SocketAddress peer, ByteBuffer datagram) {
            sent.add(copy(datagram));
            peers.add(peer);
        }

        @Override
        public void datagramReceived(SocketAddress peer, ByteBuffer datagram) {
            received.add(copy(datagram));
            peers.add(peer);
        }

        private static byte[] copy(ByteBuffer b) {
            assertTrue(b.isReadOnly(), "the listener gets a read-only view");
            byte[] out = new byte[b.remaining()];
            b.duplicate().get(out);
            return out;
        }
    }

    @Test
    void everyDatagramIsHeardByItsSenderAndItsReceiver() {
        Wire client = new Wire();
        Wire server = new Wire();
        Peers p = Peers.of(Peers.clientConfig().listener(client).build(), Peers.serverConfig().listener(server).build(),
                40011, 4443);
        p.link().dropRule((dir, index, data) -> dir == Direction.SERVER_TO_CLIENT && index == 0); // one lost
        p.handshake();

        assertEquals(EngineState.CONNECTED, p.client().state());
        assertEquals(p.link().sent(Direction.CLIENT_TO_SERVER), client.sent.size());
        assertEquals(p.link().sent(Direction.SERVER_TO_CLIENT), server.sent.size());
        assertEquals(client.sent.size(), server.received.size(), "nothing lost towards the server");
        assertEquals(server.sent.size() - 1, client.received.size(), "the lost datagram was never received");
        for (int i = 0; i < client.sent.size(); i++) {
            assertArrayEquals(client.sent.get(i), server.received.get(i));
        }
        for (int i = 1; i < server.sent.size(); i++) {
            assertArrayEquals(server.sent.get(i), client.received.get(i - 1));
        }
        assertTrue(client.peers.stream().allMatch(p.serverAddress()::equals), client.peers::toString);
        assertTrue(server.peers.stream().allMatch(p.clientAddress()::equals), server.peers::toString);
    }

    @Test
    void theCallerOwnedPollReportsTheSameBytes() {
        Wire client = new Wire();
        Peers p = Peers.of(Peers.clientConfig().listener(client).build(), Peers.serverConfig().build(), 40012, 4444);
        p.client().start(0);
        ByteBuffer dst = ByteBuffer.allocate(2048);
        dst.position(7); // the datagram lands after what the caller already has
        int n = p.client().pollDatagram(dst);
        byte[] polled = new byte[n];
        dst.flip().position(7);
        dst.get(polled);
        assertEquals(1, client.sent.size());
        assertArrayEquals(polled, client.sent.get(0));
    }
}
