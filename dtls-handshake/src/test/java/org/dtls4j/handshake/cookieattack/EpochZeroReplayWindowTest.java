package org.dtls4j.handshake.cookieattack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.DeterministicRandom;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.TestPeers;
import org.dtls4j.handshake.sim.CookieServer;
import org.dtls4j.handshake.sim.SimulatedLink;
import org.dtls4j.handshake.sim.SimulatedLink.Direction;
import org.junit.jupiter.api.Test;

/**
 * One forged epoch-0 record in the middle of a handshake. Epoch 0 has no MAC, so nothing tells a
 * forged record from a genuine one. The record layer used to move its epoch-0 replay window to the
 * forged sequence number before the handshake layer looked at the content; when the content was
 * then ignored (an old message_seq, a HelloVerifyRequest that came too late), the window stayed
 * moved, and every genuine epoch-0 record the peer sent afterwards (the rest of its flight, its
 * ChangeCipherSpec, their retransmissions) was discarded as a replay: the handshake stalled until
 * its deadline. Epoch 0 now has no replay window (duplicates are dropped by message_seq); these
 * tests keep it that way.
 *
 * <p>How the record reaches a victim: an off-path attacker who knows the 4-tuple sends it with a
 * forged source address, or, against a client, makes the server send it: a cookie-less ClientHello
 * with record sequence number 2^47 forged from the client's address is answered with a
 * HelloVerifyRequest that repeats that number (RFC 6347 §4.2.1: "the server MUST use the record
 * sequence number in the ClientHello as the record sequence number in the HelloVerifyRequest").
 * The transport test {@code NewAssociationAttackTest} found it that way.
 */
class EpochZeroReplayWindowTest {
    private static final CipherSuite SUITE = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
    private static final long HIGH = 1L << 47;

    @Test
    void aForgedLateHelloVerifyRequestDoesNotStallTheClient() {
        Pair p = new Pair();
        // run until the client has answered the server's flight 4 with its flight 5
        p.stepUntil(() -> p.client.state() == EngineState.HANDSHAKING && p.link.sent(Direction.CLIENT_TO_SERVER) >= 3);
        byte[] hvr = p.link.log().stream().filter(d -> d[13] == Wire.HELLO_VERIFY_REQUEST).findFirst().orElseThrow();
        p.link.send(Direction.SERVER_TO_CLIENT, withSequence(hvr, HIGH));
        p.finish();
    }

    @Test
    void aForgedStaleClientHelloDoesNotStallTheServer() {
        Pair p = new Pair();
        // run until the server engine exists and has sent its flight 4
        p.stepUntil(() -> p.server.engine() != null && p.link.sent(Direction.SERVER_TO_CLIENT) >= 2);
        byte[] hello = p.link.log().stream().filter(d -> d[13] == Wire.CLIENT_HELLO).reduce((a, b) -> b).orElseThrow();
        p.server.engine().receive(withSequence(hello, HIGH), p.link.now());
        p.finish();
    }

    /** Without the forged record the same pair completes: the tests above fail for the record alone. */
    @Test
    void thePairCompletesWithoutTheForgedRecord() {
        Pair p = new Pair();
        p.stepUntil(() -> p.client.state() == EngineState.HANDSHAKING && p.link.sent(Direction.CLIENT_TO_SERVER) >= 3);
        p.finish();
    }

    private static byte[] withSequence(byte[] datagram, long seq) {
        byte[] d = Arrays.copyOf(datagram, datagram.length);
        for (int i = 0; i < 6; i++) {
            d[10 - i] = (byte) (seq >>> (8 * i));
        }
        return d;
    }

    private static final class Pair {
        final DtlsEngine client = DtlsEngine.client(TestPeers.client(SUITE, TestPeers.Auth.SERVER).build(),
                new DeterministicRandom(21));
        final CookieServer server = new CookieServer(TestPeers.server(SUITE, TestPeers.Auth.SERVER).build(),
                new DeterministicRandom(22));
        final SimulatedLink link = new SimulatedLink(client, server, 23).start();

        void stepUntil(java.util.function.BooleanSupplier condition) {
            for (int i = 0; i < 100 && !condition.getAsBoolean(); i++) {
                link.step();
            }
            if (!condition.getAsBoolean()) {
                throw new AssertionError("the handshake never reached the point of the attack");
            }
        }

        void finish() {
            link.driveHandshake(120_000_000_000L, 2_000);
            assertEquals(EngineState.CONNECTED, client.state(), () -> "client: " + client.failure() + " " + client.counters());
            assertEquals(EngineState.CONNECTED, server.state(),
                    () -> "server: " + server.engine().failure() + " " + server.engine().counters());
        }
    }
}
