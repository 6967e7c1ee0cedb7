package org.dtls4j.handshake.adversarial;

import static org.dtls4j.handshake.adversarial.Association.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.TestPeers.Auth;
import org.dtls4j.handshake.sim.SimulatedLink.Direction;
import org.junit.jupiter.api.Test;

/**
 * Family 8: the client's reassembler, reached through the engine, takes the server's flights in
 * any fragmentation (RFC 6347 §4.2.3) and always ends with the same handshake: the master secret,
 * which under the extended master secret (RFC 7627 §4) hashes the whole transcript up to
 * ClientKeyExchange, is the one a run without re-fragmentation derives from the same seeds.
 */
class ReassemblyThroughEngineTest {
    private static final int SEEDS = Campaign.size("dtls4j.reassembly.seeds", 60, 1000);

    @Test
    void everyFragmentationOfTheServerFlightsGivesTheSameHandshake() {
        CipherSuite suite = Scenario.ECDSA;
        Association reference = Association.full(suite, Auth.MUTUAL, 81);
        reference.handshake();
        reference.assertConnected("reference");
        String transcript = reference.clientKeyLog.get(0);

        long fragments = 0;
        int maxPerFlight = 0;
        long zeroLength = 0;
        long serverRetransmissions = 0;
        long maxTime = 0;
        for (int seed = 1; seed <= SEEDS; seed++) {
            Association a = Association.full(suite, Auth.MUTUAL, 81);
            Refragmenter r = new Refragmenter(seed);
            a.link.rewriter(r);
            long took = a.handshake(40 * SECOND, 20_000);
            String context = "fragmentation seed " + seed;
            a.assertConnected(context);
            assertEquals(transcript, a.clientKeyLog.get(0), context + ": the same transcript, so the same master secret");
            assertEquals(a.clientKeyLog, a.serverKeyLog, context);
            a.roundTrip(context);
            fragments += r.fragments();
            maxPerFlight = Math.max(maxPerFlight, r.maxFragmentsPerFlight());
            zeroLength += r.zeroLengthFragments();
            serverRetransmissions += a.serverEngine().counters().retransmissions();
            maxTime = Math.max(maxTime, took);
        }
        Campaign.report("8 reassembly", SEEDS + " fragmentations of the server's flights (ECDHE-ECDSA, mutual): "
                + fragments + " fragments (" + zeroLength + " of zero length, up to " + maxPerFlight
                + " in one flight), all completed with the reference transcript; server retransmissions "
                + serverRetransmissions + " in all, slowest " + maxTime / 1_000_000 + " ms");
    }

    /**
     * Zero-length fragments carry no bytes; each one still costs its 12-byte header to read, so a
     * datagram full of them is read in bounded time, holds nothing and changes nothing.
     */
    @Test
    void datagramsOfZeroLengthFragmentsAreReadOnceAndHoldNothing() {
        Association a = Association.full(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8, Auth.SERVER, 82);
        List<byte[]> hostile = new ArrayList<>();
        // Waiting for flight 4 (message_seq 1 onwards): headers for seq 1..8, at every offset of a
        // message of up to 65535 bytes, and at the offset equal to the length.
        for (int seq = 0; seq < 10; seq++) {
            List<byte[]> parts = new ArrayList<>();
            for (int i = 0; i < 110; i++) {
                int length = i % 2 == 0 ? 65_535 : 100;
                int offset = i % 3 == 0 ? length : (i * 97) % length;
                parts.add(Wire.fragment(2 + i % 12, length, 1 + (seq + i) % 8, offset, 0, new byte[0]));
            }
            // Record numbers just above the server's, so the epoch-0 replay window stays where it was.
            hostile.add(Wire.record(Wire.HANDSHAKE, Wire.DTLS_1_2, 0, 40 + seq, Wire.datagram(parts)));
        }
        a.link.dropRule((d, i, b) -> {
            if (d == Direction.SERVER_TO_CLIENT && i == 1) {
                for (byte[] h : hostile) {
                    a.client.receive(h, a.link.now());
                    assertEquals(EngineState.HANDSHAKING, a.client.state());
                    assertEquals(0, a.client.bufferedBytes(), "zero-length fragments hold nothing");
                }
            }
            return false;
        });
        a.handshake();
        a.assertConnected("after 1100 zero-length fragments");
        assertTrue(a.client.counters().badFragments() == 0, "zero-length fragments are legal, just empty");
    }
}
