package org.dtls4j.handshake.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.DeterministicRandom;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.TestPeers;
import org.dtls4j.handshake.TestPeers.Auth;
import org.dtls4j.record.Discard;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * A connected server engine handed over with {@code exportEstablished()}, through bytes, to a new
 * engine made by {@code restore}: the client goes on as if nothing happened, no (epoch, sequence
 * number) pair of the server's is ever used twice (the AEAD nonce, RFC 5288 §3), and a record the
 * old engine accepted is a replay to the new one (RFC 6347 §4.1.2.6).
 */
class EngineRestoreTest {
    private static final long SEED = 77;

    @ParameterizedTest
    @EnumSource(value = CipherSuite.class, names = {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"})
    void theClientGoesOnWithTheRestoredServerAndNoServerRecordNumberRepeats(CipherSuite suite) {
        EnginePair p = new EnginePair(suite, SEED, EnginePair.Api.ARRAYS).connect();
        Set<Long> serverRecords = new HashSet<>();
        exchange(p.client, p.server, 5, serverRecords);
        byte[] exported = p.server.exportKeyingMaterial("EXPERIMENTAL-restart", null, 32);

        byte[] bytes = p.server.exportEstablished().toBytes();
        assertEquals(EngineState.CLOSED, p.server.state());
        assertNull(p.server.pollDatagram(), "the handed-over engine sends nothing, not even close_notify");
        DtlsEngine restored = restore(suite, bytes);

        assertEquals(EngineState.CONNECTED, restored.state());
        assertEquals(p.server.negotiated().toString(), restored.negotiated().toString());
        assertArrayEquals(exported, restored.exportKeyingMaterial("EXPERIMENTAL-restart", null, 32));
        int before = serverRecords.size();
        exchange(p.client, restored, 5, serverRecords);
        assertEquals(before + 5, serverRecords.size(), "a server (epoch, sequence number) was used twice");
        assertEquals(EngineState.CONNECTED, p.client.state());
        assertEquals(0, p.client.counters().discardedRecords());
    }

    @Test
    void aRecordTheOldEngineAcceptedIsAReplayToTheNewOneButOneItNeverSawIsNot() {
        CipherSuite suite = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
        EnginePair p = new EnginePair(suite, SEED, EnginePair.Api.ARRAYS).connect();
        p.client.send(text("seen by the old server"));
        byte[] seen = p.take(p.client);
        p.client.send(text("held back"));
        byte[] heldBack = p.take(p.client);
        p.client.send(text("seen too"));
        byte[] seenToo = p.take(p.client);
        p.give(p.server, seen);
        p.give(p.server, seenToo);

        DtlsEngine restored = restore(suite, p.server.exportEstablished().toBytes());
        restored.receive(seen, 0, seen.length, EnginePair.CLIENT_ADDRESS, p.now() + 1);
        restored.receive(seenToo, 0, seenToo.length, EnginePair.CLIENT_ADDRESS, p.now() + 2);
        assertNull(restored.pollApplicationData(), "a replayed record was accepted");
        assertEquals(2, replays(restored));
        restored.receive(heldBack, 0, heldBack.length, EnginePair.CLIENT_ADDRESS, p.now() + 3);
        assertEquals("held back", StandardCharsets.UTF_8.decode(restored.pollApplicationData()).toString());
    }

    @Test
    void aConnectionIdConnectionKeepsItsIdsAndItsPeerAddress() {
        CipherSuite suite = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
        EnginePair p = new EnginePair(suite, SEED, EnginePair.Api.ARRAYS, 4).connect();
        EstablishedState state = EstablishedState.fromBytes(p.server.exportEstablished().toBytes());
        assertEquals(EnginePair.CLIENT_ADDRESS, state.peerAddress());
        DtlsEngine restored = DtlsEngine.restore(serverConfig(suite), new DeterministicRandom(SEED + 5), state, 1);
        assertEquals(p.server.negotiated().connectionIds(), restored.negotiated().connectionIds());
        assertEquals(EnginePair.CLIENT_ADDRESS, restored.peerAddress());
        exchange(p.client, restored, 3, new HashSet<>());
    }

    @Test
    void aRestoredConnectionCanBeHandedOverAgain() {
        CipherSuite suite = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
        EnginePair p = new EnginePair(suite, SEED, EnginePair.Api.ARRAYS).connect();
        Set<Long> serverRecords = new HashSet<>();
        DtlsEngine second = restore(suite, p.server.exportEstablished().toBytes());
        exchange(p.client, second, 2, serverRecords);
        assertArrayEquals(p.client.clientRandom(), second.clientRandom());
        DtlsEngine third = restore(suite, second.exportEstablished().toBytes());
        exchange(p.client, third, 2, serverRecords);
        assertEquals(4, serverRecords.size());
    }

    @Test
    void onlyAConnectedEngineHandsOver() {
        DtlsEngine client = DtlsEngine.client(TestPeers.client(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                Auth.SERVER).build(), new DeterministicRandom(SEED));
        assertThrows(IllegalStateException.class, client::exportEstablished);
        client.start(1);
        assertThrows(IllegalStateException.class, client::exportEstablished);
    }

    @Test
    void bytesOfAnotherVersionOrCutShortAreRefused() {
        EnginePair p = new EnginePair(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, SEED,
                EnginePair.Api.ARRAYS).connect();
        byte[] bytes = p.server.exportEstablished().toBytes();
        byte[] otherVersion = bytes.clone();
        otherVersion[0] = 2;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EstablishedState.fromBytes(otherVersion))
                .getMessage().contains("version 2"));
        assertThrows(IllegalArgumentException.class,
                () -> EstablishedState.fromBytes(Arrays.copyOf(bytes, bytes.length - 1)));
    }

