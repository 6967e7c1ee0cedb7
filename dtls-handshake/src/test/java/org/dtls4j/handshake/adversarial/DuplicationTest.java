package org.dtls4j.handshake.adversarial;

import static org.dtls4j.handshake.adversarial.Association.MILLI;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.TestPeers.Auth;
import org.dtls4j.record.Discard;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Family 2: the network duplicates every datagram, both ways, for the whole life of the
 * association. The handshake completes, and each application datagram reaches the application
 * exactly once: the copy is stopped by the replay window (RFC 6347 §4.1.2.6: "Duplicate records
 * are rejected through the use of a sliding receive window").
 */
class DuplicationTest {
    private static final int BURSTS = 8;
    /** Datagrams per burst and direction: with their copies, well inside the 64-record window. */
    private static final int PER_BURST = 24;

    /** The link's impairment on top of duplicating everything. */
    enum Shape {
        /** Each copy right behind its original. */
        IN_ORDER,
        /** Copies and originals shuffled by up to 50 ms of extra delay. */
        REORDERED
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void everyDatagramTwiceBothWaysDeliversEachApplicationDatagramOnce(Shape shape) {
        for (CipherSuite suite : List.of(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8,
                CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256)) {
            Association a = Association.full(suite, Auth.SERVER, 21);
            a.link.duplication(1.0);
            if (shape == Shape.REORDERED) {
                a.link.reorder(50 * MILLI);
            }
            a.handshake();
            String context = suite + " " + shape;
            a.assertConnected(context);
            DtlsEngine server = a.serverEngine();

            List<String> toServer = new ArrayList<>();
            List<String> toClient = new ArrayList<>();
            for (int burst = 0; burst < BURSTS; burst++) {
                for (int i = 0; i < PER_BURST; i++) {
                    toServer.add(send(a.client, "c" + burst + "." + i));
                    toClient.add(send(server, "s" + burst + "." + i));
                }
                a.link.collect();
                a.link.flush(10_000);
            }
            List<String> atServer = drain(server);
            List<String> atClient = drain(a.client);
            if (shape == Shape.IN_ORDER) {
                assertEquals(toServer, atServer, context);
                assertEquals(toClient, atClient, context);
            } else {
                assertEquals(sorted(toServer), sorted(atServer), context + ": each exactly once");
                assertEquals(sorted(toClient), sorted(atClient), context + ": each exactly once");
            }
            long serverReplays = replays(server);
            long clientReplays = replays(a.client);
            assertTrue(serverReplays >= toServer.size(), context + ": the copies were stopped as replays: " + serverReplays);
            assertTrue(clientReplays >= toClient.size(), context + ": the copies were stopped as replays: " + clientReplays);
            // Epoch 0 has no replay window, so copies of handshake records reach the handshake; but
            // a copy of a record is not the peer retransmitting, and draws no answer. The one
            // exception is the HelloVerifyRequest (see DtlsEngine): each copy draws the ClientHello
            // again, a new record that the server answers with flight 4 again, and so on down the
            // handshake: as many answers per side as copies of the HelloVerifyRequest came, within
            // the engine's cap of eight per second. No loss, so no timer fired.
            assertTrue(a.client.counters().retransmissions() <= 8, context + ": " + a.client.counters());
            assertTrue(server.counters().retransmissions() <= 8, context + ": " + server.counters());
            Campaign.report("2 duplication", context + ": " + toServer.size() + " datagrams each way, each delivered once; "
                    + "replays discarded: server " + serverReplays + ", client " + clientReplays
                    + "; handshake retransmissions: client " + a.client.counters().retransmissions()
                    + ", server " + server.counters().retransmissions());
        }
    }

    private static String send(DtlsEngine e, String text) {
        e.send(text.getBytes(StandardCharsets.UTF_8));
        return text;
    }

    private static List<String> drain(DtlsEngine e) {
        List<String> out = new ArrayList<>();
        ByteBuffer b;
        while ((b = e.pollApplicationData()) != null) {
            out.add(StandardCharsets.UTF_8.decode(b).toString());
        }
        return out;
    }

    private static List<String> sorted(List<String> l) {
        List<String> copy = new ArrayList<>(l);
        copy.sort(null);
        return copy;
    }

    static long replays(DtlsEngine e) {
        return e.counters().recordDiscards().get(Discard.REPLAY);
    }
}
