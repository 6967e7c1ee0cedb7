package org.dtls4j.handshake;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import org.dtls4j.record.Discard;

/**
 * Hears what happens to each connection of a {@link DtlsConfig} as it happens, where the counters
 * ({@code DtlsEngine.counters()}) only say how often it happened. Set with
 * {@link DtlsConfig.Builder#listener(DtlsListener)}; one listener serves every connection made with
 * that configuration, so each call names the peer.
 *
 * <p>Every method does nothing by default: implement those you need. The engine calls them
 * synchronously, on the thread that is running it (a transport's worker or event-loop thread),
 * in the middle of its own work. So a listener <b>must be fast and must not throw</b>: count, hand
 * the event to a queue, or log; never block, and never call back into the engine. An exception
 * thrown by a listener is caught and logged at WARNING, and the connection goes on as if the
 * listener had returned.
 *
 * <p>Times come from the engine's caller, as every time in the engine does: a duration is the
 * difference of the {@code nowNanos} values it was given, simulated time on a simulated link.
 *
 * <p>{@code peer} is the peer's address as the engine knows it ({@code DtlsEngine.peerAddress()}):
 * the transports name it before the handshake starts; an engine driven without addresses passes
 * {@code null}.
 */
public interface DtlsListener {

    /** The handshake began: a client sent its ClientHello, a server took a cookie-verified one. */
    default void handshakeStarted(SocketAddress peer, boolean client) {
    }

    /**
     * The handshake completed; {@code negotiated} names the protocol version, the cipher suite and
     * whether the session was resumed (RFC 5246 §7.3).
     *
     * @param elapsed from the start of the handshake to the peer's Finished (or ours, for the side
     *                that sends the last flight)
     */
    default void handshakeCompleted(SocketAddress peer, Negotiated negotiated, Duration elapsed) {
    }

    /**
     * The handshake or the established connection failed; the engine is {@code FAILED} now.
     *
     * @param failure   why: a {@link DtlsTimeoutException} when the handshake timed out, the
     *                  peer's alert when {@link DtlsException#isReceivedFromPeer()}
     * @param alertSent the fatal alert we sent the peer (RFC 5246 §7.2.2), or empty when none went
     *                  out: the peer's alert ended the connection, or the handshake timed out
     */
    default void failed(SocketAddress peer, DtlsException failure, Optional<AlertDescription> alertSent) {
    }

    /**
     * Our last flight went out again (RFC 6347 §4.2.4).
     *
     * @param flight          its messages, in RFC 5246 §7.4 names, e.g.
     *                        {@code "client_key_exchange, change_cipher_spec, finished"}
     * @param timeout         how long the timer now waits for the answer (RFC 6347 §4.2.4.1: it
     *                        doubles at each expiry)
     * @param peerRetransmitted true when the peer's own retransmitted flight drew it, false when our
     *                        timer expired
     */
    default void retransmitted(SocketAddress peer, String flight, Duration timeout, boolean peerRetransmitted) {
    }

    /**
     * The record layer discarded a record from this peer, silently as RFC 6347 §4.1.2.7 asks:
     * the reason is the one {@code DtlsEngine.counters().recordDiscards()} counts it under. A
     * flood of bad records calls this once per record.
     */
    default void recordDiscarded(SocketAddress peer, Discard reason) {
    }

    /**
     * A datagram arrived from {@code peer}, before the engine reads it: {@code datagram}'s remaining
     * bytes, read-only, valid only during the call (copy what you keep). For a trace of the wire
     * (the {@code dtls4j} command's {@code --trace records}); most listeners leave it alone. Called
     * for every datagram, also those the engine then discards.
     */
    default void datagramReceived(SocketAddress peer, ByteBuffer datagram) {
    }

    /**
     * A datagram leaves the engine for {@code peer}: {@code datagram}'s remaining bytes, read-only
     * and valid only during the call, as the caller of {@code pollDatagram} gets them to send.
     */
    default void datagramSent(SocketAddress peer, ByteBuffer datagram) {
    }

    /**
     * The peer's address moved: an authenticated record, newer than any before, came from
     * {@code to} under our Connection ID (RFC 9146 §6).
     */
    default void peerAddressChanged(SocketAddress from, SocketAddress to) {
    }
}
