package org.dtls4j.interop;

import java.io.IOException;

/**
 * A peer did not do what the harness waited for (a handshake, a line, a datagram) in time, or
 * failed outright.
 *
 * <p>The message always carries what the peer said: for an OpenSSL process its command line,
 * exit status and the tails of stdout and stderr, so a red test shows the cause without
 * re-running anything.
 */
public final class PeerException extends IOException {

    private static final long serialVersionUID = 1L;

    /** A failure with the peer's transcript already folded into the message. */
    public PeerException(String message) {
        super(message);
    }

    /** A failure caused by {@code cause}, with the peer's transcript in the message. */
    public PeerException(String message, Throwable cause) {
        super(message, cause);
    }
}
