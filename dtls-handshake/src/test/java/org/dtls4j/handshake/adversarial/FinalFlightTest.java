package org.dtls4j.handshake.adversarial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.TestPeers.Auth;
import org.dtls4j.handshake.fragment.HandshakeFragment;
import org.dtls4j.handshake.sim.SimulatedLink.Direction;
import org.dtls4j.handshake.sim.SimulatedLink.Transmission;
import org.dtls4j.record.ContentType;
import org.dtls4j.record.RecordProtection;
import org.junit.jupiter.api.Test;

/**
 * Family 6: the final flight (RFC 6347 §4.2.4: the side that sends the last flight "retransmits it
 * when it receives a retransmission of the peer's last flight"). When it is lost, the peer repeats
 * its own flight; each repeat is answered from the stored flight, the same messages under new record
 * numbers, nothing derived or signed again. A message that only looks like a repeat (a different
 * Finished under the old message_seq, authenticated under the session keys) is not answered.
 */
class FinalFlightTest {
    private static final CipherSuite SUITE = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
    private static final int LOSSES = 3;

    /** Drops the first {@code n} datagrams of {@code dir} that carry a ChangeCipherSpec: the final flight. */
    private static void loseFinalFlight(Association a, Direction dir, int n) {
        int[] lost = {0};
        a.link.dropRule((d, i, b) -> d == dir && carriesChangeCipherSpec(b) && lost[0]++ < n);
    }

    private static boolean carriesChangeCipherSpec(byte[] datagram) {
        return Wire.records(datagram).stream().anyMatch(r -> r.type() == Wire.CHANGE_CIPHER_SPEC);
    }

    /** The epoch-1 handshake records {@code dir} emitted, in order. */
    private static List<Wire.Rec> finishedRecords(Association a, Direction dir) {
        List<Wire.Rec> out = new ArrayList<>();
        for (Transmission t : a.link.transmissions()) {
            if (t.direction() == dir) {
                Wire.records(t.datagram()).stream().filter(r -> r.type() == Wire.HANDSHAKE && r.epoch() == 1).forEach(out::add);
            }
        }
        return out;
    }

    private static void assertSameFinishedEachTime(List<Wire.Rec> finished, RecordProtection keys, int expected) {
        assertEquals(expected, finished.size(), "the final flight went out once and once per answer");
        assertTrue(expected >= LOSSES + 1, "the flight was lost " + LOSSES + " times and then arrived");
        byte[] first = Keys.open(keys, finished.get(0));
        for (Wire.Rec r : finished) {
            assertArrayEquals(first, Keys.open(keys, r), "the stored Finished, not a new one");
        }
        assertEquals(expected, finished.stream().mapToLong(Wire.Rec::seq).distinct().count(), "new record numbers");
    }

    @Test
    void aLostFlightSixIsAnsweredFromTheStoredFlightEachTime() {
        Association a = Association.full(SUITE, Auth.MUTUAL, 31);
        loseFinalFlight(a, Direction.SERVER_TO_CLIENT, LOSSES);
        a.handshake();
        a.assertConnected("flight 6 lost " + LOSSES + " times");
        DtlsEngine server = a.serverEngine();

        long repeats = a.client.counters().retransmissions();
        long answers = server.counters().retransmissions();
        // From the second retransmission on, the client backs off to smaller datagrams (RFC 6347
        // §4.1.1.1) and flight 5 takes two; the server answers each datagram.
        assertTrue(repeats >= 2 && repeats <= LOSSES, "the client repeated flight 5 on its timer: " + repeats);
        assertTrue(answers >= repeats, "each repeat was answered: " + answers);
        assertEquals(1, a.serverKeyLog.size(), "the master secret was derived once");
        assertSameFinishedEachTime(finishedRecords(a, Direction.SERVER_TO_CLIENT), Keys.of(a).serverWrite(), (int) answers + 1);
        a.roundTrip("after the losses");
    }

    @Test
    void aLostFinalFlightOfAResumedHandshakeIsAnsweredFromTheStoredFlight() {
        Association first = Association.full(SUITE, Auth.SERVER, 32);
        first.handshake();
        first.assertConnected("the session to resume");
        Association a = first.resumption(33);
        loseFinalFlight(a, Direction.CLIENT_TO_SERVER, LOSSES);
        a.handshake();
        a.assertConnected("the resumed client's final flight lost " + LOSSES + " times");
        assertTrue(a.client.negotiated().resumed());
        long answers = a.client.counters().retransmissions();
        assertTrue(answers >= LOSSES, "each repeat of the server's flight was answered: " + answers);
        assertEquals(2, a.clientKeyLog.size(), "one key log line per handshake, none per retransmission");
        assertSameFinishedEachTime(finishedRecords(a, Direction.CLIENT_TO_SERVER), Keys.of(a).clientWrite(), (int) answers + 1);
    }

    /**
     * The client waits for flight 6. A fragment of the server's ServerHello (flight 4) is a sign
     * that the server never got flight 5, and is answered with it; a zero-length fragment carries
     * none of the message, proves nothing, and is not answered (else any 25-byte spoofed record
     * would draw a whole flight toward the peer).
     */
    @Test
    void aZeroLengthFragmentIsNoEvidenceThatThePeerRetransmits() {
        Association a = Association.full(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8, Auth.SERVER, 35);
        List<Long> answered = new ArrayList<>();
        a.link.dropRule((d, i, b) -> {
            if (d == Direction.SERVER_TO_CLIENT && carriesChangeCipherSpec(b)) {
                HandshakeFragment hello = serverHello(a);
                long before = a.client.counters().retransmissions();
                byte[] empty = Wire.encode(new HandshakeFragment(2, hello.length(), hello.messageSeq(), 10, new byte[0]));
                a.client.receive(Wire.record(Wire.HANDSHAKE, Wire.DTLS_1_2, 0, 30, empty), a.link.now());
                answered.add(a.client.counters().retransmissions() - before);
                a.client.receive(Wire.record(Wire.HANDSHAKE, Wire.DTLS_1_2, 0, 31, Wire.encode(hello)), a.link.now());
                answered.add(a.client.counters().retransmissions() - before);
            }
            return false;
        });
        a.handshake();
        a.assertConnected("after the injected fragments");
        assertEquals(List.of(0L, 1L), answered, "the empty fragment is not answered; the real repeat is");
    }

