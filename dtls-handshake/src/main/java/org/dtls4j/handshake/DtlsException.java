package org.dtls4j.handshake;

import java.util.Objects;
import java.util.Optional;

/**
 * A failed DTLS handshake or connection: carries the alert that was sent (or received), and a
 * message that names the cause.
 *
 * <p>Some failures put no alert on the wire: a handshake that timed out
 * ({@link DtlsTimeoutException}: the peer is presumably unreachable, RFC 6347 §4.2.4 leaves the
 * give-up point to the implementation), or a write epoch out of sequence numbers (RFC 6347 §4.1:
 * no sequence number is left to send one under). For those {@link #hasAlert()} is false and
 * {@link #wireAlert()} empty; {@link #alert()} still returns a description, the one RFC 5246
 * §7.2.2 would name for the condition (handshake_failure, internal_error), so that callers that
 * only read {@code alert()} keep working. Check {@link #hasAlert()} before telling anyone that an
 * alert was sent.
 *
 * <p>Thrown by handshake states and caught once at the engine boundary, which sends the fatal
 * alert (RFC 5246 §7.2.2) and moves the engine to FAILED. Applications see it from
 * {@code DtlsEngine.failure()} and from the transport's blocking calls.
 */
public class DtlsException extends Exception {
    private static final long serialVersionUID = 1L;

    private final AlertDescription alert;
    private final boolean receivedFromPeer;
    private final boolean alertOnTheWire;

    public DtlsException(AlertDescription alert, String message) {
        this(alert, message, null, false);
    }

    public DtlsException(AlertDescription alert, String message, Throwable cause) {
        this(alert, message, cause, false);
    }

    protected DtlsException(AlertDescription alert, String message, Throwable cause, boolean receivedFromPeer) {
        this(alert, message, cause, receivedFromPeer, true);
    }

    /**
     * @param alert          the alert sent or received; without {@code alertOnTheWire}, the
     *                       description closest to the condition, never sent
     * @param alertOnTheWire whether an alert was sent or received at all
     */
    protected DtlsException(AlertDescription alert, String message, Throwable cause, boolean receivedFromPeer,
                            boolean alertOnTheWire) {
        super(message, cause);
        this.alert = Objects.requireNonNull(alert, "alert");
        this.receivedFromPeer = receivedFromPeer;
        this.alertOnTheWire = alertOnTheWire;
    }

    /**
     * A failure that sends no alert (see the class comment); {@code closest} is what
     * {@link #alert()} returns.
     */
    public static DtlsException withoutAlert(AlertDescription closest, String message, Throwable cause) {
        return new DtlsException(closest, message, cause, false, false);
    }

    /** A fatal alert the peer sent us. */
    public static DtlsException fromPeer(AlertDescription alert) {
        return new DtlsException(alert, "peer sent fatal alert " + alert.rfcName(), null, true);
    }

    /**
     * A fatal alert the peer sent us, with what it means here, e.g. that the keys differ when the
     * peer answers our Finished with bad_record_mac.
     */
    public static DtlsException fromPeer(AlertDescription alert, String explanation) {
        return new DtlsException(alert, "peer sent fatal alert " + alert.rfcName() + ": " + explanation, null, true);
    }

    /**
     * The alert sent to (or, see {@link #isReceivedFromPeer()}, received from) the peer. Never null:
     * when no alert went on the wire ({@link #hasAlert()} false), the description closest to the
     * condition, e.g. handshake_failure for a timeout.
     */
    public AlertDescription alert() {
        return alert;
    }

    /** Whether an alert went on the wire: we sent it, or the peer did. False for a timeout. */
    public boolean hasAlert() {
        return alertOnTheWire;
    }

    /** The alert sent or received, or empty when none went on the wire (a timeout, say). */
    public Optional<AlertDescription> wireAlert() {
        return alertOnTheWire ? Optional.of(alert) : Optional.empty();
    }

    /** True when the peer sent this alert; false when we detected the problem and sent it. */
    public boolean isReceivedFromPeer() {
        return receivedFromPeer;
    }

    /** The cause, then the alert in brackets, e.g. {@code "... [bad_record_mac]"}, or {@code "[no alert]"}. */
    @Override
    public String getMessage() {
        return super.getMessage() + " [" + (alertOnTheWire ? alert.rfcName() : "no alert") + "]";
    }
}
