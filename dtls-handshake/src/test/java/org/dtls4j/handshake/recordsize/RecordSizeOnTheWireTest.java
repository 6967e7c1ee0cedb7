package org.dtls4j.handshake.recordsize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.DeterministicRandom;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.TestPeers;
import org.dtls4j.handshake.TestPeers.Auth;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.sim.CookieServer;
import org.dtls4j.handshake.sim.SimulatedLink;
import org.dtls4j.handshake.sim.SimulatedLink.Direction;
import org.dtls4j.handshake.sim.SimulatedLink.Transmission;
import org.junit.jupiter.api.Test;

/**
 * Two engines agree on max_fragment_length (RFC 6066 §4) or record_size_limit (RFC 8449 §4), and
 * every record each sends is read back off the simulated link: its plaintext is within the limit
 * where the RFC says the limit applies, handshake fragments included. The AES-GCM suites make the
 * plaintext length of a protected record exact: the fragment less the 8-byte nonce and 16-byte tag.
 */
class RecordSizeOnTheWireTest {
    private static final CipherSuite RSA = CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256;
    private static final CipherSuite ECDSA = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
    private static final int AES_GCM_EXPANSION = 8 + 16;

    /** One record as seen on the link. */
    record Rec(Direction direction, int type, int epoch, int plaintextLength) {
    }

    /** Client and server through the cookie exchange, the handshake driven to completion. */
    private record Pair(DtlsEngine client, DtlsEngine server, SimulatedLink link) {
        List<Rec> records() {
            List<Rec> out = new ArrayList<>();
            for (Transmission t : link.transmissions()) {
                byte[] d = t.datagram();
                for (int pos = 0; pos + 13 <= d.length; ) {
                    int epoch = (d[pos + 3] & 0xFF) << 8 | (d[pos + 4] & 0xFF);
                    int length = (d[pos + 11] & 0xFF) << 8 | (d[pos + 12] & 0xFF);
                    out.add(new Rec(t.direction(), d[pos] & 0xFF, epoch, epoch == 0 ? length : length - AES_GCM_EXPANSION));
                    pos += 13 + length;
                }
            }
            return out;
        }

        int largest(Direction direction, int minEpoch) {
            return records().stream().filter(r -> r.direction() == direction && r.epoch() >= minEpoch)
                    .mapToInt(Rec::plaintextLength).max().orElse(0);
        }
    }

    private static Pair connect(CipherSuite suite, UnaryOperator<DtlsConfig.Builder> client,
                                UnaryOperator<DtlsConfig.Builder> server) {
        DtlsEngine c = DtlsEngine.client(client.apply(TestPeers.client(suite, Auth.MUTUAL)).build(), new DeterministicRandom(1));
        CookieServer s = new CookieServer(server.apply(TestPeers.server(suite, Auth.MUTUAL)).build(), new DeterministicRandom(2));
        SimulatedLink link = new SimulatedLink(c, s, 7).start();
        link.driveHandshake(30_000_000_000L, 2000);
        assertEquals(EngineState.CONNECTED, c.state(), () -> "client: " + c.failure());
        assertEquals(EngineState.CONNECTED, s.engine().state(), () -> "server: " + s.engine().failure());
        return new Pair(c, s.engine(), link);
    }

    /**
     * RFC 6066 §4: once agreed, both sides "MUST immediately begin fragmenting messages (including
     * handshake messages)". The server's certificate flight (an RSA chain of two, over 1,500 bytes)
     * goes out in fragments of 512 bytes; so does the client's; the ClientHellos before the
     * agreement are the only records not covered.
     */
    @Test
    void maxFragmentLengthCutsEveryRecordFromTheServerHelloOn() {
        Pair p = connect(RSA, b -> b.maxFragmentLength(512), b -> b);
        assertEquals(512, p.largest(Direction.SERVER_TO_CLIENT, 0), "the server's certificate fragments fill 512 exactly");
        assertTrue(p.largest(Direction.CLIENT_TO_SERVER, 1) <= 512);
        // a constrained client sizes its receive buffer by the limit: no datagram holds more than one full record
        assertTrue(p.link().largestDatagram() <= 13 + 512 + AES_GCM_EXPANSION, "largest datagram " + p.link().largestDatagram());
        List<Rec> clientFlight5 = p.records().stream()
                .filter(r -> r.direction() == Direction.CLIENT_TO_SERVER && r.type() == 22 && r.epoch() == 0)
                .toList();
        assertTrue(clientFlight5.stream().allMatch(r -> r.plaintextLength() <= 512), clientFlight5.toString());
        assertEquals(512, p.client().maxApplicationDataSize());
        assertEquals(512, p.server().maxApplicationDataSize());
        roundTrip(p.client(), p.server(), 512);
        roundTrip(p.server(), p.client(), 512);
        assertThrows(IllegalArgumentException.class, () -> p.client().send(new byte[513]));
        assertThrows(IllegalArgumentException.class, () -> p.server().send(new byte[513]));
        assertNull(p.client().pollDatagram());
        assertNull(p.server().pollDatagram());
    }

