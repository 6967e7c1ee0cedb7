package org.dtls4j.handshake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.TestPeers.Auth;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.sim.CookieServer;
import org.dtls4j.handshake.sim.SimulatedLink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Resumption, ALPN, SNI, the key log, close_notify and the application datagram limit. */
class FeaturesTest {
    private static final long MINUTE = 60_000_000_000L;

    private static SimulatedLink connect(DtlsEngine client, CookieServer server, long seed) {
        SimulatedLink link = new SimulatedLink(client, server, seed).start();
        link.driveHandshake(MINUTE, 10_000);
        assertEquals(EngineState.CONNECTED, client.state(), () -> "client: " + client.failure());
        assertEquals(EngineState.CONNECTED, server.state(), () -> "server: " + server.engine().failure());
        return link;
    }

    @ParameterizedTest
    @EnumSource(CipherSuite.class)
    void sessionResumesByIdAndCarriesTheIdentity(CipherSuite suite) {
        DtlsConfig serverConfig = TestPeers.server(suite, Auth.SERVER).build();
        DtlsConfig clientConfig = TestPeers.client(suite, Auth.SERVER).build();
        DtlsEngine first = DtlsEngine.client(clientConfig, new DeterministicRandom(1));
        CookieServer firstServer = new CookieServer(serverConfig, new DeterministicRandom(2));
        connect(first, firstServer, 1);
        assertFalse(first.negotiated().resumed());
        DtlsSession session = first.negotiated().session();
        assertEquals(32, session.sessionId().length, "the server issued a session ID");

        DtlsEngine second = DtlsEngine.client(clientConfig, new DeterministicRandom(3), session);
        CookieServer secondServer = new CookieServer(serverConfig, new DeterministicRandom(4));
        SimulatedLink link = connect(second, secondServer, 2);
        assertTrue(second.negotiated().resumed(), "client resumed");
        assertTrue(secondServer.engine().negotiated().resumed(), "server resumed");
        assertArrayEquals(session.sessionId(), second.negotiated().session().sessionId());
        assertEquals(first.negotiated().peerCertificates(), second.negotiated().peerCertificates());
        assertEquals(firstServer.engine().negotiated().pskIdentity(), secondServer.engine().negotiated().pskIdentity());
        second.send(new byte[] {1, 2, 3});
        link.collect();
        link.flush(100);
        assertArrayEquals(new byte[] {1, 2, 3}, bytes(secondServer.engine().pollApplicationData()));
    }

    @Test
    void unknownSessionFallsBackToAFullHandshake() {
        CipherSuite suite = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
        DtlsEngine first = DtlsEngine.client(TestPeers.client(suite, Auth.SERVER).build(), new DeterministicRandom(1));
        connect(first, new CookieServer(TestPeers.server(suite, Auth.SERVER).build(), new DeterministicRandom(2)), 1);
        // A different server (its own, empty session cache) does not know the session.
        DtlsEngine second = DtlsEngine.client(TestPeers.client(suite, Auth.SERVER).build(), new DeterministicRandom(3),
                first.negotiated().session());
        connect(second, new CookieServer(TestPeers.server(suite, Auth.SERVER).build(), new DeterministicRandom(4)), 2);
        assertFalse(second.negotiated().resumed());
    }

    @Test
    void alpnAndServerNameAreNegotiated() {
        CipherSuite suite = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
        DtlsEngine client = DtlsEngine.client(TestPeers.client(suite, Auth.SERVER).applicationProtocols("coap", "h3").build(),
                new DeterministicRandom(1));
        CookieServer server = new CookieServer(TestPeers.server(suite, Auth.SERVER).applicationProtocols("h3", "coap").build(),
                new DeterministicRandom(2));
        connect(client, server, 1);
        assertEquals("h3", client.negotiated().applicationProtocol().orElseThrow(), "server preference wins");
        assertEquals("h3", server.engine().negotiated().applicationProtocol().orElseThrow());
        assertEquals("localhost", server.engine().negotiated().serverName().orElseThrow());
    }

    @Test
    void noCommonApplicationProtocolFailsWithTheRfc7301Alert() {
        CipherSuite suite = CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256;
        DtlsEngine client = DtlsEngine.client(TestPeers.client(suite, Auth.SERVER).applicationProtocols("coap").build(),
                new DeterministicRandom(1));
        CookieServer server = new CookieServer(TestPeers.server(suite, Auth.SERVER).applicationProtocols("h3").build(),
                new DeterministicRandom(2));
        SimulatedLink link = new SimulatedLink(client, server, 1).start();
        link.driveHandshake(MINUTE, 10_000);
        link.flush(100); // deliver the server's fatal alert
        assertEquals(EngineState.FAILED, server.state());
        assertEquals(AlertDescription.NO_APPLICATION_PROTOCOL, server.engine().failure().alert());
        assertEquals(EngineState.FAILED, client.state());
        assertEquals(AlertDescription.NO_APPLICATION_PROTOCOL, client.failure().alert());
        assertTrue(client.failure().isReceivedFromPeer());
    }

