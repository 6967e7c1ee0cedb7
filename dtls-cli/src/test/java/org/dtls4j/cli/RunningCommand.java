package org.dtls4j.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A command running through {@link Main#run} on its own thread, with its output captured. */
final class RunningCommand implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(20);

    final CapturedTerminal terminal;
    private final Thread thread;
    private final CompletableFuture<Integer> status = new CompletableFuture<>();

    private RunningCommand(String... args) {
        this.terminal = new CapturedTerminal("", Map.of());
        this.thread = new Thread(() -> status.complete(terminal.run(args)), "test-" + args[0]);
        thread.setDaemon(true);
        thread.start();
    }

    static RunningCommand start(String... args) {
        return new RunningCommand(args);
    }

    /** Starts {@code server --listen 127.0.0.1:0 ...}; {@link #port()} waits until it listens. */
    static RunningCommand server(String... options) {
        String[] args = new String[options.length + 3];
        args[0] = "server";
        args[1] = "--listen";
        args[2] = "127.0.0.1:0";
        System.arraycopy(options, 0, args, 3, options.length);
        return new RunningCommand(args);
    }

    /** The port from the server's "listening on HOST:PORT" line. */
    int port() throws InterruptedException {
        String line = terminal.awaitLine(l -> l.startsWith("listening on "), WAIT);
        String address = line.substring("listening on ".length()).split(" ")[0];
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    /** Waits for the command to return; fails if it does not within {@link #WAIT}. */
    int exitStatus() throws InterruptedException {
        try {
            return status.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("command did not finish: " + e + "\nstdout:\n" + terminal.out()
                    + "\nstderr:\n" + terminal.err());
        }
    }

    /** Stops a command that runs until interrupted. */
    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertFalse(thread.isAlive(), "command thread did not stop");
    }
}
