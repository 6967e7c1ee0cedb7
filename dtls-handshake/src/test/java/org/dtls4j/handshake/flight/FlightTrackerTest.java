package org.dtls4j.handshake.flight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dtls4j.handshake.flight.FlightTracker.State;
import org.dtls4j.handshake.fragment.HandshakeFragment;
import org.dtls4j.handshake.fragment.HandshakeMessageBytes;
import org.dtls4j.handshake.message.HandshakeType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every transition of RFC 6347 §4.2.4's state machine, on a fake clock: what goes out, when, and
 * in which state the tracker is left.
 */
class FlightTrackerTest {
    private static final long S = 1_000_000_000L;

    /** What the tracker put on the wire: the flight and its retransmission count. */
    private record Sent(Flight flight, int retransmissions) {
    }

    private final List<Sent> wire = new ArrayList<>();
    private FlightTracker tracker;
    private final Flight flight1 = flight(0, HandshakeType.CLIENT_HELLO, 0);
    private final Flight flight3 = flight(0, HandshakeType.CLIENT_HELLO, 1);
    private final Flight flight5 = flight(0, HandshakeType.FINISHED, 2);
    /** The peer's flight 4, as the tracker saw it arrive: ServerHello (message_seq 1) and ServerHelloDone (2). */
    private final HandshakeMessageBytes serverHello = new HandshakeMessageBytes(HandshakeType.SERVER_HELLO.code(), 1, bytes(40, 7));
    private final HandshakeMessageBytes serverHelloDone = new HandshakeMessageBytes(HandshakeType.SERVER_HELLO_DONE.code(), 2, new byte[0]);

    @BeforeEach
    void newTracker() {
        tracker = new FlightTracker(new RetransmitTimer(), new RepeatAnswers(S), (f, r) -> wire.add(new Sent(f, r)));
    }

    @Test
    void startsInPreparingWithNoTimer() {
        assertEquals(State.PREPARING, tracker.state());
        assertEquals(Long.MAX_VALUE, tracker.deadlineNanos());
        assertFalse(tracker.onTimer(100 * S), "nothing to retransmit before the first flight");
        assertTrue(wire.isEmpty());
    }

    @Test
    void preparingSendingWaiting_sendAFlightAndSetTheTimer() {
        tracker.send(flight1, true, 5 * S);

        assertEquals(List.of(new Sent(flight1, 0)), wire);
        assertEquals(State.WAITING, tracker.state());
        assertEquals(6 * S, tracker.deadlineNanos(), "RFC 6347 §4.2.4.1: 1 s initial timer");
    }

    @Test
    void preparingSendingFinished_sendTheLastFlightWithoutATimer() {
        tracker.send(flight5, false, 0);

        assertEquals(List.of(new Sent(flight5, 0)), wire);
        assertEquals(State.FINISHED, tracker.state());
        assertEquals(Long.MAX_VALUE, tracker.deadlineNanos());
    }

    @Test
    void waitingTimerExpires_retransmitAndBackOff() {
        tracker.send(flight1, true, 0);

        assertFalse(tracker.onTimer(S - 1), "not before the deadline");
        assertTrue(tracker.onTimer(S));
        assertEquals(State.WAITING, tracker.state());
        assertEquals(new Sent(flight1, 1), wire.get(1));
        assertEquals(3 * S, tracker.deadlineNanos(), "doubled to 2 s from the expiry");

        assertTrue(tracker.onTimer(3 * S));
        assertEquals(new Sent(flight1, 2), wire.get(2));
        assertEquals(7 * S, tracker.deadlineNanos());
        assertEquals(2, tracker.retransmissions());
    }

    @Test
    void waitingReadRetransmit_retransmitAndResetTheTimer() {
        peerFlight4Arrives();
        tracker.send(flight5, true, 10 * S);
        tracker.newDatagram();

        assertTrue(tracker.onPeerRepeat(serverHello.asSingleFragment(), false, 10 * S + S / 2));

        assertEquals(new Sent(flight5, 0), wire.get(1));
        assertEquals(State.WAITING, tracker.state());
        assertEquals(11 * S + S / 2, tracker.deadlineNanos(), "re-armed at the current timeout from now");
        assertEquals(1, tracker.retransmissions());
    }

    @Test
    void waitingReadNextFlight_stopTheTimerAndPrepareTheNext() {
        tracker.send(flight1, true, 0);
        tracker.onTimer(S); // timeout now 2 s
        peerFlight4Arrives();

        tracker.send(flight5, true, 2 * S);

        assertEquals(State.WAITING, tracker.state());
        assertEquals(3 * S, tracker.deadlineNanos(), "the timer of the new flight starts again at 1 s");
        assertEquals(new Sent(flight5, 0), wire.get(wire.size() - 1));
    }

