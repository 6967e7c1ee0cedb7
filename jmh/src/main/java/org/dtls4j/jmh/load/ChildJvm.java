package org.dtls4j.jmh.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A main class of this module in a JVM of its own, started with this JVM's {@code java} and class
 * path, talked to in lines: commands on its standard input, answers on its standard output.
 * Standard error is inherited. Its CPU time ({@link ProcessCpu#processNanos}) is its own alone.
 * {@link #close()} ends the process through its own handle only: {@code quit} and the end of its
 * input, then {@code destroy()}, then {@code destroyForcibly()}.
 */
final class ChildJvm implements AutoCloseable {
    private static final Pattern FIELD = Pattern.compile("(\\w+)=([-\\w.:]+(?:,[-\\w.:]+)*)");

    private final Process process;
    private final BufferedReader out;
    private final Writer in;

    private ChildJvm(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
    }

    /** Starts {@code java [jvmArgs] -cp <our class path> <main> [args]}. */
    static ChildJvm start(Class<?> main, List<String> jvmArgs, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java"));
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(args);
        return new ChildJvm(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }

    /** Sends one command line. */
    synchronized void send(String command) throws IOException {
        in.write(command + "\n");
        in.flush();
    }

    /**
     * The next line that starts with {@code word}, as {@code name=value} fields; lines before it
     * are skipped. Throws when the process ends first.
     */
    Map<String, String> expect(String word) throws IOException {
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith(word + " ") || line.equals(word)) {
                Map<String, String> fields = new LinkedHashMap<>();
                Matcher m = FIELD.matcher(line);
                while (m.find()) {
                    fields.put(m.group(1), m.group(2));
                }
                return fields;
            }
        }
        throw new IOException(process.info().command().orElse("child") + " ended before it printed '" + word + "'");
    }

    /** Sends {@code command} and reads the line that answers it. */
    synchronized Map<String, String> ask(String command, String answer) throws IOException {
        send(command);
        return expect(answer);
    }

    long pid() {
        return process.pid();
    }

    /** CPU time of the child so far, every thread (GC and JIT included). */
    long cpuNanos() {
        return ProcessCpu.processNanos(process.pid());
    }

    @Override
    public void close() {
        try {
            send("quit");
            in.close();
        } catch (IOException gone) {
            // already exited
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Numeric fields only, e.g. a {@code ServerCounters} line. */
    static Map<String, Long> numbers(Map<String, String> fields) {
        Map<String, Long> m = new LinkedHashMap<>();
        fields.forEach((k, v) -> {
            try {
                m.put(k, Long.parseLong(v));
            } catch (NumberFormatException notNumeric) {
                // skipped
            }
        });
        return m;
    }
}
