package org.dtls4j.handshake.engine;

import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.DecodeException;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.handshake.flight.FlightTracker;
import org.dtls4j.handshake.fragment.HandshakeFragment;
import org.dtls4j.handshake.fragment.HandshakeMessageBytes;
import org.dtls4j.handshake.fragment.Reassembler;
import org.dtls4j.handshake.message.Alert;
import org.dtls4j.handshake.message.HandshakeType;
import org.dtls4j.handshake.protocol.Handshake;
import org.dtls4j.record.RecordLayer;

/**
 * The way in for one connection's handshake records (RFC 6347 §4.2.2, §4.2.3, §4.2.4): fragments go
 * to the {@link Reassembler}, and each completed message, in message_seq order, to the
 * {@link Handshake}. Two kinds of fragment stop short of that:
 * <ul>
 *   <li>fragments of messages already processed: the peer repeated its flight, which may draw our
 *       last flight again (the {@link FlightTracker} decides);</li>
 *   <li>a hello that would start a renegotiation once the connection is up: refused with a
 *       no_renegotiation warning (RFC 5746 §4.2, §4.4).</li>
 * </ul>
 * Errors are thrown to the caller, {@link InboundRecords}, whose {@link Outcome} keeps them.
 * Not thread-safe: one per connection.
 */
final class HandshakeRecords {
    /**
     * The reassembler's caps for a connection: 64 KiB per message as by default, but also 64 KiB in
     * all (the default is 128 KiB). The reassembler takes each message's buffer at its declared
     * length, so a single datagram of fragment headers can make it hold up to this total; 64 KiB is
     * the budget for what one unauthenticated datagram may cost. A flight larger than that still
     * completes: the next expected message always evicts later ones (see {@link Reassembler}), and
     * the retransmission brings them back.
     */
    private static final Reassembler.Limits REASSEMBLY_LIMITS = new Reassembler.Limits(
            Reassembler.Limits.DEFAULT_MAX_MESSAGE_LENGTH, 64 * 1024,
            Reassembler.Limits.DEFAULT_MAX_MESSAGES_AHEAD, Reassembler.Limits.DEFAULT_MAX_RANGES_PER_MESSAGE);

    private final boolean client;
    private final RecordLayer records;
    private final Reassembler reassembler = new Reassembler(REASSEMBLY_LIMITS);
    private final Handshake handshake;
    private final FlightTracker flights;
    private final OutboundRecords outbound;
    private final EngineCounters counters;
    private final Trace trace;
    private boolean handshakeComplete;
    /** The datagram being read carried a message of the peer's flight in progress: see {@link #peerFlightInDatagram}. */
    private boolean peerFlightInDatagram;

    HandshakeRecords(boolean client, RecordLayer records, Handshake handshake, FlightTracker flights,
                     OutboundRecords outbound, EngineCounters counters, Trace trace) {
        this.client = client;
        this.records = records;
        this.handshake = handshake;
        this.flights = flights;
        this.outbound = outbound;
        this.counters = counters;
        this.trace = trace;
    }

    /** The message_seq of the peer's next message, once the handshake has read the ones before it. */
    void expectMessageSeq(int messageSeq) {
        reassembler.setNextExpectedSeq(messageSeq);
    }

    /** Notes a handshake record read elsewhere (the cookie exchange's ClientHello): its copies draw no answer. */
    void seen(int epoch, long seq) {
        flights.firstSighting(epoch, seq);
    }

    /** Bytes the reassembler holds (each message at its declared length). */
    long bufferedBytes() {
        return reassembler.bufferedBytes();
    }

    /** A new datagram begins: it may draw one answer to the peer's repeated flight. */
    void newDatagram() {
        flights.newDatagram();
        peerFlightInDatagram = false;
    }

    /**
     * Whether the datagram being read carried a message of the peer's flight in progress that only
     * the peer could have sent: one read now for the first time, or a byte-for-byte repeat of one
     * read before, in a record not seen before ({@link FlightTracker#repeatsPeerFlightInProgress}).
     * Records beside it in the datagram then come from the peer too (see {@link KeyMismatchWatch}).
     */
    boolean peerFlightInDatagram() {
        return peerFlightInDatagram;
    }

