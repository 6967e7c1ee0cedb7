package org.dtls4j.handshake.adversarial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.DeterministicRandom;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.handshake.DtlsTimeoutException;
import org.dtls4j.handshake.TestPeers;
import org.dtls4j.handshake.TestPeers.Auth;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.sim.SimulatedLink;
import org.dtls4j.handshake.sim.SimulatedLink.Direction;
import org.dtls4j.record.Discard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A wrong pre-shared key fails the handshake fast and named, on both sides (KeyMismatchWatch):
 * the peer's Finished that fails authentication twice, in datagrams of its own flight, is a key
 * mismatch; garbage of an off-path attacker in datagrams of its own never is (RFC 6347 §4.1.2.7).
 */
class KeyMismatchTest {
    private static final long SECOND = 1_000_000_000L;
    private static final byte[] WRONG_KEY = "fedcba9876543210".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest
    @EnumSource(value = CipherSuite.class, names = {"TLS_PSK_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256", "TLS_PSK_WITH_AES_128_CCM_8"})
    void wrongPskFailsWithinThreeSecondsOnBothSidesAndSaysWhy(CipherSuite suite) {
        DtlsConfig clientConfig = DtlsConfig.builder().cipherSuites(suite).psk(TestPeers.PSK_IDENTITY, WRONG_KEY).build();
        DtlsEngine client = DtlsEngine.client(clientConfig, new DeterministicRandom(1));
        DtlsEngine server = DtlsEngine.serverWithoutCookie(TestPeers.server(suite, Auth.SERVER).build(), new DeterministicRandom(2));
        SimulatedLink link = new SimulatedLink(client, server, 3).start();

        link.driveHandshake(60 * SECOND, 1000);
        link.flush(100); // the server's alert reaches the client

        assertTrue(link.now() < 3 * SECOND, "failed only after " + link.now() / 1_000_000 + " ms");
        assertEquals(EngineState.FAILED, server.state());
        DtlsException s = server.failure();
        assertFalse(s instanceof DtlsTimeoutException, s::toString);
        assertFalse(s.isReceivedFromPeer());
        assertEquals(AlertDescription.BAD_RECORD_MAC, s.alert());
        assertTrue(s.getMessage().contains("pre-shared key for PSK identity 'client1'"), s::getMessage);
        assertEquals(2, server.counters().recordDiscards().get(Discard.BAD_MAC));

        assertEquals(EngineState.FAILED, client.state());
        DtlsException c = client.failure();
        assertTrue(c.isReceivedFromPeer(), c::toString);
        assertEquals(AlertDescription.BAD_RECORD_MAC, c.alert());
        assertTrue(c.getMessage().contains("pre-shared key for PSK identity 'client1'"), c::getMessage);
    }

    /**
     * A server that drops the client's undecryptable Finished without a word, as OpenSSL's does,
     * and never alerts (here: its alert is lost): the client cannot prove the mismatch, so it
     * waits for its handshake timeout, but the timeout's message names the likely cause.
     */
    @Test
    void aSilentServerLeavesTheClientATimeoutThatNamesTheLikelyCause() {
        CipherSuite suite = CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256;
        DtlsConfig clientConfig = DtlsConfig.builder().cipherSuites(suite).psk(TestPeers.PSK_IDENTITY, WRONG_KEY).build();
        DtlsEngine client = DtlsEngine.client(clientConfig, new DeterministicRandom(1));
        DtlsEngine server = DtlsEngine.serverWithoutCookie(TestPeers.server(suite, Auth.SERVER).build(), new DeterministicRandom(2));
        SimulatedLink link = new SimulatedLink(client, server, 3)
                .dropRule((direction, index, datagram) -> direction == Direction.SERVER_TO_CLIENT && datagram[0] == 21)
                .start();

        link.driveHandshake(120 * SECOND, 10_000);
        assertEquals(EngineState.FAILED, server.state()); // it knows, but says nothing the client hears
        for (int i = 0; i < 100 && client.state() == EngineState.HANDSHAKING; i++) {
            client.onDeadline(client.nextDeadlineNanos()); // the client retransmits into the silence
            while (client.pollDatagram() != null) {
                // lost
            }
        }

        assertEquals(EngineState.FAILED, client.state());
        DtlsException c = client.failure();
        assertTrue(c instanceof DtlsTimeoutException, c::toString);
        assertTrue(c.getMessage().contains("our Finished went out"), c::getMessage);
        assertTrue(c.getMessage().contains("pre-shared key for PSK identity 'client1'"), c::getMessage);
        assertTrue(client.stallHint().isEmpty(), "a failed engine has nothing more to say");
    }

    /** A handshake that merely lost our first flight has nothing to hint at. */
    @Test
    void noHintBeforeOurFinishedWasSentAgain() {
        CipherSuite suite = CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256;
        DtlsEngine client = DtlsEngine.client(TestPeers.client(suite, Auth.SERVER).build(), new DeterministicRandom(1));
        client.start(0);
        client.onDeadline(2 * SECOND); // the ClientHello again
        assertTrue(client.stallHint().isEmpty());
    }

