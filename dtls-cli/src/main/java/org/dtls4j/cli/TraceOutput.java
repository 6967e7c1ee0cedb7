package org.dtls4j.cli;

import java.io.PrintStream;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Shows the library's handshake trace: the engine logs each flight, message and choice through
 * {@code System.Logger} at DEBUG (java.util.logging FINE), as lines like
 * {@code [client] sending CLIENT_HELLO (message_seq 0, epoch 0)}. While installed, every
 * {@code org.dtls4j} logger at FINE and above prints its message plainly, one line each, without
 * timestamps, to the given stream.
 */
final class TraceOutput implements AutoCloseable {
    private static final String ROOT = "org.dtls4j";

    /** Held strongly: java.util.logging keeps only weak references to its loggers. */
    private final Logger logger;
    private final Handler handler;
    private final Level previousLevel;
    private final boolean previousUseParent;

    private TraceOutput(PrintStream out) {
        this.logger = Logger.getLogger(ROOT);
        this.previousLevel = logger.getLevel();
        this.previousUseParent = logger.getUseParentHandlers();
        this.handler = new PlainHandler(out);
        logger.setLevel(Level.FINE);
        logger.addHandler(handler);
        logger.setUseParentHandlers(false);
    }

    /** Starts printing the trace to {@code out}; close to stop. */
    static TraceOutput install(PrintStream out) {
        return new TraceOutput(out);
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setLevel(previousLevel);
        logger.setUseParentHandlers(previousUseParent);
    }

    /** One line per record: the message, and the exception's own message if one is attached. */
    private static final class PlainHandler extends Handler {
        private final PrintStream out;
        private final Formatter messages = new SimpleFormatter();

        PlainHandler(PrintStream out) {
            this.out = out;
            setLevel(Level.FINE);
        }

        @Override
        public void publish(LogRecord record) {
            if (!isLoggable(record)) {
                return;
            }
            String line = messages.formatMessage(record);
            if (record.getThrown() != null) {
                line += " (" + record.getThrown() + ")";
            }
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                line = record.getLevel().getName().toLowerCase(java.util.Locale.ROOT) + ": " + line;
            }
            out.println(line);
        }

        @Override
        public void flush() {
            out.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }
}
