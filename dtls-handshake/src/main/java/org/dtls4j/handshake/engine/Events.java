package org.dtls4j.handshake.engine;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.handshake.DtlsListener;
import org.dtls4j.handshake.Negotiated;
import org.dtls4j.handshake.flight.Flight;
import org.dtls4j.handshake.flight.OutgoingMessage;
import org.dtls4j.handshake.message.HandshakeType;
import org.dtls4j.record.Discard;
import org.dtls4j.record.DiscardCounters;

/**
 * What one connection tells the outside as it happens: the configuration's
 * {@link DtlsListener}, if any, and the {@link JfrEvents}, from the same calls. The engine calls
 * here where each event happens; nothing here changes the connection.
 *
 * <p>A listener that throws is logged and otherwise ignored: the engine's work goes on. An event
 * nobody hears costs a null check and a JFR flag.
 *
 * <p>Discards are counted by the record layer deep inside a datagram's processing
 * ({@link DiscardCounters}); rather than reach in there, {@link #beforeDatagram} and
 * {@link #afterDatagram} compare the counts around one datagram, and only when someone listens.
 * Not thread-safe: one per connection.
 */
final class Events {
    private static final Discard[] REASONS = Discard.values();

    private final DtlsListener listener;
    private final boolean client;
    private final Supplier<SocketAddress> peer;
    private final Trace trace;
    private long startedAt;
    private boolean handshaking;
    /** Our last flight, named only if it goes out again. */
    private Flight lastFlight;
    /** Discard counts before the datagram being handled; null until someone listens for discards. */
    private long[] discardsBefore;
    private boolean watchingDiscards;

    Events(DtlsListener listener, boolean client, Supplier<SocketAddress> peer, Trace trace) {
        this.listener = listener;
        this.client = client;
        this.peer = peer;
        this.trace = trace;
    }

    void handshakeStarted(long now) {
        startedAt = now;
        handshaking = true;
        SocketAddress at = peer.get();
        tell(l -> l.handshakeStarted(at, client));
        JfrEvents.HandshakeStarted e = new JfrEvents.HandshakeStarted();
        if (e.isEnabled()) {
            e.peer = name(at);
            e.client = client;
            e.commit();
        }
    }

    void handshakeCompleted(Negotiated n, long now) {
        handshaking = false;
        SocketAddress at = peer.get();
        long elapsed = now - startedAt;
        tell(l -> l.handshakeCompleted(at, n, Duration.ofNanos(elapsed)));
        JfrEvents.HandshakeCompleted e = new JfrEvents.HandshakeCompleted();
        if (e.isEnabled()) {
            e.peer = name(at);
            e.client = client;
            e.protocol = n.protocol();
            e.cipherSuite = n.cipherSuite().name();
            e.resumed = n.resumed();
            e.handshakeDuration = elapsed;
            e.commit();
        }
    }

    /** @param alertSent our fatal alert, if it went out; null if none did */
    void failed(DtlsException failure, AlertDescription alertSent, long now) {
        boolean duringHandshake = handshaking;
        handshaking = false;
        SocketAddress at = peer.get();
        tell(l -> l.failed(at, failure, Optional.ofNullable(alertSent)));
        JfrEvents.ConnectionFailed e = new JfrEvents.ConnectionFailed();
        if (e.isEnabled()) {
            e.peer = name(at);
            e.client = client;
            e.duringHandshake = duringHandshake;
            e.failure = failure.getClass().getName();
            e.reason = failure.getMessage();
            e.alertSent = alertSent == null ? null : alertSent.rfcName();
            e.alertReceived = failure.isReceivedFromPeer() ? failure.alert().rfcName() : null;
            e.elapsed = now - startedAt;
            e.commit();
        }
    }

    /** A flight went out for the first time: kept to be named if it goes out again. */
    void flightSent(Flight flight) {
        lastFlight = flight;
    }