    // ---------------------------------------------------------------------------------------------

    private static DtlsConfig serverConfig(CipherSuite suite) {
        return TestPeers.server(suite, Auth.SERVER).build();
    }

    private static DtlsEngine restore(CipherSuite suite, byte[] bytes) {
        return DtlsEngine.restore(serverConfig(suite), new DeterministicRandom(SEED + 9), EstablishedState.fromBytes(bytes),
                1_000);
    }

    /**
     * {@code n} datagrams each way, checked on arrival; every server record's (epoch, sequence
     * number) goes into {@code serverRecords}. One record per datagram: the epoch is at bytes 3-4
     * and the sequence number at 5-10, with or without a CID (RFC 6347 §4.1, RFC 9146 §4).
     */
    private static void exchange(DtlsEngine client, DtlsEngine server, int n, Set<Long> serverRecords) {
        for (int i = 0; i < n; i++) {
            client.send(text("up " + i));
            server.receive(poll(client), EnginePair.CLIENT_ADDRESS, 10 + i);
            assertEquals("up " + i, StandardCharsets.UTF_8.decode(server.pollApplicationData()).toString());
            server.send(text("down " + i));
            ByteBuffer d = poll(server);
            serverRecords.add(d.getLong(3)); // epoch (2 bytes) and sequence number (6)
            client.receive(d, EnginePair.SERVER_ADDRESS, 10 + i);
            assertEquals("down " + i, StandardCharsets.UTF_8.decode(client.pollApplicationData()).toString());
        }
    }

    private static ByteBuffer poll(DtlsEngine e) {
        List<ByteBuffer> all = new ArrayList<>();
        ByteBuffer d;
        while ((d = e.pollDatagram()) != null) {
            all.add(d);
        }
        assertEquals(1, all.size(), "one datagram expected");
        return all.get(0);
    }

    private static long replays(DtlsEngine e) {
        Object n = e.counters().recordDiscards().get(Discard.REPLAY);
        return n == null ? 0 : (Long) n;
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
