package org.dtls4j.handshake.adversarial;

import static org.dtls4j.handshake.adversarial.Association.MILLI;
import static org.dtls4j.handshake.adversarial.Association.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.DeterministicRandom;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.DtlsTimeoutException;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.TestPeers;
import org.dtls4j.handshake.TestPeers.Auth;
import org.dtls4j.handshake.fragment.HandshakeFragment;
import org.dtls4j.handshake.sim.SimulatedLink.Direction;
import org.dtls4j.handshake.sim.SimulatedLink.Transmission;
import org.junit.jupiter.api.Test;

/**
 * Family 5: the retransmission timer of RFC 6347 §4.2.4.1 on the wire. "Implementations SHOULD use
 * an initial timer value of 1 second ... and double the value at each retransmission, up to no
 * less than the RFC 6298 maximum of 60 seconds." With nothing delivered, a flight goes out at
 * exactly the configured times, the handshake then gives up with a {@link DtlsTimeoutException}
 * and no alert, and a flight that got its answer leaves the next flight to start at the initial
 * timeout again.
 */
class RetransmissionScheduleTest {
    private static final CipherSuite PSK = CipherSuite.TLS_PSK_WITH_AES_128_CCM_8;

    /** The times (from 0) at which a flight goes out: 0, then gaps doubling from initial up to max. */
    static List<Long> schedule(long initial, long max, long giveUp) {
        List<Long> out = new ArrayList<>();
        long t = 0;
        long gap = initial;
        while (t < giveUp) {
            out.add(t);
            t += gap;
            gap = Math.min(2 * gap, max);
        }
        return out;
    }

    /** A client alone on a dead network: what it sends and when, until it gives up. */
    private static List<Long> clientAlone(DtlsConfig config, List<byte[]> datagrams) {
        DtlsEngine client = DtlsEngine.client(config, new DeterministicRandom(5));
        List<Long> times = new ArrayList<>();
        client.start(0);
        long now = 0;
        for (int step = 0; step < 1000 && client.state() == EngineState.HANDSHAKING; step++) {
            ByteBuffer b;
            while ((b = client.pollDatagram()) != null) {
                byte[] d = new byte[b.remaining()];
                b.get(d);
                times.add(now);
                datagrams.add(d);
            }
            now = client.nextDeadlineNanos();
            client.onDeadline(now);
        }
        assertEquals(EngineState.FAILED, client.state());
        assertTrue(client.failure() instanceof DtlsTimeoutException, () -> String.valueOf(client.failure()));
        assertEquals(config.handshakeTimeout().toNanos(), now, "gives up at the handshake timeout");
        assertNull(client.pollDatagram(), "a timeout sends no alert: there is no one to tell");
        assertEquals(Long.MAX_VALUE, client.nextDeadlineNanos(), "no timer runs after the failure");
        return times;
    }

    @Test
    void withNothingDeliveredTheClientHelloFollowsTheDefaultScheduleUpToTheSixtySecondCap() {
        DtlsConfig config = TestPeers.client(PSK, Auth.SERVER).handshakeTimeout(Duration.ofSeconds(300)).build();
        List<byte[]> datagrams = new ArrayList<>();
        List<Long> times = clientAlone(config, datagrams);

        List<Long> expected = schedule(SECOND, 60 * SECOND, 300 * SECOND);
        assertEquals(List.of(0L, 1L, 3L, 7L, 15L, 31L, 63L, 123L, 183L, 243L),
                expected.stream().map(t -> t / SECOND).toList(), "the RFC's schedule, spelt out");
        assertEquals(expected, times);
        // Every transmission is the same ClientHello (message_seq 0) under a new record number.
        byte[] first = Wire.records(datagrams.get(0)).get(0).fragment();
        for (int i = 0; i < datagrams.size(); i++) {
            Wire.Rec r = Wire.records(datagrams.get(i)).get(0);
            assertEquals(i, r.seq(), "a fresh record sequence number each time");
            assertEquals(java.util.Arrays.toString(first), java.util.Arrays.toString(r.fragment()), "the same message");
        }
        Campaign.report("5 timer", "ClientHello sent at " + times.stream().map(t -> t / SECOND + " s").toList()
                + ", DtlsTimeoutException at 300 s, no alert");
    }

    @Test
    void aConfiguredScheduleIsFollowedExactly() {
        DtlsConfig config = TestPeers.client(PSK, Auth.SERVER).initialRetransmitTimeout(Duration.ofMillis(250))
                .maxRetransmitTimeout(Duration.ofSeconds(2)).handshakeTimeout(Duration.ofSeconds(10)).build();
        List<Long> times = clientAlone(config, new ArrayList<>());
        List<Long> expected = schedule(250 * MILLI, 2 * SECOND, 10 * SECOND);
        assertEquals(List.of(0L, 250L, 750L, 1750L, 3750L, 5750L, 7750L, 9750L),
                expected.stream().map(t -> t / MILLI).toList());
        assertEquals(expected, times);
    }