    private static HandshakeFragment serverHello(Association a) {
        for (Transmission t : a.link.transmissions()) {
            for (Wire.Rec r : Wire.records(t.datagram())) {
                if (t.direction() == Direction.SERVER_TO_CLIENT && r.type() == Wire.HANDSHAKE && r.epoch() == 0) {
                    for (HandshakeFragment f : Wire.fragments(r.fragment())) {
                        if (f.msgType() == 2) {
                            return f;
                        }
                    }
                }
            }
        }
        throw new AssertionError("no ServerHello");
    }

    /**
     * A genuine record of the peer's flight, captured and replayed (there is no replay window in
     * epoch 0: RFC 6347 §4.1.2.6 needs a MAC): a record seen before is a copy, not the peer
     * retransmitting, and draws no answer however often it comes. Copies under forged new sequence
     * numbers draw at most eight answers per initial retransmission timeout, so they cannot draw our
     * flight toward the peer without bound.
     */
    @Test
    void replayedRecordsDrawNoAnswerAndForgedOnesAtMostEightPerSecond() {
        Association a = Association.full(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8, Auth.SERVER, 36);
        a.handshake();
        a.assertConnected("clean");
        DtlsEngine server = a.serverEngine();
        // The client's flight 5: ClientKeyExchange, ChangeCipherSpec, Finished in one datagram.
        byte[] flight5 = a.link.transmissions().stream().filter(t -> t.direction() == Direction.CLIENT_TO_SERVER)
                .map(Transmission::datagram).filter(FinalFlightTest::carriesChangeCipherSpec).findFirst().orElseThrow();
        byte[] keyExchange = Wire.records(flight5).get(0).bytes();
        long before = server.counters().retransmissions();
        long start = a.link.now() + 10 * Association.SECOND;
        for (int i = 0; i < 100; i++) {
            server.receive(keyExchange, start + i * 10 * Association.MILLI);
        }
        assertEquals(0, server.counters().retransmissions() - before, "a copy of a record seen before");
        start += 10 * Association.SECOND;
        for (int i = 0; i < 100; i++) {
            server.receive(Wire.renumbered(keyExchange, 1000 + i), start + i * 10 * Association.MILLI);
        }
        assertEquals(8, server.counters().retransmissions() - before, "eight answers in the first second");
        for (int i = 0; i < 100; i++) {
            server.receive(Wire.renumbered(keyExchange, 2000 + i), start + Association.SECOND + i * 10 * Association.MILLI);
        }
        assertEquals(16, server.counters().retransmissions() - before, "and eight in the next");
        assertEquals(EngineState.CONNECTED, server.state());
    }

    @Test
    void onlyAnExactRepeatOfThePeerFinishedIsAnsweredAfterCompletion() {
        Association a = Association.full(SUITE, Auth.SERVER, 34);
        a.handshake();
        a.assertConnected("clean");
        DtlsEngine server = a.serverEngine();
        Keys keys = Keys.of(a);
        RecordProtection clientKeys = keys.clientWrite();
        byte[] finished = Keys.open(clientKeys, finishedRecords(a, Direction.CLIENT_TO_SERVER).get(0));
        HandshakeFragment genuine = Wire.fragments(finished).get(0);
        assertEquals(20, genuine.msgType(), "the client's Finished");

        // A different verify_data under the same message_seq: a forgery or a confused peer.
        byte[] other = genuine.body();
        other[0] ^= 1;
        byte[] forged = Wire.encode(new HandshakeFragment(20, other.length, genuine.messageSeq(), 0, other));
        long retransmissions = server.counters().retransmissions();
        server.receive(Keys.seal(clientKeys, ContentType.HANDSHAKE, 1000, forged), a.link.now());
        assertNull(server.pollDatagram(), "a different Finished is not answered");
        // Half of it, with one byte changed: still not the message we received.
        byte[] half = java.util.Arrays.copyOf(other, other.length / 2);
        byte[] part = Wire.encode(new HandshakeFragment(20, other.length, genuine.messageSeq(), 0, half));
        server.receive(Keys.seal(clientKeys, ContentType.HANDSHAKE, 1001, part), a.link.now());
        assertNull(server.pollDatagram(), "a different part of the Finished is not answered");
        assertEquals(retransmissions, server.counters().retransmissions());
        assertEquals(EngineState.CONNECTED, server.state());

        // The genuine Finished again (say our flight 6 was lost and the peer repeats): answered.
        server.receive(Keys.seal(clientKeys, ContentType.HANDSHAKE, 1002, finished), a.link.now());
        List<byte[]> answer = new ArrayList<>();
        ByteBuffer b;
        while ((b = server.pollDatagram()) != null) {
            byte[] d = new byte[b.remaining()];
            b.get(d);
            answer.add(d);
        }
        assertTrue(answer.stream().anyMatch(FinalFlightTest::carriesChangeCipherSpec), "flight 6 again");
        assertEquals(retransmissions + 1, server.counters().retransmissions());
        assertEquals(EngineState.CONNECTED, server.state());
    }
}