    @Test
    void waitingReceiveLastFlight_stopTheTimerAndForgetOurFlight() {
        peerFlight4Arrives();
        tracker.send(flight5, true, 0);

        tracker.lastFlightReceived();

        assertEquals(State.FINISHED, tracker.state());
        assertEquals(Long.MAX_VALUE, tracker.deadlineNanos());
        assertFalse(tracker.onTimer(100 * S));
        tracker.newDatagram();
        assertFalse(tracker.onPeerRepeat(serverHello.asSingleFragment(), false, S), "our flight got its answer");
        assertEquals(1, wire.size());
    }

    @Test
    void finishedReadRetransmit_retransmitTheLastFlightAndStayFinished() {
        peerFlight4Arrives();
        tracker.send(flight5, false, 0);

        tracker.newDatagram();
        assertTrue(tracker.onPeerRepeat(serverHelloDone.asSingleFragment(), false, S));
        tracker.lastFlightReceived(); // the handshake completing changes nothing for the last flight

        assertEquals(List.of(new Sent(flight5, 0), new Sent(flight5, 0)), wire);
        assertEquals(State.FINISHED, tracker.state());
        assertEquals(Long.MAX_VALUE, tracker.deadlineNanos(), "FINISHED runs no timer");
        tracker.newDatagram();
        assertTrue(tracker.onPeerRepeat(serverHello.asSingleFragment(), false, 2 * S));
        assertEquals(3, wire.size());
    }

    @Test
    void aRepeatIsAnsweredOncePerDatagram() {
        peerFlight4Arrives();
        tracker.send(flight5, true, 0);
        tracker.newDatagram();

        assertTrue(tracker.onPeerRepeat(serverHello.asSingleFragment(), false, 0));
        assertFalse(tracker.onPeerRepeat(serverHelloDone.asSingleFragment(), false, 0), "same datagram");
        tracker.newDatagram();
        assertTrue(tracker.onPeerRepeat(serverHelloDone.asSingleFragment(), false, 0), "next datagram");
    }

    @Test
    void onlyATrueRepeatOfTheAnsweredFlightIsAnswered() {
        peerFlight4Arrives();
        tracker.send(flight5, true, 0);
        tracker.newDatagram();

        byte[] other = serverHello.body().clone();
        other[3] ^= 1;
        assertFalse(tracker.onPeerRepeat(new HandshakeFragment(serverHello.msgType(), other.length, 1, 0, other), false, 0),
                "a different message under an old message_seq");
        assertFalse(tracker.onPeerRepeat(new HandshakeFragment(1, 0, 0, 0, new byte[0]), false, 0),
                "message_seq 0 belongs to an older flight than the one flight 5 answered");
        assertFalse(tracker.onPeerRepeat(serverHello.asSingleFragment(), true, 0), "a copy of a record already seen");
        byte[] part = Arrays.copyOfRange(serverHello.body(), 10, 20);
        assertFalse(tracker.onPeerRepeat(new HandshakeFragment(serverHello.msgType(), serverHello.length(), 1, 10, new byte[0]),
                false, 0), "an empty fragment of a non-empty message proves nothing");
        assertTrue(tracker.onPeerRepeat(new HandshakeFragment(serverHello.msgType(), serverHello.length(), 1, 10, part), false, 0),
                "a true fragment of the message");
    }

    @Test
    void repeatAnswersAreCappedPerPeriod() {
        peerFlight4Arrives();
        tracker.send(flight5, false, 0);
        int answered = 0;
        for (int i = 0; i < 100; i++) {
            tracker.newDatagram();
            if (tracker.onPeerRepeat(serverHello.asSingleFragment(), false, i)) {
                answered++;
            }
        }
        assertEquals(RepeatAnswers.MAX_PER_PERIOD, answered);
    }

    @Test
    void theFlightIsRememberedAsSentAndTheCopiesOfARecordAreKnown() {
        assertTrue(tracker.firstSighting(0, 7));
        assertFalse(tracker.firstSighting(0, 7));
        tracker.send(flight1, true, 0);
        tracker.onTimer(S);
        assertSame(flight1, wire.get(1).flight());
    }

    @Test
    void stopEndsEverything() {
        tracker.send(flight1, true, 0);
        tracker.stop();
        assertEquals(Long.MAX_VALUE, tracker.deadlineNanos());
        assertFalse(tracker.onTimer(10 * S));
        assertEquals(1, wire.size());
    }

    @Test
    void afterThePeerUsesTheNewKeysItsOldMessagesNoLongerDrawOurFlight() {
        peerFlight4Arrives();
        tracker.send(flight5, false, 0);
        tracker.peerHasOurFlight();
        tracker.newDatagram();
        assertFalse(tracker.onPeerRepeat(serverHello.asSingleFragment(), false, S));
    }

    /** The client sent flight 3; the server's flight 4 arrives whole. */
    private void peerFlight4Arrives() {
        tracker.send(flight3, true, 0);
        tracker.peerMessage(serverHello);
        tracker.peerMessage(serverHelloDone);
        wire.clear();
    }

    private static Flight flight(int epoch, HandshakeType type, int messageSeq) {
        return new Flight(List.of(OutgoingMessage.handshake(epoch, type.code(), messageSeq, bytes(30, messageSeq))));
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed * 31 + i);
        }
        return b;
    }
}