    @Test
    void aConfiguredBackoffFactorReplacesTheDoubling() {
        DtlsConfig constant = TestPeers.client(PSK, Auth.SERVER).initialRetransmitTimeout(Duration.ofMillis(500))
                .retransmitBackoff(1.0).handshakeTimeout(Duration.ofSeconds(5)).build();
        List<Long> times = clientAlone(constant, new ArrayList<>());
        assertEquals(List.of(0L, 500L, 1000L, 1500L, 2000L, 2500L, 3000L, 3500L, 4000L, 4500L),
                times.stream().map(t -> t / MILLI).toList(), "a constant 500 ms timer");

        DtlsConfig slower = TestPeers.client(PSK, Auth.SERVER).initialRetransmitTimeout(Duration.ofMillis(400))
                .retransmitBackoff(1.5).maxRetransmitTimeout(Duration.ofSeconds(2)).handshakeTimeout(Duration.ofSeconds(8)).build();
        times = clientAlone(slower, new ArrayList<>());
        // Gaps 400, 600, 900, 1350, 2000 (the cap), 2000...
        assertEquals(List.of(0L, 400L, 1000L, 1900L, 3250L, 5250L, 7250L),
                times.stream().map(t -> t / MILLI).toList(), "gaps growing by 1.5 up to the 2 s cap");
    }

    @Test
    void theServerRetransmitsFlightFourOnTheSameScheduleAndGivesUpSilently() {
        Association a = Association.full(PSK, Auth.SERVER, 3, b -> b.handshakeTimeout(Duration.ofSeconds(100)));
        // Only the first ClientHello, the HelloVerifyRequest and the ClientHello with the cookie
        // get through; after that the network is dead both ways.
        a.link.dropRule((d, i, b) -> i >= (d == Direction.CLIENT_TO_SERVER ? 2 : 1));
        a.handshake(200 * SECOND, 10_000);
        // The client gave up first (it started first); the server's own timeout follows.
        for (int step = 0; step < 100 && a.server.state() == EngineState.HANDSHAKING; step++) {
            a.link.step();
        }
        assertEquals(EngineState.FAILED, a.server.state());
        assertTrue(a.serverEngine().failure() instanceof DtlsTimeoutException);

        List<Long> serverTimes = new ArrayList<>();
        for (Transmission t : a.link.transmissions()) {
            if (t.direction() == Direction.SERVER_TO_CLIENT && isFlightFour(t.datagram())) {
                serverTimes.add(t.time());
            }
        }
        long start = serverTimes.get(0);
        List<Long> relative = serverTimes.stream().map(t -> t - start).toList();
        assertEquals(schedule(SECOND, 60 * SECOND, 100 * SECOND), relative);
        long last = a.link.transmissions().stream().filter(t -> t.direction() == Direction.SERVER_TO_CLIENT)
                .mapToLong(Transmission::time).max().orElseThrow();
        assertEquals(serverTimes.get(serverTimes.size() - 1), last, "nothing, no alert, after the last flight 4");
    }

    /** A ServerHello (message_seq 1) in an epoch-0 handshake record. */
    private static boolean isFlightFour(byte[] datagram) {
        for (Wire.Rec r : Wire.records(datagram)) {
            if (r.type() == Wire.HANDSHAKE && r.epoch() == 0) {
                for (HandshakeFragment f : Wire.fragments(r.fragment())) {
                    if (f.msgType() == 2) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    @Test
    void afterAnAnswerTheNextFlightStartsAgainFromTheInitialTimeout() {
        Association a = Association.full(PSK, Auth.SERVER, 4);
        // The first ClientHello is lost three times (sent at 0, 1, 3 and 7 s: the timeout has
        // grown to 8 s); the fourth copy is answered. The ClientHello with the cookie is lost once.
        a.link.dropRule((d, i, b) -> d == Direction.CLIENT_TO_SERVER && (i <= 2 || i == 4));
        a.handshake();
        a.assertConnected("after the losses");

        List<Long> clientTimes = a.link.transmissions().stream()
                .filter(t -> t.direction() == Direction.CLIENT_TO_SERVER).map(Transmission::time).toList();
        assertEquals(List.of(0L, SECOND, 3 * SECOND, 7 * SECOND), clientTimes.subList(0, 4), "the first flight backs off");
        long cookieHello = clientTimes.get(4);
        assertEquals(SECOND, clientTimes.get(5) - cookieHello,
                "the ClientHello with the cookie is retransmitted after the initial 1 s, not after 16 s");
    }
}
