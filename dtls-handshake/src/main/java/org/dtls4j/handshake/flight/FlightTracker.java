package org.dtls4j.handshake.flight;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.dtls4j.handshake.fragment.HandshakeFragment;
import org.dtls4j.handshake.fragment.HandshakeMessageBytes;
import org.dtls4j.handshake.message.HandshakeType;

/**
 * One side's flights and their retransmission: the state machine of RFC 6347 §4.2.4, in one place.
 *
 * <pre>
 *                 +-----------+
 *        +------->| PREPARING |&lt;------------------------------------+
 *        |        +-----------+                                     |
 *        |              |  {@link #send} (buffer the next flight)     |
 *        |              v                                           |
 *        |        +-----------+                                     |
 *        |        |  SENDING  |&lt;-------------------+                |
 *        |        +-----------+                    |                |
 *        |          |      |  send the flight;     | {@link #onTimer}: the |
 *        |          |      |  set the timer        | timer expires; |
 *        |          |      v                       | {@link #onPeerRepeat}: |
 *        |          |  +-----------+               | the peer's     |
 *        +----------)--|  WAITING  |---------------+ flight again   |
 *   read the peer's |  +-----------+                                |
 *   next flight     |        |  {@link #lastFlightReceived}: the    | a new handshake
 *   ({@link #send} of     |        |  peer's last flight read        | (refused: dtls4j
 *   our next one)   |        v                                      |  does not
 *                   |  +-----------+                                |  renegotiate)
 *   we sent the     +->| FINISHED  |- - - - - - - - - - - - - - - - +
 *   last flight        +-----------+
 *                        |      ^
 *                        +------+  {@link #onPeerRepeat}: the peer's last flight
 *                                  again: send our last flight again
 * </pre>
 *
 * <p>SENDING lasts only as long as one call: every method that enters it has queued the flight
 * (through the {@link Transmitter}) before it returns, and leaves in WAITING or FINISHED.
 *
 * <p>What the tracker owns:
 * <ul>
 *   <li>our last flight, and whether it waits for an answer (WAITING) or was our last (FINISHED);</li>
 *   <li>the retransmission timer ({@link RetransmitTimer}: its values and back-off, §4.2.4.1);</li>
 *   <li>what counts as the peer retransmitting: a fragment that repeats, byte for byte, a message
 *       of the peer's flight that our last flight answered. A different message under an old
 *       message_seq (a second, different Finished, say) is not a retransmission;</li>
 *   <li>the rules for answering a repeat ({@link RepeatAnswers}): at most one answer per datagram,
 *       none for a copy of a record already seen, a few per period.</li>
 * </ul>
 *
 * <p>RFC 6347 §4.2.4: "Partial reads (whether partial messages or only some of the messages in the
 * flight) do not cause state transitions or timer resets." The tracker leaves WAITING only when our
 * next flight goes out ({@link #send}) or the handshake completes ({@link #lastFlightReceived}).
 *
 * <p>Never reads a clock: every call that needs the time takes it. Not thread-safe: one tracker
 * belongs to one connection.
 */
public final class FlightTracker {
    /** The states of RFC 6347 §4.2.4's figure. */
    public enum State { PREPARING, SENDING, WAITING, FINISHED }

    /** Puts a flight on the wire: turns it into records and datagrams. */
    @FunctionalInterface
    public interface Transmitter {
        /**
         * @param flight          the flight to send
         * @param retransmissions how often the timer has already sent it again (from
         *                        {@link Flight#RETRANSMISSIONS_BEFORE_BACKOFF} on, in smaller datagrams)
         */
        void transmit(Flight flight, int retransmissions);
    }

    private final RetransmitTimer timer;
    private final RepeatAnswers repeatAnswers;
    private final Transmitter transmitter;
    private State state = State.PREPARING;
    private Flight lastFlight;
    /** Bodies of the peer's messages, by message_seq: to tell a true retransmission from a forgery. */
    private final Map<Integer, byte[]> peerMessages = new HashMap<>();
    /** message_seq range of the peer flight now arriving (first is -1 until a message came). */
    private int lastFlightRetransmissions;
    private int peerFlightFirst = -1;
    private int peerFlightLast = -1;
    /** message_seq range of the peer flight our last flight answered; empty until one did. */
    private int answeredFirst = Integer.MAX_VALUE;
    private int answeredLast = -1;
    private boolean answeredThisDatagram;
    private long retransmissions;

