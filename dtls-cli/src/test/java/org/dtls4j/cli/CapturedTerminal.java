package org.dtls4j.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A {@link Terminal} for tests: stdin from a string, stdout and stderr collected line by line so a
 * test can wait for a line to appear (an event, not a sleep).
 */
final class CapturedTerminal {
    private final Lines out = new Lines();
    private final Lines err = new Lines();
    private final Terminal terminal;

    CapturedTerminal() {
        this("", Map.of());
    }

    CapturedTerminal(String stdin, Map<String, String> env) {
        this.terminal = new Terminal(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
    }

    Terminal terminal() {
        return terminal;
    }

    int run(String... args) {
        return Main.run(args, terminal);
    }

    String out() {
        return String.join("\n", out.snapshot()) + (out.snapshot().isEmpty() ? "" : "\n");
    }

    List<String> outLines() {
        return out.snapshot();
    }

    /** Everything written to stderr, as written (a last line without its newline included). */
    String err() {
        return err.text();
    }

    /** Waits until a line matching {@code p} was printed to stderr; returns it, or fails after {@code timeout}. */
    String awaitErrLine(Predicate<String> p, Duration timeout) throws InterruptedException {
        return err.await(p, timeout);
    }

    /** Waits until a line matching {@code p} was printed; returns it, or fails after {@code timeout}. */
    String awaitLine(Predicate<String> p, Duration timeout) throws InterruptedException {
        return out.await(p, timeout);
    }

    /** Collects complete lines and wakes waiters on each; keeps the raw bytes too. */
    private static final class Lines extends OutputStream {
        private final ByteArrayOutputStream all = new ByteArrayOutputStream();
        private final ByteArrayOutputStream current = new ByteArrayOutputStream();
        private final List<String> lines = new ArrayList<>();

        @Override
        public synchronized void write(int b) {
            all.write(b);
            if (b == '\n') {
                lines.add(current.toString(StandardCharsets.UTF_8));
                current.reset();
                notifyAll();
            } else {
                current.write(b);
            }
        }

        synchronized String text() {
            return all.toString(StandardCharsets.UTF_8);
        }

        synchronized List<String> snapshot() {
            return List.copyOf(lines);
        }

        synchronized String await(Predicate<String> p, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            int seen = 0;
            while (true) {
                for (; seen < lines.size(); seen++) {
                    if (p.test(lines.get(seen))) {
                        return lines.get(seen);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no matching line within " + timeout + "; output so far:\n"
                            + String.join("\n", lines));
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }
}
