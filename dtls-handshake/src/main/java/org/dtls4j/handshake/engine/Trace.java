package org.dtls4j.handshake.engine;

import java.util.function.Supplier;

/**
 * The learner's trace of one connection: a line per protocol event, at DEBUG on the engine's
 * {@link System.Logger}, each prefixed with the side. A line is built only when DEBUG is on, so
 * the trace costs nothing when it is off.
 */
final class Trace {
    private final System.Logger log;
    private final String prefix;

    Trace(System.Logger log, boolean client) {
        this.log = log;
        this.prefix = client ? "[client] " : "[server] ";
    }

    /** Whether lines are shown: work done only for the trace can be skipped when not. */
    boolean enabled() {
        return log.isLoggable(System.Logger.Level.DEBUG);
    }

    void line(Supplier<String> line) {
        if (enabled()) {
            log.log(System.Logger.Level.DEBUG, prefix + line.get());
        }
    }
}
