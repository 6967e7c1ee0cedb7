package org.dtls4j.handshake.matrix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.DeterministicRandom;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.TestPeers;
import org.dtls4j.handshake.TestPeers.Auth;
import org.dtls4j.handshake.sim.CookieServer;
import org.dtls4j.handshake.sim.SimulatedLink;
import org.dtls4j.handshake.sim.SimulatedLink.Direction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every suite, in each authentication mode that applies, through every impairment of the
 * simulated link, with the stateless cookie exchange in front of the server (RFC 6347 §4.2.1).
 * Each cell completes the handshake and then moves application data both ways.
 */
class HandshakeMatrixTest {
    private static final long SECOND = 1_000_000_000L;
    /** Seeds for the 30 % loss cells; a longer campaign runs in the adversarial suite. */
    private static final int LOSS_SEEDS = Integer.getInteger("dtls4j.matrix.lossSeeds", 10);

    /** A link impairment, named for the report. */
    enum Condition {
        CLEAN(l -> { }),
        LOSS_30(l -> l.loss(0.30)),
        DUPLICATION(l -> l.duplication(0.5)),
        REORDER(l -> l.reorder(300_000_000L)),
        MTU_256(l -> l.mtu(256)),
        HELLO_VERIFY_REQUEST_DROPPED(l -> l.dropRule((d, i, b) -> d == Direction.SERVER_TO_CLIENT && i == 0)),
        LAST_FLIGHT_DROPPED(l -> l.dropRule(HandshakeMatrixTest::dropsServerFinalFlightOnce));

        final Consumer<SimulatedLink> setup;

        Condition(Consumer<SimulatedLink> setup) {
            this.setup = setup;
        }
    }

    /** Drops the first server datagram that starts with a ChangeCipherSpec record: flight 6 (or the resumed flight). */
    private static boolean dropsServerFinalFlightOnce(Direction d, int index, byte[] datagram) {
        return d == Direction.SERVER_TO_CLIENT && datagram.length > 0 && datagram[0] == 20 && !seenFinal[0] && (seenFinal[0] = true);
    }

    private static final boolean[] seenFinal = new boolean[1];

    static Stream<Arguments> cells() {
        List<Arguments> out = new ArrayList<>();
        for (CipherSuite s : CipherSuite.values()) {
            List<Auth> auths = s.keyExchange().usesCertificate() ? List.of(Auth.SERVER, Auth.MUTUAL) : List.of(Auth.SERVER);
            for (Auth a : auths) {
                for (Condition c : Condition.values()) {
                    int seeds = c == Condition.LOSS_30 ? LOSS_SEEDS : 1;
                    for (int seed = 1; seed <= seeds; seed++) {
                        out.add(Arguments.of(s, a, c, seed));
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2} seed {3}")
    @MethodSource("cells")
    void handshakeCompletesAndDataFlows(CipherSuite suite, Auth auth, Condition condition, int seed) {
        seenFinal[0] = false;
        int mtu = condition == Condition.MTU_256 ? 256 : 1400;
        // At 30 % loss each way a round trip fails half the time, and the RFC 6347 §4.2.4.1 timer
        // (1 s doubling) allows five tries in 30 s: about 3 % of seeds need longer. The loss cells
        // give the handshake 60 s; the adversarial campaign measures the 30 s success rate.
        Duration deadline = Duration.ofSeconds(condition == Condition.LOSS_30 ? 60 : 30);
        DtlsConfig clientConfig = TestPeers.client(suite, auth).maxDatagramSize(mtu).handshakeTimeout(deadline).build();
        DtlsConfig serverConfig = TestPeers.server(suite, auth).maxDatagramSize(mtu).handshakeTimeout(deadline).build();
        DtlsEngine client = DtlsEngine.client(clientConfig, new DeterministicRandom(seed));
        CookieServer server = new CookieServer(serverConfig, new DeterministicRandom(1000 + seed));
        SimulatedLink link = new SimulatedLink(client, server, seed);
        condition.setup.accept(link);
        link.start();
        long took = link.driveHandshake(deadline.toNanos() + SECOND, 100_000);

        assertEquals(EngineState.CONNECTED, client.state(), () -> "client " + client.failure() + " after " + took / 1e9 + " s");
        DtlsEngine engine = server.engine();
        assertNotNull(engine, "server never accepted a cookie");
        assertEquals(EngineState.CONNECTED, engine.state(), () -> "server " + engine.failure());
        assertEquals(suite, client.negotiated().cipherSuite());
        assertEquals(suite, engine.negotiated().cipherSuite());
        assertTrue(client.negotiated().extendedMasterSecret());
        assertEquals(!suite.cipher().isAead(), client.negotiated().encryptThenMac(), "encrypt_then_mac with CBC (RFC 7366)");
        assertEquals(!suite.cipher().isAead(), engine.negotiated().encryptThenMac());
        assertTrue(server.helloVerifyRequests() >= 1, "the cookie exchange ran");
        if (auth == Auth.MUTUAL) {
            assertFalse(engine.negotiated().peerCertificates().isEmpty(), "server saw the client certificate");
        }
        if (condition == Condition.MTU_256) {
            assertTrue(link.largestDatagram() <= 256, "largest datagram " + link.largestDatagram());
        }
        if (condition == Condition.HELLO_VERIFY_REQUEST_DROPPED || condition == Condition.LAST_FLIGHT_DROPPED) {
            assertEquals(1, link.dropped(Direction.SERVER_TO_CLIENT), "the targeted datagram was dropped");
        }
        exchange(link, client, engine);
    }

    /** Application data both ways over a clean link (the handshake's impairments are over). */
    private static void exchange(SimulatedLink link, DtlsEngine client, DtlsEngine server) {
        link.loss(0).duplication(0).reorder(0).dropRule((d, i, b) -> false);
        byte[] ping = "ping".getBytes();
        byte[] big = new byte[client.maxApplicationDataSize()];
        new java.util.Random(7).nextBytes(big);
        client.send(ping);
        client.send(big);
        server.send(ping);
        link.collect();
        link.flush(1000);
        assertArrayEquals(ping, bytes(server.pollApplicationData()));
        assertArrayEquals(big, bytes(server.pollApplicationData()));
        assertArrayEquals(ping, bytes(client.pollApplicationData()));
    }

    private static byte[] bytes(ByteBuffer b) {
        assertNotNull(b, "application datagram missing");
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
