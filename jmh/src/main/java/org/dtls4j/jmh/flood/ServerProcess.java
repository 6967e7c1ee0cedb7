package org.dtls4j.jmh.flood;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A server under test in a process of its own, which the flood measures from outside: its port,
 * its CPU time read from {@code /proc}, and its counters at the end.
 *
 * <p>Our two servers speak the same small protocol on standard output: {@code LISTENING <port>}
 * once the socket is bound; {@code NAME value} lines for the counters when standard input reaches
 * end of file, and then they exit. Each also ends itself after the lifetime it was given.
 * {@code openssl s_server}, the fallback, is told its port and prints {@code ACCEPT} when ready.
 * {@link #stop} closes the input, waits, and if need be ends the process by its PID
 * ({@link Process#destroy}, then {@link Process#destroyForcibly}).
 */
final class ServerProcess implements AutoCloseable {
    private static final String END = "\u0000end";
    private static final long NANOS_PER_TICK = nanosPerClockTick();

    private final String name;
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final int port;
    private final String threadPrefix;

    /**
     * Starts {@code command}, a server that prints {@code LISTENING <port>} once its socket is
     * bound, and waits up to {@code startup} for that line.
     *
     * @param threadPrefix the start of the name of the thread that reads the socket, for
     *                     {@link #threadCpuNanos}; null when the process has one thread
     */
    static ServerProcess announcingPort(String name, List<String> command, String threadPrefix, Duration startup)
            throws IOException {
        return new ServerProcess(name, command, threadPrefix, -1, "LISTENING ", startup);
    }

    /**
     * Starts {@code command}, a one-threaded server told to bind {@code port}, and waits up to
     * {@code startup} for a line that starts with {@code readyLine}.
     */
    static ServerProcess onPort(String name, List<String> command, int port, String readyLine, Duration startup)
            throws IOException {
        return new ServerProcess(name, command, null, port, readyLine, startup);
    }

    private ServerProcess(String name, List<String> command, String threadPrefix, int port, String readyLine,
                          Duration startup) throws IOException {
        this.name = name;
        this.threadPrefix = threadPrefix;
        this.process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Thread reader = new Thread(this::readLines, name + "-stdout");
        reader.setDaemon(true);
        reader.start();
        try {
            String rest = awaitLine(readyLine, startup);
            this.port = port >= 0 ? port : Integer.parseInt(rest);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** User plus system CPU time of the whole process so far ({@code /proc/<pid>/stat}, clock ticks). */
    long cpuNanos() throws IOException {
        return cpuNanos(Path.of("/proc", Long.toString(process.pid()), "stat"));
    }

    /**
     * CPU time of the process's threads whose name starts with the thread prefix given at start
     * ({@code /proc/<pid>/task/<tid>/stat}; Linux keeps the first 15 characters of a name), or of
     * the whole process if it was given none.
     */
    long threadCpuNanos() throws IOException {
        if (threadPrefix == null) {
            return cpuNanos();
        }
        long total = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(process.pid()), "task"))) {
            for (Path task : tasks) {
                String stat = Files.readString(task.resolve("stat"));
                String threadName = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (threadName.startsWith(threadPrefix)) {
                    total += cpuNanos(stat);
                }
            }
        }
        return total;
    }

    private static long cpuNanos(Path stat) throws IOException {
        return cpuNanos(Files.readString(stat));
    }

    /** utime and stime, fields 14 and 15 of proc(5)'s stat line, counted after the name in parentheses. */
    private static long cpuNanos(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields[0] is field 3 (state), so field n is fields[n - 3]
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
    }

    /**
     * Closes the server's input so that it prints its counters and exits; ends it by PID if it has
     * not within {@code wait}. Returns the counters it printed (empty if it was killed).
     */
    Map<String, Long> stop(Duration wait) throws InterruptedException {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // the process is gone already
        }
        if (!process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
        }
        Map<String, Long> counters = new HashMap<>();
        long deadline = System.nanoTime() + wait.toNanos();
        String line;
        while ((line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) != null
                && !line.equals(END)) {
            String[] parts = line.trim().split(" ");
            if (parts.length == 2 && parts[1].matches("\\d+")) {
                counters.put(parts[0], Long.parseLong(parts[1]));
            }
        }
        return counters;
    }

    /** Ends the process by its PID: SIGTERM, and SIGKILL if it is still there two seconds later. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private String awaitLine(String prefix, Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            String line;
            while ((line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) != null
                    && !line.equals(END)) {
                if (line.startsWith(prefix)) {
                    return line.substring(prefix.length()).trim();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IOException(name + " printed no '" + prefix.trim() + "' line within " + wait
                + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")"));
    }

    private void readLines() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the process ended or was killed
        } finally {
            lines.add(END);
        }
    }

    /** Nanoseconds per clock tick of proc(5)'s CPU times: 10 ms unless {@code getconf CLK_TCK} says otherwise. */
    private static long nanosPerClockTick() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 && out.matches("\\d+")) {
                return 1_000_000_000L / Long.parseLong(out);
            }
            p.destroyForcibly();
        } catch (IOException e) {
            // no getconf: keep the usual value
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 10_000_000L;
    }
}
