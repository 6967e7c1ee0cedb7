package org.dtls4j.codec;

/**
 * Thrown when bytes received from a peer do not form a valid wire structure.
 *
 * <p>In the handshake this maps to the fatal alert {@code decode_error} (RFC 5246 §7.2.2); in the
 * record layer it never escapes: the record is discarded and counted (RFC 6347 §4.1.2.7).
 */
public final class DecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    public DecodeException(String message) {
        super(message);
    }
}