    /**
     * An off-path attacker sends both sides epoch-1 records that cannot authenticate, in datagrams
     * of its own, all through the handshake, and the client's first flight 5 is lost, so that the
     * server waits longer for it. The garbage never travels with the client's messages: the
     * handshake completes.
     */
    @Test
    void garbageEpochOneRecordsOfAnAttackerDoNotFailAGoodHandshake() {
        CipherSuite suite = CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256;
        DtlsEngine client = DtlsEngine.client(TestPeers.client(suite, Auth.SERVER).build(), new DeterministicRandom(1));
        DtlsEngine server = DtlsEngine.serverWithoutCookie(TestPeers.server(suite, Auth.SERVER).build(), new DeterministicRandom(2));
        Random attacker = new Random(9);
        SimulatedLink link = new SimulatedLink(client, server, 3);
        int[] injected = {0};
        long[] seq = {0};
        link.afterDelivery(d -> {
            if (injected[0] >= 60) {
                return;
            }
            for (Direction to : Direction.values()) {
                injected[0]++;
                byte[] junk = new byte[40];
                attacker.nextBytes(junk);
                link.send(to, Wire.datagram(List.of(
                        Wire.record(Wire.HANDSHAKE, Wire.DTLS_1_2, 1, seq[0]++, junk),
                        Wire.record(Wire.HANDSHAKE, Wire.DTLS_1_2, 1, seq[0]++, Arrays.copyOf(junk, 24)))));
            }
        });
        // The client's flight 5 (its second datagram) is lost once.
        link.dropRule((dir, index, data) -> dir == Direction.CLIENT_TO_SERVER && index == 1 && data[0] == Wire.HANDSHAKE);
        link.start();

        link.driveHandshake(60 * SECOND, 2000);

        assertEquals(EngineState.CONNECTED, client.state(), () -> "client: " + client.failure());
        assertEquals(EngineState.CONNECTED, server.state(), () -> "server: " + server.failure());
        long badMacs = server.counters().recordDiscards().get(Discard.BAD_MAC)
                + client.counters().recordDiscards().get(Discard.BAD_MAC);
        assertTrue(badMacs > 2, "the attacker's records reached the record layer: " + badMacs);
    }

    /**
     * OpenSSL packs its first flight 5 into one datagram but retransmits it one record per
     * datagram: the retransmission's Finished comes after its ClientKeyExchange, not with it.
     */
    @Test
    void aRetransmissionSentOneRecordPerDatagramStillFailsFast() {
        CipherSuite suite = CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256;
        DtlsConfig clientConfig = DtlsConfig.builder().cipherSuites(suite).psk(TestPeers.PSK_IDENTITY, WRONG_KEY).build();
        DtlsEngine client = DtlsEngine.client(clientConfig, new DeterministicRandom(1));
        DtlsEngine server = DtlsEngine.serverWithoutCookie(TestPeers.server(suite, Auth.SERVER).build(), new DeterministicRandom(2));
        SimulatedLink link = new SimulatedLink(client, server, 3)
                .rewriter((dir, flight, datagrams) -> dir == Direction.CLIENT_TO_SERVER && flight >= 2
                        ? Wire.records(datagrams).stream().map(Wire.Rec::bytes).toList() : datagrams)
                .start();

        link.driveHandshake(60 * SECOND, 1000);
        link.flush(100);

        assertTrue(link.now() < 3 * SECOND, "failed only after " + link.now() / 1_000_000 + " ms");
        assertEquals(AlertDescription.BAD_RECORD_MAC, server.failure().alert(), () -> String.valueOf(server.failure()));
        assertEquals(AlertDescription.BAD_RECORD_MAC, client.failure().alert(), () -> String.valueOf(client.failure()));
    }

    /**
     * A client that sends every record in a datagram of its own, with the right key, while an
     * attacker's bad epoch-1 records arrive between them and the client's first Finished is lost:
     * the attacker's records can follow the client's messages, but none of the client's own
     * records fails, so the handshake completes.
     */
    @Test
    void garbageBetweenTheRecordsOfASplitFlightDoesNotFailAGoodHandshake() {
        CipherSuite suite = CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256;
        DtlsEngine client = DtlsEngine.client(TestPeers.client(suite, Auth.SERVER).build(), new DeterministicRandom(1));
        DtlsEngine server = DtlsEngine.serverWithoutCookie(TestPeers.server(suite, Auth.SERVER).build(), new DeterministicRandom(2));
        Random attacker = new Random(11);
        long[] seq = {100};
        int[] finishedSent = {0};
        SimulatedLink link = new SimulatedLink(client, server, 3);
        link.rewriter((dir, flight, datagrams) -> {
            if (dir != Direction.CLIENT_TO_SERVER) {
                return datagrams;
            }
            List<byte[]> out = new java.util.ArrayList<>();
            for (Wire.Rec r : Wire.records(datagrams)) {
                if (r.epoch() == 1 && r.type() == Wire.HANDSHAKE && finishedSent[0]++ == 0) {
                    // the client's first Finished is lost
                } else {
                    out.add(r.bytes());
                }
                byte[] junk = new byte[40];
                attacker.nextBytes(junk);
                out.add(Wire.record(Wire.HANDSHAKE, Wire.DTLS_1_2, 1, seq[0]++, junk));
            }
            return out;
        });
        link.start();

        link.driveHandshake(60 * SECOND, 2000);

        assertEquals(EngineState.CONNECTED, server.state(), () -> "server: " + server.failure());
        assertEquals(EngineState.CONNECTED, client.state(), () -> "client: " + client.failure());
        assertTrue(server.counters().recordDiscards().get(Discard.BAD_MAC) >= 2, server.counters()::toString);
    }
}