    /**
     * @param timer         the retransmission timer, stopped
     * @param repeatAnswers the rules for answering the peer's repeated flight
     * @param transmitter   where flights go out
     */
    public FlightTracker(RetransmitTimer timer, RepeatAnswers repeatAnswers, Transmitter transmitter) {
        this.timer = timer;
        this.repeatAnswers = repeatAnswers;
        this.transmitter = transmitter;
    }

    public State state() {
        return state;
    }

    // ---------------------------------------------------------------------------------------------
    // Our flights

    /**
     * PREPARING to SENDING: sends {@code flight} and keeps it as our last. With {@code awaitsAnswer}
     * the timer runs (WAITING); without, this was our last flight of the handshake (FINISHED).
     * Called in WAITING, it first takes the RFC's "read next flight" step: the peer's flight that
     * made us prepare this one has arrived, so the timer of the previous flight stops.
     */
    public void send(Flight flight, boolean awaitsAnswer, long now) {
        if (state == State.WAITING) {
            nextFlightRead();
        }
        state = State.SENDING;
        lastFlight = flight;
        if (peerFlightFirst >= 0) {
            // This flight answers the peer messages read since our previous one: only a repeat of
            // those makes us send it again.
            answeredFirst = peerFlightFirst;
            answeredLast = peerFlightLast;
        }
        peerFlightFirst = -1;
        lastFlightRetransmissions = 0;
        transmitter.transmit(flight, 0);
        if (awaitsAnswer) {
            timer.start(now);
            state = State.WAITING;
        } else {
            state = State.FINISHED;
        }
    }

    /** WAITING, "read next flight": the timer stops and resets to its initial value (§4.2.4.1). */
    private void nextFlightRead() {
        timer.stop();
        state = State.PREPARING;
    }

    /** When {@link #onTimer} must be called; {@link Long#MAX_VALUE} when no timer runs. */
    public long deadlineNanos() {
        return timer.deadlineNanos();
    }

    /**
     * WAITING, the timer expired by {@code now}: SENDING the last flight again (in smaller datagrams
     * after {@link Flight#RETRANSMISSIONS_BEFORE_BACKOFF} tries), then WAITING with the timer backed
     * off. Returns whether the flight went out; nothing happens before the deadline or in another state.
     */
    public boolean onTimer(long now) {
        if (state != State.WAITING || !timer.onDeadline(now)) {
            return false;
        }
        state = State.SENDING;
        retransmissions++; // counted first: a flight that cannot go out was still due
        lastFlightRetransmissions++;
        transmitter.transmit(lastFlight, timer.retransmissions());
        state = State.WAITING;
        return true;
    }

    /** Flights sent again so far, by the timer or because the peer repeated its own. */
    public long retransmissions() {
        return retransmissions;
    }

    /** How many times our last flight was sent again, by the timer or for the peer's repeats. */
    public int lastFlightRetransmissions() {
        return lastFlightRetransmissions;
    }

    /** The timeout the timer now runs with, for the trace. */
    public long currentTimeoutNanos() {
        return timer.currentTimeoutNanos();
    }

    /**
     * WAITING, "receive last flight": the peer's final flight arrived and the handshake is complete.
     * Our last flight got its answer and is never sent again. In FINISHED (we sent the last flight)
     * nothing changes: the flight is kept for the peer's repeats.
     */
    public void lastFlightReceived() {
        if (state == State.FINISHED) {
            return;
        }
        timer.stop();
        lastFlight = null;
        state = State.FINISHED;
    }

    /** The connection failed or closed: no flight goes out any more. */
    public void stop() {
        timer.stop();
        lastFlight = null;
    }

    // ---------------------------------------------------------------------------------------------
    // The peer's flights

    /** A new datagram begins: it may draw one answer to the peer's repeated flight. */
    public void newDatagram() {
        answeredThisDatagram = false;
    }

