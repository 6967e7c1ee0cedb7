package org.dtls4j.handshake;

import java.util.Objects;

/**
 * A failed DTLS handshake or connection: always carries the alert that was sent (or received),
 * and a message that names the cause.
 *
 * <p>Thrown by handshake states and caught once at the engine boundary, which sends the fatal
 * alert (RFC 5246 §7.2.2) and moves the engine to FAILED. Applications see it from
 * {@code DtlsEngine.failure()} and from the transport's blocking calls.
 */
public class DtlsException extends Exception {
    private static final long serialVersionUID = 1L;

    private final AlertDescription alert;
    private final boolean receivedFromPeer;

    public DtlsException(AlertDescription alert, String message) {
        this(alert, message, null, false);
    }

    public DtlsException(AlertDescription alert, String message, Throwable cause) {
        this(alert, message, cause, false);
    }

    protected DtlsException(AlertDescription alert, String message, Throwable cause, boolean receivedFromPeer) {
        super(message, cause);
        this.alert = Objects.requireNonNull(alert, "alert");
        this.receivedFromPeer = receivedFromPeer;
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

    /** The alert sent to (or, see {@link #isReceivedFromPeer()}, received from) the peer. */
    public AlertDescription alert() {
        return alert;
    }

    /** True when the peer sent this alert; false when we detected the problem and sent it. */
    public boolean isReceivedFromPeer() {
        return receivedFromPeer;
    }

    @Override
    public String getMessage() {
        return super.getMessage() + " [" + alert.rfcName() + "]";
    }
}
