package org.dtls4j.handshake.engine;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * The engine's JDK Flight Recorder events, one per {@link org.dtls4j.handshake.DtlsListener}
 * method, named {@code org.dtls4j.*}. They cost a check of a flag when no recording asks for
 * them; {@link Events} emits them next to the listener's calls.
 *
 * <p>Every event is instant (its duration is zero) and carries no stack trace. A handshake's
 * duration is a field, measured with the engine's own clock (the {@code nowNanos} its caller
 * passes), which is not the recorder's: on a simulated link it is simulated time.
 *
 * <p>{@code org.dtls4j.RecordDiscarded} is off by default: a flood of forged records would emit
 * one event per record. Enable it in a recording ({@code Recording.enable("org.dtls4j.RecordDiscarded")},
 * or a {@code .jfc} settings file) to see which peer sends what; the counters count discards always.
 */
final class JfrEvents {
    private static final String CATEGORY = "DTLS";

    private JfrEvents() {
    }

    @Name("org.dtls4j.HandshakeStarted")
    @Label("DTLS Handshake Started")
    @Category(CATEGORY)
    @StackTrace(false)
    static final class HandshakeStarted extends Event {
        @Label("Peer") String peer;
        @Label("Client") @Description("true on the client side") boolean client;
    }

    @Name("org.dtls4j.HandshakeCompleted")
    @Label("DTLS Handshake Completed")
    @Category(CATEGORY)
    @StackTrace(false)
    static final class HandshakeCompleted extends Event {
        @Label("Peer") String peer;
        @Label("Client") boolean client;
        @Label("Protocol") String protocol;
        @Label("Cipher Suite") String cipherSuite;
        @Label("Resumed") @Description("an abbreviated handshake (RFC 5246 §7.3)") boolean resumed;
        @Label("Handshake Duration") @Description("by the engine's clock") @Timespan(Timespan.NANOSECONDS)
        long handshakeDuration;
    }

    @Name("org.dtls4j.ConnectionFailed")
    @Label("DTLS Connection Failed")
    @Description("A handshake or an established connection failed")
    @Category(CATEGORY)
    @StackTrace(false)
    static final class ConnectionFailed extends Event {
        @Label("Peer") String peer;
        @Label("Client") boolean client;
        @Label("During Handshake") boolean duringHandshake;
        @Label("Failure") @Description("the exception's class") String failure;
        @Label("Reason") String reason;
        @Label("Alert Sent") @Description("our fatal alert, or null when none went out") String alertSent;
        @Label("Alert Received") @Description("the peer's fatal alert that ended it, or null") String alertReceived;
        @Label("Elapsed") @Description("since the handshake started, by the engine's clock")
        @Timespan(Timespan.NANOSECONDS) long elapsed;
    }

    @Name("org.dtls4j.FlightRetransmitted")
    @Label("DTLS Flight Retransmitted")
    @Category(CATEGORY)
    @StackTrace(false)
    static final class FlightRetransmitted extends Event {
        @Label("Peer") String peer;
        @Label("Client") boolean client;
        @Label("Flight") String flight;
        @Label("Timeout") @Description("the retransmission timer's value from now on")
        @Timespan(Timespan.NANOSECONDS) long timeout;
        @Label("Peer Retransmitted") @Description("the peer's repeated flight drew it, not our timer")
        boolean peerRetransmitted;
    }

    @Name("org.dtls4j.RecordDiscarded")
    @Label("DTLS Record Discarded")
    @Description("A received record dropped silently (RFC 6347 §4.1.2.7); off by default")
    @Category(CATEGORY)
    @StackTrace(false)
    @Enabled(false)
    static final class RecordDiscarded extends Event {
        @Label("Peer") String peer;
        @Label("Reason") String reason;
    }

    @Name("org.dtls4j.PeerAddressChanged")
    @Label("DTLS Peer Address Changed")
    @Description("RFC 9146 §6: an authenticated, newer record came from a new address")
    @Category(CATEGORY)
    @StackTrace(false)
    static final class PeerAddressChanged extends Event {
        @Label("From") String from;
        @Label("To") String to;
    }

    /**
     * Whether a recording wants discards: asked once per datagram, before counting them. An event
     * object that is only asked this is not kept, and the JIT removes it; unlike
     * {@code EventType.getEventType}, it does not start the recorder's machinery when nobody records.
     */
    static boolean discardsEnabled() {
        return new RecordDiscarded().isEnabled();
    }
}
