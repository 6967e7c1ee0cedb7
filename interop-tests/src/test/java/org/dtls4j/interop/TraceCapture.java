package org.dtls4j.interop;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Keeps the last lines of dtls4j's handshake trace while a case runs, so that a red cell shows
 * what dtls4j did (RFC 6347 §4.2.4 flights, retransmissions, discarded records, the alert).
 *
 * <p>dtls4j logs through {@code System.Logger} at DEBUG, which the JDK maps to
 * {@code java.util.logging} FINE, under logger names starting with {@code org.dtls4j}, in lines
 * like {@code [client] sending CLIENT_HELLO (message_seq 0, epoch 0)}. While installed, this
 * handler lowers logger {@code org.dtls4j} to FINE and keeps at most {@link #MAX_LINES} lines;
 * when the last installed capture is closed, the logger's level is restored. Several captures
 * installed at once each see every line: the cases run one after another, so the trace of a case
 * holds only that case's lines.
 */
final class TraceCapture implements AutoCloseable {

    /** Lines kept: enough for a handshake with retransmissions, bounded for a long run. */
    static final int MAX_LINES = 400;
    private static final String ROOT = "org.dtls4j";

    /** Held strongly: java.util.logging keeps only weak references to its loggers. */
    private static final Logger LOGGER = Logger.getLogger(ROOT);
    /** Captures installed now, and the level the logger had before the first of them. */
    private static int installed;
    private static Level levelBefore;

    private final Handler handler;
    private boolean closed;
    private final ArrayDeque<String> lines = new ArrayDeque<>();
    private final long installedMillis = System.currentTimeMillis();
    private long dropped;

    private TraceCapture() {
        this.handler = new Collector();
        synchronized (TraceCapture.class) {
            if (installed++ == 0) {
                levelBefore = LOGGER.getLevel();
                LOGGER.setLevel(Level.FINE);
            }
        }
        LOGGER.addHandler(handler);
    }

    /** Starts keeping trace lines; close to stop. */
    static TraceCapture install() {
        return new TraceCapture();
    }

    /** The lines kept so far, oldest first. */
    List<String> lines() {
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }

    /** The last {@code n} lines, each indented, with a note of how many earlier lines were dropped. */
    String tail(int n) {
        StringBuilder sb = new StringBuilder();
        synchronized (lines) {
            int skip = Math.max(0, lines.size() - n);
            if (skip + dropped > 0) {
                sb.append("    (").append(skip + dropped).append(" earlier lines not shown)\n");
            }
            int i = 0;
            for (String line : lines) {
                if (i++ >= skip) {
                    sb.append("    ").append(line).append('\n');
                }
            }
        }
        return sb.toString();
    }

    /** Stops keeping lines (the kept ones stay readable). Idempotent. */
    @Override
    public void close() {
        synchronized (TraceCapture.class) {
            if (closed) {
                return;
            }
            closed = true;
            LOGGER.removeHandler(handler);
            if (--installed == 0) {
                LOGGER.setLevel(levelBefore);
            }
        }
    }

    private void add(String line) {
        synchronized (lines) {
            if (lines.size() == MAX_LINES) {
                lines.removeFirst();
                dropped++;
            }
            lines.addLast(line);
        }
    }

    /** One line per log record: milliseconds since installation, the message, and an attached exception's own message. */
    private final class Collector extends Handler {
        private final SimpleFormatter formatter = new SimpleFormatter();

        Collector() {
            setLevel(Level.FINE);
        }

        @Override
        public void publish(LogRecord r) {
            if (!isLoggable(r)) {
                return;
            }
            String line = formatter.formatMessage(r);
            if (r.getThrown() != null) {
                line += " (" + r.getThrown() + ")";
            }
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                line = r.getLevel().getName() + ": " + line;
            }
            add(String.format("+%5d ms %s", r.getMillis() - installedMillis, line));
        }

        @Override
        public void flush() {
            // Nothing buffered outside the deque.
        }

        @Override
        public void close() {
            // Nothing to release.
        }
    }
}