    /**
     * RFC 8449 §4: each side's limit bounds what the other sends, and only protected records ("the
     * limits that were set in the handshake that produces the keys that are used to protect those
     * records"): the server's epoch-0 certificate fragments are larger than the client's 256, its
     * Finished and application data are not.
     */
    @Test
    void recordSizeLimitAppliesToProtectedRecordsTowardsItsSender() {
        Pair p = connect(ECDSA, b -> b.recordSizeLimit(256), b -> b.recordSizeLimit(1024));
        assertTrue(p.largest(Direction.SERVER_TO_CLIENT, 0) > 256, "epoch 0 is not limited");
        assertEquals(256, p.server().maxApplicationDataSize());
        assertEquals(1024, p.client().maxApplicationDataSize());
        roundTrip(p.server(), p.client(), 256);
        roundTrip(p.client(), p.server(), 1024);
        assertThrows(IllegalArgumentException.class, () -> p.server().send(new byte[257]));
        assertThrows(IllegalArgumentException.class, () -> p.client().send(new byte[1025]));
        assertTrue(p.largest(Direction.SERVER_TO_CLIENT, 1) <= 256);
        assertTrue(p.largest(Direction.CLIENT_TO_SERVER, 1) <= 1024);
    }

    /** RFC 8449 §5: with both offered, record_size_limit is what the server uses. */
    @Test
    void recordSizeLimitWinsOverMaxFragmentLength() {
        Pair p = connect(ECDSA, b -> b.maxFragmentLength(512).recordSizeLimit(300), b -> b);
        assertEquals(300, p.server().maxApplicationDataSize(), "the client's record_size_limit, not 512");
        assertEquals(1400 - 13 - AES_GCM_EXPANSION, p.client().maxApplicationDataSize(), "the server's 2^14: the datagram rules");
    }

    /** The smaller of the datagram budget and the limit cuts a fragment: at 300-byte datagrams, the datagram. */
    @Test
    void theDatagramSizeStillRulesWhenItIsSmaller() {
        Pair p = connect(RSA, b -> b.maxFragmentLength(1024).maxDatagramSize(300), b -> b.maxDatagramSize(300));
        assertTrue(p.link().largestDatagram() <= 300, "largest datagram " + p.link().largestDatagram());
        assertEquals(300 - 13 - AES_GCM_EXPANSION, p.client().maxApplicationDataSize());
    }

    /** The limit counts plaintext, not the CBC expansion (RFC 8449 §4); CBC records use the fewest padding bytes. */
    @Test
    void aCbcSuiteCountsThePlaintextOnly() {
        CipherSuite cbc = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256;
        Pair p = connect(cbc, b -> b.recordSizeLimit(300), b -> b);
        assertEquals(300, p.server().maxApplicationDataSize());
        roundTrip(p.server(), p.client(), 300);
    }

    /**
     * The largest CBC payload in a datagram is exact: IV, MAC and the fewest padding bytes. At 1,400
     * bytes and encrypt-then-MAC with HMAC-SHA256 that is 1,327 bytes: 1,387 bytes after the header
     * leave 1,339 after IV (16) and MAC (32), so 83 whole blocks (1,328 bytes) hold the data and the
     * padding_length byte, a 1,389-byte datagram; one byte more needs another block (1,405).
     * Counting a whole block of padding gave 1,323.
     */
    @Test
    void theCbcPayloadLimitIsExact() {
        CipherSuite cbc = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256;
        Pair p = connect(cbc, b -> b, b -> b);
        assertEquals(1327, p.client().maxApplicationDataSize());
        p.client().send(new byte[1327]);
        ByteBuffer d = p.client().pollDatagram();
        assertEquals(1389, d.remaining(), "13 + 16 + 1328 + 32");
        assertThrows(IllegalArgumentException.class, () -> p.client().send(new byte[1328]));
    }

    /** An abbreviated handshake negotiates again and keeps the same limit. */
    @Test
    void aResumedSessionKeepsToTheLimitAgain() {
        DtlsConfig clientConfig = TestPeers.client(ECDSA, Auth.SERVER).maxFragmentLength(1024).build();
        DtlsConfig serverConfig = TestPeers.server(ECDSA, Auth.SERVER).build();
        DtlsEngine first = DtlsEngine.client(clientConfig, new DeterministicRandom(1));
        DtlsEngine server = DtlsEngine.serverWithoutCookie(serverConfig, new DeterministicRandom(2));
        new SimulatedLink(first, server, 1).start().driveHandshake(10_000_000_000L, 1000);
        DtlsEngine again = DtlsEngine.client(clientConfig, new DeterministicRandom(3), first.negotiated().session());
        DtlsEngine server2 = DtlsEngine.serverWithoutCookie(serverConfig, new DeterministicRandom(4));
        new SimulatedLink(again, server2, 2).start().driveHandshake(10_000_000_000L, 1000);
        assertTrue(again.negotiated().resumed());
        assertEquals(1024, again.maxApplicationDataSize());
        assertEquals(1024, server2.maxApplicationDataSize());
    }

    private static void roundTrip(DtlsEngine from, DtlsEngine to, int length) {
        byte[] data = new byte[length];
        new java.util.Random(length).nextBytes(data);
        from.send(data);
        ByteBuffer d = from.pollDatagram();
        byte[] copy = new byte[d.remaining()];
        d.get(copy);
        to.receive(copy, 0);
        ByteBuffer got = to.pollApplicationData();
        byte[] out = new byte[got.remaining()];
        got.get(out);
        assertArrayEquals(data, out);
    }
}
