package org.dtls4j.interop;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code dtls4j server} command (the CLI's {@code org.dtls4j.cli.Main}) in a child JVM of its
 * own, on this test's class path, listening on an ephemeral port of 127.0.0.1. The child is an
 * {@link OpenSslProcess} (the harness's generic child process: bounded output capture, reaped
 * through its own {@link Process} handle on {@link #close()}), so every run ends with the process.
 */
final class CliServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
    /** {@code ServerCommand}'s line for each established connection: "connection from PEER: SUITE, ...". */
    private static final Pattern ESTABLISHED = Pattern.compile("(?m)^connection from \\S+: TLS_[^\\n]*$");
    /** The same, for one line. */
    private static final Pattern ESTABLISHED_LINE = Pattern.compile("^connection from \\S+: TLS_");

    private final OpenSslProcess process;
    private final InetSocketAddress address;

    private CliServerProcess(OpenSslProcess process, InetSocketAddress address) {
        this.process = process;
        this.address = address;
    }

    /**
     * Starts {@code dtls4j server --listen 127.0.0.1:0 ARGS} and waits (at most {@code timeout})
     * until it says where it listens.
     */
    static CliServerProcess start(String label, List<String> args, Path workDir, Duration timeout) throws IOException {
        return start(label, 0, args, workDir, timeout);
    }

    /** As {@link #start(String, List, Path, Duration)}, on {@code port} of 127.0.0.1 (0: any free port). */
    static CliServerProcess start(String label, int port, List<String> args, Path workDir, Duration timeout)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "org.dtls4j.cli.Main",
                "server", "--listen", "127.0.0.1:" + port));
        command.addAll(args);
        OpenSslProcess p = OpenSslProcess.start(label, command, workDir);
        try {
            Matcher m = p.awaitStdout(LISTENING, timeout);
            return new CliServerProcess(p, new InetSocketAddress("127.0.0.1", Integer.parseInt(m.group(1))));
        } catch (IOException | RuntimeException | Error e) {
            p.close();
            throw e;
        }
    }

    InetSocketAddress address() {
        return address;
    }

    /** The lines logging an established connection so far, in order. */
    List<String> established() {
        List<String> lines = new ArrayList<>();
        Matcher m = ESTABLISHED.matcher(process.stdoutText());
        while (m.find()) {
            lines.add(m.group());
        }
        return lines;
    }

    /**
     * Waits (bounded) until the server has logged {@code n} established connections: it logs one
     * on its accept thread, a moment after the client already has it. False if it did not in time.
     */
    boolean awaitEstablished(int n, Duration timeout) throws InterruptedException {
        return process.awaitStdoutMatches(ESTABLISHED_LINE, n, timeout);
    }

    /** Waits (bounded) for a stdout line after the previous match that matches {@code pattern}. */
    Matcher awaitStdout(Pattern pattern, Duration timeout) throws IOException {
        return process.awaitStdout(pattern, timeout);
    }

    /** Waits (bounded) for a stderr line after the previous match that matches {@code pattern}. */
    Matcher awaitStderr(Pattern pattern, Duration timeout) throws IOException {
        return process.awaitStderr(pattern, timeout);
    }

    /**
     * Asks the server to stop as an operator's {@code kill PID} does (SIGTERM: its shutdown hooks
     * run) and waits at most {@code timeout} for it to exit; the exit code, or empty if it still runs.
     */
    java.util.Optional<Integer> terminate(Duration timeout) throws InterruptedException {
        ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroy);
        return process.awaitExit(timeout);
    }

    String transcript() {
        return process.transcript();
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.close();
    }
}