    /**
     * True the first time a handshake record (epoch, sequence number) is seen; a copy draws no answer
     * (see {@link RepeatAnswers#firstSighting}).
     */
    public boolean firstSighting(int epoch, long sequenceNumber) {
        return repeatAnswers.firstSighting(epoch, sequenceNumber);
    }

    /** A whole message of the peer's flight was read, in message_seq order. */
    public void peerMessage(HandshakeMessageBytes m) {
        peerMessages.put(m.messageSeq(), m.body());
        if (peerFlightFirst < 0) {
            peerFlightFirst = m.messageSeq();
        }
        peerFlightLast = m.messageSeq();
    }

    /**
     * The peer sent application data under the new keys, so it has our last flight: its messages
     * need not be remembered any more.
     */
    public void peerHasOurFlight() {
        peerMessages.clear();
    }

    /**
     * A fragment of a message the handshake has already processed. RFC 6347 §4.2.4: "The
     * implementation reads a retransmitted flight from the peer: the implementation transitions to
     * the SENDING state, where it retransmits the flight, resets the retransmit timer, and returns to
     * the WAITING state" (in FINISHED: "Retransmit last flight", and stay). Returns whether our last
     * flight went out again.
     *
     * @param copy the record carrying it was seen before ({@link #firstSighting} said false)
     */
    public boolean onPeerRepeat(HandshakeFragment f, boolean copy, long now) {
        if (lastFlight == null || answeredThisDatagram || !isRetransmissionOfAnsweredFlight(f)) {
            return false;
        }
        if (f.fragmentLength() == 0 && f.length() > 0) {
            // No byte of the message: it proves nothing about what the peer has, and answering it
            // would let a 25-byte spoofed record draw a whole flight toward the peer.
            return false;
        }
        if (copy && f.msgType() != HandshakeType.HELLO_VERIFY_REQUEST.code()) {
            // The network duplicated the record, or someone replays it. Except a HelloVerifyRequest:
            // RFC 6347 §4.2.1 has the server echo the ClientHello's record number in it, but servers
            // that always use the same number exist, and every HelloVerifyRequest of theirs looks alike.
            return false;
        }
        if (!repeatAnswers.take(now)) {
            return false;
        }
        answeredThisDatagram = true;
        State back = state;
        state = State.SENDING;
        retransmissions++;
        lastFlightRetransmissions++;
        transmitter.transmit(lastFlight, timer.retransmissions());
        if (back == State.WAITING) {
            timer.start(now); // "resets the retransmit timer": re-armed at the current timeout
        }
        state = back;
        return true;
    }

    /**
     * Whether {@code f} repeats what we received of the peer flight our last flight answered. Only
     * that flight counts: the server, waiting for flight 5, that sees the client repeat a message of
     * flight 5 must not answer with flight 4, or the two sides would bounce flights off each other
     * at wire speed.
     */
    private boolean isRetransmissionOfAnsweredFlight(HandshakeFragment f) {
        return repeats(f, answeredFirst, answeredLast);
    }

    /**
     * Whether {@code f} repeats, byte for byte, a message we have read of the peer flight now
     * arriving (the one our next flight will answer): the peer is retransmitting a flight we have
     * only partly accepted, say a ClientKeyExchange whose Finished did not authenticate. An empty
     * fragment proves nothing and does not count. Draws no answer; the engine uses it as evidence
     * that records in the same datagram come from the peer.
     */
    public boolean repeatsPeerFlightInProgress(HandshakeFragment f) {
        return peerFlightFirst >= 0 && f.fragmentLength() > 0 && repeats(f, peerFlightFirst, peerFlightLast);
    }

    private boolean repeats(HandshakeFragment f, int first, int last) {
        if (f.messageSeq() < first || f.messageSeq() > last) {
            return false;
        }
        byte[] body = peerMessages.get(f.messageSeq());
        if (body == null || body.length != f.length()) {
            return false;
        }
        byte[] part = f.body();
        return f.fragmentOffset() + part.length <= body.length
                && Arrays.equals(body, f.fragmentOffset(), f.fragmentOffset() + part.length, part, 0, part.length);
    }
}
