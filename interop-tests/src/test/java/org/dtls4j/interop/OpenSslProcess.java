package org.dtls4j.interop;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One running {@code openssl} child process (usually {@code s_server} or {@code s_client}) with
 * its stdout and stderr captured into bounded buffers on background threads.
 *
 * <p>What a test does with it: write lines to its stdin, wait (bounded) for a line matching a
 * pattern, and close it. {@link #close()} always reaps the process through its own
 * {@link Process} handle: close stdin, give it a short grace to exit, then {@code destroy()},
 * then {@code destroyForcibly()}. Use it in try-with-resources so the process is reaped even when
 * an assertion fails.
 *
 * <p>Every failure message carries {@link #transcript()}: the command line, the exit status and
 * the tails of both streams.
 */
public final class OpenSslProcess implements AutoCloseable {

    private static final Duration GRACE = Duration.ofMillis(500);
    private static final int TAIL_LINES = 60;

    private final String label;
    private final List<String> command;
    private final Process process;
    private final OutputCapture stdout;
    private final OutputCapture stderr;
    private final OutputStream stdin;

    private OpenSslProcess(String label, List<String> command, Process process) {
        this.label = label;
        this.command = List.copyOf(command);
        this.process = process;
        this.stdout = OutputCapture.start(label + "-out", process.getInputStream());
        this.stderr = OutputCapture.start(label + "-err", process.getErrorStream());
        this.stdin = process.getOutputStream();
    }

    /**
     * Starts {@code command} in {@code workDir}. The caller owns the result and must close it.
     *
     * @param label a short name for messages and thread names, e.g. {@code "s_server"}
     */
    public static OpenSslProcess start(String label, List<String> command, Path workDir) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        return new OpenSslProcess(label, command, pb.start());
    }

    /** The child's process id, for logs. */
    public long pid() {
        return process.pid();
    }

    /** Whether the child is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Writes {@code text} to the child's stdin and flushes. */
    public void write(String text) throws IOException {
        write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Writes {@code bytes} to the child's stdin and flushes. */
    public void write(byte[] bytes) throws IOException {
        try {
            stdin.write(bytes);
            stdin.flush();
        } catch (IOException e) {
            throw new PeerException(label + ": cannot write to stdin (" + e.getMessage() + ")\n" + transcript(), e);
        }
    }

    /** Closes stdin: {@code s_client} then sends close_notify and exits, {@code s_server} ends its connection. */
    public void closeStdin() {
        try {
            stdin.close();
        } catch (IOException alreadyGone) {
            // The process has exited and the pipe is broken: nothing to close.
        }
    }

    /**
     * Waits until a stdout line after the previous match matches {@code pattern}.
     *
     * @throws PeerException with the transcript if the deadline passes or stdout ends first
     */
    public Matcher awaitStdout(Pattern pattern, Duration timeout) throws IOException {
        return await(stdout, "stdout", pattern, Deadline.in(timeout));
    }

    /**
     * Waits until a stderr line after the previous match matches {@code pattern}.
     *
     * @throws PeerException with the transcript if the deadline passes or stderr ends first
     */
    public Matcher awaitStderr(Pattern pattern, Duration timeout) throws IOException {
        return await(stderr, "stderr", pattern, Deadline.in(timeout));
    }

    private Matcher await(OutputCapture capture, String stream, Pattern pattern, Deadline deadline) throws IOException {
        try {
            Optional<Matcher> m = capture.awaitMatch(pattern, deadline);
            if (m.isPresent()) {
                return m.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerException(label + ": interrupted waiting for /" + pattern + "/ on " + stream, e);
        }
        String why = capture.ended() ? stream + " ended" : "deadline passed";
        throw new PeerException(label + ": no " + stream + " line matching /" + pattern + "/ (" + why + ")\n"
                + transcript());
    }

    /**
     * Waits until {@code n} stdout lines match {@code pattern}, without moving the cursor of
     * {@link #awaitStdout}; false if stdout ended or the deadline passed first.
     */
    public boolean awaitStdoutMatches(Pattern pattern, int n, Duration timeout) throws InterruptedException {
        return stdout.awaitMatches(pattern, n, Deadline.in(timeout));
    }

    /**
     * Returns the next stdout line after the previous match or line that does not match
     * {@code skip}.
     *
     * @throws PeerException with the transcript if the deadline passes or stdout ends first
     */
    public String nextStdoutLine(Pattern skip, Duration timeout) throws IOException {
        try {
            Optional<String> line = stdout.awaitNextLine(skip, Deadline.in(timeout));
            if (line.isPresent()) {
                return line.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerException(label + ": interrupted waiting for a stdout line", e);
        }
        String why = stdout.ended() ? "stdout ended" : "deadline passed";
        throw new PeerException(label + ": no data line on stdout (" + why + ")\n" + transcript());
    }

    /** Waits up to {@code timeout} for the child to exit by itself; its exit code, or empty if still running. */
    public Optional<Integer> awaitExit(Duration timeout) throws InterruptedException {
        if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return Optional.of(process.exitValue());
        }
        return Optional.empty();
    }

    /** Everything kept from stdout (bounded by {@link OutputCapture#MAX_CHARS}), one line per line. */
    public String stdoutText() {
        return stdout.text();
    }

    /** Command line, exit status and the tails of stdout and stderr, for failure messages. */
    public String transcript() {
        String status = process.isAlive() ? "running" : "exited with " + process.exitValue();
        return "---- " + label + " (pid " + process.pid() + ", " + status + ")\n"
                + "  $ " + String.join(" ", command) + "\n"
                + "---- " + label + " stdout\n" + stdout.tail(TAIL_LINES)
                + "---- " + label + " stderr\n" + stderr.tail(TAIL_LINES)
                + "---- end of " + label + "\n";
    }

    /**
     * Reaps the child: closes stdin and waits a short grace for it to exit by itself, then
     * {@code destroy()}, then {@code destroyForcibly()}. Only this process is signalled, through
     * its own handle. Idempotent.
     */
    @Override
    public void close() {
        closeStdin();
        try {
            if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroy();
                if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
            // Let the readers see end of stream so a transcript taken after close is complete.
            stdout.awaitEnd(Deadline.in(GRACE));
            stderr.awaitEnd(Deadline.in(GRACE));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