    void retransmitted(long timeoutNanos, boolean peerRetransmitted) {
        JfrEvents.FlightRetransmitted e = new JfrEvents.FlightRetransmitted();
        if (listener == null && !e.isEnabled()) {
            return;
        }
        SocketAddress at = peer.get();
        String flight = flightName(lastFlight);
        tell(l -> l.retransmitted(at, flight, Duration.ofNanos(timeoutNanos), peerRetransmitted));
        if (e.isEnabled()) {
            e.peer = name(at);
            e.client = client;
            e.flight = flight;
            e.timeout = timeoutNanos;
            e.peerRetransmitted = peerRetransmitted;
            e.commit();
        }
    }

    /** A datagram is about to go through the record layer: remember the discard counts, if anyone listens. */
    void beforeDatagram(DiscardCounters discards) {
        watchingDiscards = listener != null || JfrEvents.discardsEnabled();
        if (!watchingDiscards) {
            return;
        }
        if (discardsBefore == null) {
            discardsBefore = new long[REASONS.length];
        }
        for (int i = 0; i < REASONS.length; i++) {
            discardsBefore[i] = discards.count(REASONS[i]);
        }
    }

    /** The datagram went through: one event per record it had discarded. */
    void afterDatagram(DiscardCounters discards) {
        if (!watchingDiscards) {
            return;
        }
        SocketAddress at = peer.get();
        for (int i = 0; i < REASONS.length; i++) {
            Discard reason = REASONS[i];
            for (long n = discards.count(reason) - discardsBefore[i]; n > 0; n--) {
                tell(l -> l.recordDiscarded(at, reason));
                JfrEvents.RecordDiscarded e = new JfrEvents.RecordDiscarded();
                if (e.isEnabled()) {
                    e.peer = name(at);
                    e.reason = reason.name();
                    e.commit();
                }
            }
        }
    }

    void peerAddressChanged(SocketAddress from, SocketAddress to) {
        tell(l -> l.peerAddressChanged(from, to));
        JfrEvents.PeerAddressChanged e = new JfrEvents.PeerAddressChanged();
        if (e.isEnabled()) {
            e.from = name(from);
            e.to = name(to);
            e.commit();
        }
    }

    /** Calls the listener, if any; what it throws is logged and goes no further. */
    /** Whether a listener hears datagrams, so that a caller makes a view of one only then. */
    boolean hearsDatagrams() {
        return listener != null;
    }

    /** A datagram from {@code source} (or the peer, when null), before the engine reads it. */
    void datagramReceived(byte[] datagram, int offset, int length, SocketAddress source) {
        if (listener == null) {
            return;
        }
        SocketAddress at = source != null ? source : peer.get();
        ByteBuffer view = ByteBuffer.wrap(datagram, offset, length).asReadOnlyBuffer();
        tell(l -> l.datagramReceived(at, view));
    }

    /** A datagram handed to the caller to send: {@code datagram}'s remaining bytes. */
    void datagramSent(ByteBuffer datagram) {
        if (listener == null) {
            return;
        }
        SocketAddress at = peer.get();
        ByteBuffer view = datagram.asReadOnlyBuffer();
        tell(l -> l.datagramSent(at, view));
    }

    private void tell(Consumer<DtlsListener> call) {
        if (listener == null) {
            return;
        }
        try {
            call.accept(listener);
        } catch (RuntimeException e) {
            trace.warning("the DtlsListener threw; the connection goes on: " + e, e);
        }
    }

    private static String name(SocketAddress at) {
        return at == null ? null : Trace.name(at);
    }

    /** The flight's messages in RFC 5246 §7.4 names: {@code "client_key_exchange, change_cipher_spec, finished"}. */
    static String flightName(Flight flight) {
        if (flight == null) {
            return "";
        }
        StringJoiner names = new StringJoiner(", ");
        for (OutgoingMessage m : flight.messages()) {
            HandshakeType type = m.isHandshake() ? HandshakeType.fromCode(m.msgType()) : null;
            names.add(!m.isHandshake() ? "change_cipher_spec"
                    : type == null ? "type " + m.msgType() : type.name().toLowerCase(java.util.Locale.ROOT));
        }
        return names.toString();
    }
}
