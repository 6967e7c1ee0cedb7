package org.dtls4j.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lines one stream of a child process printed, kept in a bounded buffer and read on a
 * background daemon thread, with a cursor that waits (bounded) for the next line of interest.
 *
 * <p>Bounds: at most {@link #MAX_CHARS} characters are kept; older lines are dropped first and
 * counted. A single line longer than {@link #MAX_LINE} is cut. The reader never blocks the
 * process: it drains the pipe as fast as the process writes, whatever the test does.
 *
 * <p>Lines are decoded as ISO-8859-1 so each byte maps to one char and binary noise cannot
 * break decoding.
 */
final class OutputCapture {

    /** Characters kept per stream before the oldest lines are dropped. */
    static final int MAX_CHARS = 1 << 20;
    /** Longest line kept whole. */
    static final int MAX_LINE = 64 * 1024;

    private final String name;
    // Kept lines are lines[head..]; lines[0..head) are dropped slots awaiting compaction.
    private final List<String> lines = new ArrayList<>();
    private int head;
    private final Thread reader;
    private long firstIndex;   // absolute index of lines[head]
    private long cursor;       // absolute index of the next line await* will look at
    private long keptChars;
    private boolean ended;

    private OutputCapture(String name, InputStream in) {
        this.name = name;
        this.reader = new Thread(() -> pump(in), "capture-" + name);
        this.reader.setDaemon(true);
    }

    /** Starts draining {@code in} on a daemon thread. */
    static OutputCapture start(String name, InputStream in) {
        OutputCapture capture = new OutputCapture(name, in);
        capture.reader.start();
        return capture;
    }

    private void pump(InputStream in) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1))) {
            String line;
            while ((line = r.readLine()) != null) {
                append(line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + "...[cut]" : line);
            }
        } catch (IOException closed) {
            // The process went away or the stream was closed by close(): nothing more to read.
        } finally {
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }
    }

    private synchronized void append(String line) {
        lines.add(line);
        keptChars += line.length() + 1;
        while (keptChars > MAX_CHARS && kept() > 1) {
            keptChars -= lines.get(head).length() + 1;
            lines.set(head++, null);
            firstIndex++;
        }
        if (head > 1024 && head > lines.size() / 2) {
            lines.subList(0, head).clear();
            head = 0;
        }
        notifyAll();
    }

    /**
     * Waits until a line at or after the cursor matches {@code pattern} (with {@code find}), moves
     * the cursor past it and returns the match; empty if the stream ended or the deadline passed
     * first.
     */
    synchronized Optional<Matcher> awaitMatch(Pattern pattern, Deadline deadline) throws InterruptedException {
        while (true) {
            cursor = Math.max(cursor, firstIndex);
            while (cursor < firstIndex + kept()) {
                String line = lineAt(cursor++);
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    return Optional.of(m);
                }
            }
            if (ended || deadline.expired()) {
                return Optional.empty();
            }
            wait(deadline.remainingMillisAtLeastOne());
        }
    }

    /**
     * Waits for the next line after the cursor that does not match {@code skip}, moves the cursor
     * past it and returns it; empty if the stream ended or the deadline passed first.
     */
    synchronized Optional<String> awaitNextLine(Pattern skip, Deadline deadline) throws InterruptedException {
        while (true) {
            cursor = Math.max(cursor, firstIndex);
            while (cursor < firstIndex + kept()) {
                String line = lineAt(cursor++);
                if (!skip.matcher(line).find()) {
                    return Optional.of(line);
                }
            }
            if (ended || deadline.expired()) {
                return Optional.empty();
            }
            wait(deadline.remainingMillisAtLeastOne());
        }
    }

    /**
     * Waits until at least {@code n} of the kept lines match {@code pattern} (with {@code find}),
     * whatever the cursor; false if the stream ended or the deadline passed first. The cursor does
     * not move.
     */
    synchronized boolean awaitMatches(Pattern pattern, int n, Deadline deadline) throws InterruptedException {
        while (true) {
            int matching = 0;
            for (int i = head; i < lines.size() && matching < n; i++) {
                if (pattern.matcher(lines.get(i)).find()) {
                    matching++;
                }
            }
            if (matching >= n) {
                return true;
            }
            if (ended || deadline.expired()) {
                return false;
            }
            wait(deadline.remainingMillisAtLeastOne());
        }
    }

    private int kept() {
        return lines.size() - head;
    }

    private String lineAt(long index) {
        return lines.get(head + (int) (index - firstIndex));
    }

    /** Waits (bounded) for the reader to see end of stream, so a transcript is complete. */
    void awaitEnd(Deadline deadline) throws InterruptedException {
        reader.join(deadline.remainingMillisAtLeastOne());
    }

    /** Whether the stream has ended (the process closed it or exited). */
    synchronized boolean ended() {
        return ended;
    }

    /** All kept lines, each followed by a newline. */
    synchronized String text() {
        StringBuilder sb = new StringBuilder();
        for (String line : lines.subList(head, lines.size())) {
            sb.append(line).append('\n');
        }
        return sb.toString();
    }

    /** The last {@code maxLines} lines kept, newline-separated, with a note if lines were dropped. */
    synchronized String tail(int maxLines) {
        StringBuilder sb = new StringBuilder();
        int skip = Math.max(0, kept() - maxLines);
        if (firstIndex + skip > 0) {
            sb.append("  ... ").append(firstIndex + skip).append(" earlier line(s) of ").append(name)
                    .append(" not shown\n");
        }
        for (String line : lines.subList(head + skip, lines.size())) {
            String shown = line.length() > 300 ? line.substring(0, 300) + "...[" + line.length() + " chars]" : line;
            sb.append("  ").append(shown).append('\n');
        }
        return sb.toString();
    }
}
