package org.dtls4j.handshake;

/**
 * The handshake did not complete before its deadline (RFC 6347 §4.2.4 leaves the give-up point to
 * the implementation). No alert goes on the wire: the peer is presumably unreachable.
 * {@link #hasAlert()} is false and {@link #wireAlert()} empty; {@link #alert()} returns
 * handshake_failure, as it always has, for callers that only read that.
 */
public final class DtlsTimeoutException extends DtlsException {
    private static final long serialVersionUID = 1L;

    public DtlsTimeoutException(String message) {
        super(AlertDescription.HANDSHAKE_FAILURE, message, null, false, false);
    }
}
