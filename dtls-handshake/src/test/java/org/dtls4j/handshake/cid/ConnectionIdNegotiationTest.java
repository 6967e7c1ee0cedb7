package org.dtls4j.handshake.cid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.ConnectionIdGenerator;
import org.dtls4j.handshake.ConnectionIds;
import org.dtls4j.handshake.DeterministicRandom;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.TestPeers;
import org.dtls4j.handshake.TestPeers.Auth;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.sim.CookieServer;
import org.dtls4j.handshake.sim.SimulatedLink;
import org.dtls4j.handshake.sim.SimulatedLink.Direction;
import org.dtls4j.record.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The connection_id extension between two dtls4j engines (RFC 9146 §3): who asks for which CID,
 * the zero-length CID, a peer without the extension, and the record format that follows from
 * each: tls12_cid(25) from the first record of epoch 1 towards a side that asked for a CID, the
 * RFC 6347 format otherwise, and never a CID in epoch 0.
 */
class ConnectionIdNegotiationTest {
    private static final long MINUTE = 60_000_000_000L;
    private static final int TLS12_CID = 25;

    @ParameterizedTest
    @EnumSource(CipherSuite.class)
    void bothSidesAskForACidAndEveryRecordAfterTheHellosCarriesIt(CipherSuite suite) {
        Pair p = connect(suite, 6, 4);
        ConnectionIds client = p.client.negotiated().connectionIds().orElseThrow();
        ConnectionIds server = p.server.engine().negotiated().connectionIds().orElseThrow();
        assertEquals(4, client.ours().length);
        assertEquals(6, server.ours().length);
        assertArrayEquals(client.ours(), server.peers(), "the server sends with the CID the client asked for");
        assertArrayEquals(server.ours(), client.peers(), "the client sends with the CID the server asked for");

        exchange(p, "ping", "pong");
        for (SimulatedLink.Transmission t : p.link.transmissions()) {
            int type = t.datagram()[0] & 0xFF;
            int epoch = (t.datagram()[3] & 0xFF) << 8 | (t.datagram()[4] & 0xFF);
            if (epoch == 0) {
                assertTrue(type != TLS12_CID, "no CID in epoch 0");
            } else {
                assertEquals(TLS12_CID, type, "every record of epoch 1 is a tls12_cid record");
            }
        }
    }

    @Test
    void aZeroLengthCidMeansPlainRecordsTowardsThatSide() {
        Pair p = connect(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8, 6, 0);
        ConnectionIds client = p.client.negotiated().connectionIds().orElseThrow();
        assertEquals(0, client.ours().length);
        assertEquals(6, client.peers().length);
        exchange(p, "up", "down");
        for (SimulatedLink.Transmission t : afterHandshake(p)) {
            int type = t.datagram()[0] & 0xFF;
            if (t.direction() == Direction.CLIENT_TO_SERVER) {
                assertEquals(TLS12_CID, type, "the client puts the server's CID into its records");
            } else {
                assertEquals(ContentType.APPLICATION_DATA.code(), type, "the server sends RFC 6347 records (RFC 9146 §3)");
            }
        }
    }

    @Test
    void aServerWithoutCidsLeavesTheExtensionOutAndNobodyUsesOne() {
        Pair p = connect(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, -1, 6);
        assertFalse(p.client.negotiated().connectionIds().isPresent());
        assertFalse(p.server.engine().negotiated().connectionIds().isPresent());
        exchange(p, "a", "b");
        assertTrue(afterHandshake(p).stream().noneMatch(t -> (t.datagram()[0] & 0xFF) == TLS12_CID));
    }

    @Test
    void aClientWithoutCidsGetsANormalSessionFromACidServer() {
        Pair p = connect(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, 6, -1);
        assertFalse(p.client.negotiated().connectionIds().isPresent());
        assertFalse(p.server.engine().negotiated().connectionIds().isPresent());
        exchange(p, "a", "b");
    }

    @Test
    void aGeneratorWithAPrefixPutsItFirst() {
        ConnectionIdGenerator g = ConnectionIdGenerator.withPrefix(new byte[] {7, 9}, 6, new DeterministicRandom(1));
        byte[] a = g.next();
        byte[] b = g.next();
        assertEquals(6, a.length);
        assertEquals(7, a[0]);
        assertEquals(9, a[1]);
        assertFalse(java.util.Arrays.equals(a, b));
    }

    record Pair(DtlsEngine client, CookieServer server, SimulatedLink link, int handshakeTransmissions) {
    }

    /** A handshake; a CID length of -1 leaves CIDs off on that side. */
    static Pair connect(CipherSuite suite, int serverCid, int clientCid) {
        DtlsConfig.Builder s = TestPeers.server(suite, Auth.SERVER);
        DtlsConfig.Builder c = TestPeers.client(suite, Auth.SERVER);
        if (serverCid >= 0) {
            s.connectionIds(ConnectionIdGenerator.random(serverCid, new DeterministicRandom(11)));
        }
        if (clientCid >= 0) {
            c.connectionIds(ConnectionIdGenerator.random(clientCid, new DeterministicRandom(12)));
        }
        DtlsEngine client = DtlsEngine.client(c.build(), new DeterministicRandom(1));
        CookieServer server = new CookieServer(s.build(), new DeterministicRandom(2));
        SimulatedLink link = new SimulatedLink(client, server, 3).start();
        link.driveHandshake(MINUTE, 10_000);
        assertEquals(EngineState.CONNECTED, client.state(), () -> "client: " + client.failure());
        assertEquals(EngineState.CONNECTED, server.state(), () -> "server: " + server.engine().failure());
        return new Pair(client, server, link, link.transmissions().size());
    }

    static void exchange(Pair p, String up, String down) {
        p.client.send(up.getBytes());
        p.link.collect();
        p.link.flush(100);
        assertEquals(up, text(p.server.engine().pollApplicationData()));
        p.server.engine().send(down.getBytes());
        p.link.collect();
        p.link.flush(100);
        assertEquals(down, text(p.client.pollApplicationData()));
    }

    static List<SimulatedLink.Transmission> afterHandshake(Pair p) {
        List<SimulatedLink.Transmission> all = p.link.transmissions();
        return all.subList(p.handshakeTransmissions, all.size());
    }

    private static String text(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return new String(a);
    }
}