    /**
     * The handshake completed: what is left in the reassembler is not needed any more, and a new
     * hello from now on would start a renegotiation.
     */
    /** Whether the handshake has completed: a hello from now on would start a renegotiation. */
    boolean handshakeComplete() {
        return handshakeComplete;
    }

    void handshakeCompleted() {
        handshakeComplete = true;
        reassembler.discardBuffered();
    }

    void onHandshakeRecord(int epoch, long seq, byte[] buf, int off, int len, long now) throws DtlsException {
        // Epoch 0 has no replay window, so copies of a record reach this point; they are harmless
        // to the reassembler, but they are not the peer retransmitting, and draw no answer.
        boolean copy = !flights.firstSighting(epoch, seq);
        ByteReader r = new ByteReader(buf, off, len);
        boolean oldEpoch = epoch < records.readEpoch();
        while (r.hasRemaining()) {
            HandshakeFragment f;
            try {
                f = HandshakeFragment.decode(r);
            } catch (DecodeException e) {
                counters.badFragments++;
                return;
            }
            if (handshakeComplete && !oldEpoch && epoch > 0 && isRenegotiationStart(f)) {
                // RFC 6347 §4.2.2: a new handshake starts again at message_seq 0, so a renegotiating
                // hello looks "old" to the reassembler; it is refused here (RFC 5746 §4.4).
                refuseRenegotiation();
                continue;
            }
            if (f.messageSeq() < reassembler.nextExpectedSeq()) {
                onPeerRetransmission(f, copy, now);
                continue;
            }
            if (oldEpoch) {
                // RFC 6347 §4.1: a new message must come in the current epoch; an epoch-0 Finished
                // after ChangeCipherSpec is a forgery (pion CVE-2019-20786's pattern).
                counters.badFragments++;
                continue;
            }
            Reassembler.Outcome outcome = reassembler.offer(f);
            if (outcome != Reassembler.Outcome.ACCEPTED) {
                counters.badFragments++;
            }
        }
        HandshakeMessageBytes m;
        while ((m = reassembler.poll()) != null) {
            if (handshakeComplete) {
                onMessageAfterCompletion(m);
                continue;
            }
            // RFC 6347 §4.2.4: the timer keeps running while the peer's flight is only partly here;
            // it stops when our next flight goes out or the handshake completes (FlightTracker).
            peerFlightInDatagram = true;
            handshake.onMessage(m, epoch, now);
        }
    }

    /**
     * RFC 5746 §4.2 / §4.4: renegotiation is refused. A HelloRequest (to a client) or a ClientHello
     * in the established epoch (to a server) gets a no_renegotiation warning; the connection goes on.
     */
    private void onMessageAfterCompletion(HandshakeMessageBytes m) {
        if (m.msgType() == renegotiationStartType()) {
            refuseRenegotiation();
        } else {
            counters.unexpectedRecords++;
        }
    }

    /** The message that would start a renegotiation: HelloRequest to a client, ClientHello to a server. */
    private int renegotiationStartType() {
        return client ? HandshakeType.HELLO_REQUEST.code() : HandshakeType.CLIENT_HELLO.code();
    }

    private boolean isRenegotiationStart(HandshakeFragment f) {
        return f.msgType() == renegotiationStartType();
    }

    private void refuseRenegotiation() {
        trace.line(() -> "renegotiation attempt refused with no_renegotiation");
        outbound.alert(Alert.warning(AlertDescription.NO_RENEGOTIATION));
    }

    /**
     * A fragment of a message already processed: the peer may be retransmitting its flight because
     * ours was lost (RFC 6347 §4.2.4). Whether that draws our last flight again is the
     * {@link FlightTracker}'s rule.
     */
    private void onPeerRetransmission(HandshakeFragment f, boolean copy, long now) {
        counters.duplicateFragments++;
        if (!copy && !handshakeComplete && flights.repeatsPeerFlightInProgress(f)) {
            peerFlightInDatagram = true;
        }
        if (flights.onPeerRepeat(f, copy, now)) {
            trace.line(() -> "peer retransmitted message_seq " + f.messageSeq() + ": resending our last flight");
        }
    }
}
