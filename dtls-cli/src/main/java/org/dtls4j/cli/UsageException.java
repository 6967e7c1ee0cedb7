package org.dtls4j.cli;

/**
 * Bad command-line arguments: {@link Main} prints the message and the usage of the command on
 * stderr and exits with status 2, as most Unix tools do.
 */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
