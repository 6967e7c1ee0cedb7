package org.dtls4j.handshake.observe;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Keeps what the engine logs while a test runs, instead of printing it: {@code System.Logger}
 * goes to {@code java.util.logging} when nothing else is installed, DEBUG as FINE. Lowers the
 * engine's logger to FINE (the trace) and puts everything back when closed.
 */
final class LogCapture extends Handler implements AutoCloseable {
    private static final Logger ENGINE = Logger.getLogger("org.dtls4j.handshake.engine.DtlsEngine");

    private final Level levelBefore = ENGINE.getLevel();
    private final boolean parentsBefore = ENGINE.getUseParentHandlers();
    private final List<LogRecord> records = new ArrayList<>();

    LogCapture() {
        setLevel(Level.ALL);
        ENGINE.setLevel(Level.FINE);
        ENGINE.setUseParentHandlers(false);
        ENGINE.addHandler(this);
    }

    @Override
    public synchronized void publish(LogRecord r) {
        records.add(r);
    }

    synchronized List<LogRecord> records() {
        return List.copyOf(records);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        ENGINE.removeHandler(this);
        ENGINE.setUseParentHandlers(parentsBefore);
        ENGINE.setLevel(levelBefore);
    }
}
