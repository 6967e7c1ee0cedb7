package org.dtls4j.handshake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.AEADBadTagException;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.TestPeers.Auth;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.sim.CookieServer;
import org.dtls4j.handshake.sim.SimulatedLink;
import org.junit.jupiter.api.Test;

/** A client session written to bytes and read back resumes; a server's session store is pluggable. */
class SessionPersistenceTest {
    private static final long MINUTE = 60_000_000_000L;
    private static final CipherSuite SUITE = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
    private static final SecretKey KEY = new SecretKeySpec(new byte[32], "AES");

    private static DtlsEngine connect(DtlsConfig clientConfig, DtlsSession offered, DtlsConfig serverConfig, long seed) {
        DtlsEngine client = DtlsEngine.client(clientConfig, new DeterministicRandom(seed), offered);
        CookieServer server = new CookieServer(serverConfig, new DeterministicRandom(seed + 1));
        SimulatedLink link = new SimulatedLink(client, server, seed).start();
        link.driveHandshake(MINUTE, 10_000);
        link.flush(100);
        assertEquals(EngineState.CONNECTED, client.state(), () -> "client: " + client.failure());
        return client;
    }

    @Test
    void aSessionReadBackFromBytesResumes() throws GeneralSecurityException {
        DtlsConfig server = TestPeers.server(SUITE, Auth.SERVER).build();
        DtlsConfig client = TestPeers.client(SUITE, Auth.SERVER).build();
        DtlsSession session = connect(client, null, server, 1).negotiated().session();
        byte[] bytes = session.toBytes(KEY, new DeterministicRandom(5));
        DtlsSession back = DtlsSession.fromBytes(bytes, KEY);
        assertArrayEquals(session.sessionId(), back.sessionId());
        assertArrayEquals(session.masterSecret(), back.masterSecret());
        assertEquals(session.peerCertificates(), back.peerCertificates());
        assertEquals(session.serverName(), back.serverName());
        assertTrue(connect(client, back, server, 2).negotiated().resumed(), "resumed from the bytes");
    }

    @Test
    void aSessionWithATicketKeepsItAndAPskIdentityTravels() throws GeneralSecurityException {
        DtlsSession s = new DtlsSession(new byte[0], CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256, new byte[48], true,
                java.util.List.of(), "client1".getBytes(), null).withTicket(new byte[] {9, 8, 7}, 3600, new byte[32]);
        DtlsSession back = DtlsSession.fromBytes(s.toBytes(KEY, new DeterministicRandom(1)), KEY);
        assertArrayEquals(new byte[] {9, 8, 7}, back.ticket().orElseThrow());
        assertEquals(3600, back.ticketLifetimeHint());
        assertArrayEquals("client1".getBytes(), back.pskIdentity());
        assertArrayEquals(new byte[32], back.sessionId());
    }

    @Test
    void changedBytesAnotherKeyAndAnotherVersionAreRefused() throws GeneralSecurityException {
        DtlsSession s = new DtlsSession(new byte[32], SUITE, new byte[48], true, java.util.List.of(), null, "example.org");
        byte[] bytes = s.toBytes(KEY, new DeterministicRandom(1));
        for (int i = 0; i < bytes.length; i++) {
            byte[] b = bytes.clone();
            b[i] ^= 1;
            assertThrows(GeneralSecurityException.class, () -> DtlsSession.fromBytes(b, KEY), "byte " + i);
        }
        SecretKey other = new SecretKeySpec(new byte[16], "AES");
        assertThrows(AEADBadTagException.class, () -> DtlsSession.fromBytes(bytes, other));
        byte[] v2 = bytes.clone();
        v2[4] = 2;
        GeneralSecurityException e = assertThrows(GeneralSecurityException.class, () -> DtlsSession.fromBytes(v2, KEY));
        assertTrue(e.getMessage().contains("version 2"), e.getMessage());
        assertThrows(GeneralSecurityException.class, () -> DtlsSession.fromBytes(java.util.Arrays.copyOf(bytes, 20), KEY));
    }

    /** Two servers that share a store (a stand-in for a shared database) resume each other's sessions by ID. */
    @Test
    void aSharedSessionStoreResumesAcrossServers() {
        Map<ByteBuffer, DtlsSession> shared = new ConcurrentHashMap<>();
        SessionStore store = new SessionStore() {
            public void put(DtlsSession s) { shared.put(ByteBuffer.wrap(s.sessionId()), s); }
            public DtlsSession get(byte[] id) { return shared.get(ByteBuffer.wrap(id)); }
            public void remove(byte[] id) { shared.remove(ByteBuffer.wrap(id)); }
        };
        DtlsConfig client = TestPeers.client(SUITE, Auth.SERVER).build();
        DtlsSession session = connect(client, null, TestPeers.server(SUITE, Auth.SERVER).sessionStore(store).build(), 1)
                .negotiated().session();
        assertEquals(1, shared.size());
        DtlsEngine second = connect(client, session, TestPeers.server(SUITE, Auth.SERVER).sessionStore(store).build(), 2);
        assertTrue(second.negotiated().resumed());
    }
}
