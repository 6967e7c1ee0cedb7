package org.dtls4j.cli;

/**
 * A command that could not do its job for a reason outside the arguments' syntax: a handshake
 * failed, a file could not be read, a socket could not be bound. {@link Main} prints the message
 * and exits with status 1.
 */
final class CommandFailure extends Exception {
    private static final long serialVersionUID = 1L;

    CommandFailure(String message) {
        super(message);
    }

    CommandFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