    /**
     * With a wrong PSK the server cannot open the client's Finished (a silent BAD_MAC discard). The
     * client retransmits flight 5 on its timer; the server must not answer those with flight 4,
     * or the two sides bounce flights at wire speed (RFC 6347 §4.2.4 resends only on a repeat of
     * the flight our last flight answered). Regression: once 23,811 datagrams in 2 s. The second
     * undecryptable Finished of the client's own flight ends the handshake with bad_record_mac
     * (KeyMismatchWatch; this test asserted a DtlsTimeoutException before that existed).
     */
    @Test
    void wrongPskFailsWithoutARetransmissionStorm() {
        CipherSuite suite = CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256;
        DtlsEngine client = DtlsEngine.client(DtlsConfig.builder().cipherSuites(suite)
                .psk(TestPeers.PSK_IDENTITY, "not the right key".getBytes()).build(), new DeterministicRandom(1));
        CookieServer server = new CookieServer(TestPeers.server(suite, Auth.SERVER).build(), new DeterministicRandom(2));
        SimulatedLink link = new SimulatedLink(client, server, 1).start();
        link.driveHandshake(MINUTE, 10_000);
        link.flush(100); // deliver the server's fatal alert
        assertEquals(EngineState.FAILED, client.state());
        assertEquals(AlertDescription.BAD_RECORD_MAC, client.failure().alert(), () -> String.valueOf(client.failure()));
        assertTrue(client.failure().isReceivedFromPeer());
        int total = link.sent(SimulatedLink.Direction.CLIENT_TO_SERVER) + link.sent(SimulatedLink.Direction.SERVER_TO_CLIENT);
        assertTrue(total < 30, "datagrams exchanged over the whole 30 s deadline: " + total);
        assertTrue(server.engine().counters().recordDiscards().values().stream().mapToLong(Long::longValue).sum() > 0,
                "the server discarded the undecryptable Finished");
    }

    @Test
    void keyLogLinesMatchOnBothSides() {
        CipherSuite suite = CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256;
        List<String> clientLines = new ArrayList<>();
        List<String> serverLines = new ArrayList<>();
        DtlsEngine client = DtlsEngine.client(TestPeers.client(suite, Auth.SERVER).keyLogSink(clientLines::add).build(),
                new DeterministicRandom(1));
        CookieServer server = new CookieServer(TestPeers.server(suite, Auth.SERVER).keyLogSink(serverLines::add).build(),
                new DeterministicRandom(2));
        connect(client, server, 1);
        assertEquals(1, clientLines.size());
        assertEquals(clientLines, serverLines);
        String[] parts = clientLines.get(0).split(" ");
        assertEquals("CLIENT_RANDOM", parts[0]);
        assertEquals(64, parts[1].length());
        assertEquals(96, parts[2].length(), "48-byte master secret in hex");
        assertArrayEquals(client.clientRandom(), HexFormat.of().parseHex(parts[1]));
    }

    @Test
    void closeNotifyClosesBothSides() {
        CipherSuite suite = CipherSuite.TLS_PSK_WITH_AES_128_CCM_8;
        DtlsEngine client = DtlsEngine.client(TestPeers.client(suite, Auth.SERVER).build(), new DeterministicRandom(1));
        CookieServer server = new CookieServer(TestPeers.server(suite, Auth.SERVER).build(), new DeterministicRandom(2));
        SimulatedLink link = connect(client, server, 1);
        client.close();
        assertEquals(EngineState.CLOSED, client.state());
        link.collect();
        link.flush(100);
        assertEquals(EngineState.CLOSED, server.state());
        assertNull(server.engine().failure());
        assertThrows(IllegalStateException.class, () -> server.engine().send(new byte[1]));
    }

    @Test
    void applicationDatagramLimitIsExact() {
        CipherSuite suite = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384;
        DtlsEngine client = DtlsEngine.client(TestPeers.client(suite, Auth.SERVER).maxDatagramSize(500).build(), new DeterministicRandom(1));
        CookieServer server = new CookieServer(TestPeers.server(suite, Auth.SERVER).maxDatagramSize(500).build(), new DeterministicRandom(2));
        connect(client, server, 1);
        int max = client.maxApplicationDataSize();
        assertEquals(500 - 13 - 8 - 16, max, "datagram minus header, explicit nonce and tag");
        client.send(new byte[max]);
        ByteBufferAssert.fits(client.pollDatagram(), 500);
        assertThrows(IllegalArgumentException.class, () -> client.send(new byte[max + 1]));
    }

    private static byte[] bytes(java.nio.ByteBuffer b) {
        assertNotNull(b);
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /** Tiny assertion helper for datagram sizes. */
    static final class ByteBufferAssert {
        static void fits(java.nio.ByteBuffer b, int size) {
            assertNotNull(b);
            assertEquals(size, b.remaining(), "a maximal datagram fills the configured size exactly");
        }
    }
}
