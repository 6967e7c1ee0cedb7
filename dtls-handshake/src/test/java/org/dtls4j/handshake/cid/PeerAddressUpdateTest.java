package org.dtls4j.handshake.cid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.cid.ConnectionIdNegotiationTest.Pair;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.record.Discard;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 9146 §6 on the engine, with no socket: "the receiver MUST NOT update the peer's address
 * unless the datagram is authenticated and is newer than the newest datagram received". An
 * on-path attacker who replays, forges or holds back records and sends them from elsewhere never
 * moves the association; the peer that really moved does, with its next record.
 */
class PeerAddressUpdateTest {
    private static final InetSocketAddress HOME = new InetSocketAddress("127.0.0.1", 40000);
    private static final InetSocketAddress ROAMED = new InetSocketAddress("127.0.0.2", 40001);
    private static final InetSocketAddress ATTACKER = new InetSocketAddress("127.0.0.3", 666);

    private Pair pair;
    private DtlsEngine server;
    private long now;

    @BeforeEach
    void connect() {
        pair = ConnectionIdNegotiationTest.connect(CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256, 6, 0);
        server = pair.server().engine();
        now = pair.link().now();
        deliver(fromClient("hello"), HOME);
        assertEquals(HOME, server.peerAddress());
        assertEquals("hello", polled());
    }

    @Test
    void theNextGenuineRecordFromANewAddressMovesThePeer() {
        deliver(fromClient("from the new network"), ROAMED);
        assertEquals(ROAMED, server.peerAddress());
        assertEquals(1, server.counters().addressUpdates());
        assertEquals("from the new network", polled());
    }

    @Test
    void anEventLoopReadsTheCidOfADatagramWithoutParsingIt() {
        byte[] d = fromClient("route me");
        byte[] ours = server.negotiated().connectionIds().orElseThrow().ours();
        org.junit.jupiter.api.Assertions.assertArrayEquals(ours, DtlsEngine.connectionIdOf(d, 0, d.length, ours.length));
        assertNull(DtlsEngine.connectionIdOf(new byte[] {22, (byte) 0xFE, (byte) 0xFD}, 0, 3, ours.length));
    }

    @Test
    void aReplayedRecordFromAnotherAddressMovesNothing() {
        byte[] old = fromClient("seen before");
        deliver(old, HOME);
        deliver(old, ATTACKER);
        assertEquals(HOME, server.peerAddress());
        assertEquals(1, server.counters().addressUpdatesRefused());
        assertEquals(0, server.counters().addressUpdates());
    }

    @Test
    void aHeldBackGenuineRecordIsDeliveredButMovesNothing() {
        byte[] heldBack = fromClient("older");
        deliver(fromClient("newer"), HOME);
        deliver(heldBack, ATTACKER); // authenticated, not a replay, but older than the newest
        assertEquals(HOME, server.peerAddress());
        assertEquals(1, server.counters().addressUpdatesRefused());
    }

    @Test
    void aForgedRecordIsDiscardedCountedAndMovesNothing() {
        byte[] forged = fromClient("tampered");
        forged[forged.length - 1] ^= 1;
        long discards = server.counters().discardedRecords();
        deliver(forged, ATTACKER);
        assertEquals(HOME, server.peerAddress());
        assertEquals(discards + 1, server.counters().discardedRecords());
        assertNull(server.pollApplicationData());
    }

    @Test
    void aRecordWithAnotherCidIsDiscardedAsAMismatch() {
        byte[] other = fromClient("someone else's");
        other[11] ^= 0x5A; // the first byte of the CID, right after the 11-byte start of the header
        deliver(other, ATTACKER);
        assertEquals(HOME, server.peerAddress());
        assertEquals(1L, server.counters().recordDiscards().get(Discard.CID_MISMATCH));
    }

    @Test
    void aCidRecordInEpochZeroIsDiscarded() {
        byte[] epochZero = fromClient("epoch 0?");
        epochZero[3] = 0;
        epochZero[4] = 0;
        long discards = server.counters().discardedRecords();
        deliver(epochZero, ATTACKER);
        assertEquals(discards + 1, server.counters().discardedRecords());
        assertEquals(HOME, server.peerAddress());
        assertEquals(EngineState.CONNECTED, server.state());
    }

    /**
     * For any interleaving of the client's records, first deliveries and replays, from three
     * addresses, the peer's address in the end is the source of the first delivery of the newest
     * record that was delivered.
     */
    @Property(tries = 60)
    void theAddressIsWhereTheNewestAuthenticatedRecordCameFrom(@ForAll("schedules") List<Delivery> schedule) {
        connect();
        InetSocketAddress[] sources = {HOME, ROAMED, ATTACKER};
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            records.add(fromClient("record " + i));
        }
        boolean[] delivered = new boolean[records.size()];
        int newest = -1;
        InetSocketAddress expected = HOME;
        for (Delivery d : schedule) {
            InetSocketAddress from = sources[d.source()];
            deliver(records.get(d.record()), from);
            if (!delivered[d.record()]) {
                delivered[d.record()] = true;
                if (d.record() > newest) {
                    newest = d.record();
                    expected = from;
                }
            }
        }
        assertEquals(expected, server.peerAddress(), () -> "schedule " + schedule);
    }

    record Delivery(int record, int source) {
    }

    @Provide
    Arbitrary<List<Delivery>> schedules() {
        Arbitrary<Delivery> one = Combinators.combine(Arbitraries.integers().between(0, 11),
                Arbitraries.integers().between(0, 2)).as(Delivery::new);
        return one.list().ofMinSize(1).ofMaxSize(30);
    }

    private byte[] fromClient(String text) {
        pair.client().send(text.getBytes());
        ByteBuffer b = pair.client().pollDatagram();
        assertTrue(b != null && pair.client().pollDatagram() == null, "one datagram per send");
        byte[] d = new byte[b.remaining()];
        b.get(d);
        return d;
    }

    private void deliver(byte[] datagram, InetSocketAddress from) {
        now += 1_000_000;
        server.receive(datagram, 0, datagram.length, from, now);
    }

    private String polled() {
        String last = null;
        ByteBuffer b;
        while ((b = server.pollApplicationData()) != null) {
            byte[] a = new byte[b.remaining()];
            b.get(a);
            last = new String(a);
        }
        return last;
    }
}
