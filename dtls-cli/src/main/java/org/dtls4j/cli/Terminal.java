package org.dtls4j.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * What a command gets from the process besides its arguments: the three standard streams and the
 * environment. {@link Main#main} passes the process's own; tests pass in-memory streams and a
 * map, so no command ever reaches for {@code System.out} or {@code System.getenv} directly.
 *
 * @param in          standard input (the client reads lines to send from it)
 * @param out         standard output: results, negotiated parameters, the handshake trace
 * @param err         standard error: errors and usage
 * @param environment environment variables ({@code DTLS4J_PSK})
 */
public record Terminal(InputStream in, PrintStream out, PrintStream err, Map<String, String> environment) {

    public Terminal {
        environment = Map.copyOf(environment);
    }

    /** The process's standard streams and environment. */
    public static Terminal system() {
        return new Terminal(System.in, System.out, System.err, System.getenv());
    }
}
