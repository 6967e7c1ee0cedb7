package org.dtls4j.jmh.flood;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * OpenSSL's side of the cookie flood: {@code dtls_listen_server.c} (a resource beside this class,
 * so that it travels inside benchmarks.jar), a loop around {@code DTLSv1_listen} with an
 * HMAC-SHA256 cookie callback, compiled at run time with
 * {@code cc -O2 -o dtls_listen_server dtls_listen_server.c -lssl -lcrypto}. It needs a C compiler
 * and OpenSSL's headers (Debian: {@code gcc} and {@code libssl-dev}).
 *
 * <p>Without them, {@link #sServer} is the fallback: {@code openssl s_server -dtls1_2 -listen},
 * which also answers through {@code DTLSv1_listen}, with the command-line tool's own cookie
 * callback (HMAC-SHA1 of the peer's address, keyed per call); it prints no counters, and the
 * harness makes no cookie round trip with it: a hello with a valid cookie would take it out of
 * {@code DTLSv1_listen} into a handshake that, without a certificate, fails.
 */
final class OpenSslListenServer {
    static final String SOURCE = "dtls_listen_server.c";
    /** The name of the fallback server in the harness's output. */
    static final String S_SERVER = "openssl s_server";
    private static final Duration BUILD_TIME = Duration.ofSeconds(60);
    /** The compiler's complaint when an OpenSSL header is not installed. */
    private static final Pattern MISSING_HEADER = Pattern.compile("openssl/\\w+\\.h: No such file");

    private OpenSslListenServer() {
    }

    /**
     * The built server, or why there is none.
     *
     * @param executable the program, or null
     * @param missing what is missing (a compiler, the headers), or null
     */
    record Build(Path executable, String missing) {
    }

    /**
     * Writes the C source into {@code dir} and compiles it there. A missing compiler or missing
     * OpenSSL headers give a {@link Build} that says so; any other compiler error is thrown.
     */
    static Build build(Path dir) throws IOException, InterruptedException {
        if (!onPath("cc")) {
            return new Build(null, "no C compiler: 'cc' is not on the PATH (Debian: gcc)");
        }
        Path source = dir.resolve(SOURCE);
        try (InputStream in = OpenSslListenServer.class.getResourceAsStream(SOURCE)) {
            if (in == null) {
                throw new IOException(SOURCE + " is not beside " + OpenSslListenServer.class.getName());
            }
            Files.copy(in, source, StandardCopyOption.REPLACE_EXISTING);
        }
        Path exe = dir.resolve("dtls_listen_server");
        List<String> cmd = List.of("cc", "-O2", "-o", exe.toString(), source.toString(), "-lssl", "-lcrypto");
        Process cc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        cc.getOutputStream().close();
        // Compiler diagnostics are short; read them on a thread so that the wait below stays bounded.
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                output.append(new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the compiler was killed: keep what was read
            }
        }, "cc-output");
        reader.setDaemon(true);
        reader.start();
        if (!cc.waitFor(BUILD_TIME.toSeconds(), TimeUnit.SECONDS)) {
            cc.destroyForcibly();
            throw new IOException("cc did not finish within " + BUILD_TIME + ": " + String.join(" ", cmd));
        }
        reader.join(5_000);
        if (cc.exitValue() == 0) {
            return new Build(exe, null);
        }
        if (MISSING_HEADER.matcher(output).find()) {
            return new Build(null, "OpenSSL's headers are missing (Debian: libssl-dev)");
        }
        throw new IOException("cannot build " + SOURCE + ": " + String.join(" ", cmd) + "\n" + output);
    }

    /** The built server on a port of its choosing, ending itself after {@code lifetime}. */
    static ServerProcess start(Path executable, Duration lifetime) throws IOException {
        return ServerProcess.announcingPort("openssl", List.of(executable.toString(), "0",
                Long.toString(lifetime.toSeconds())), null, Duration.ofSeconds(10));
    }

    /**
     * {@code openssl s_server -dtls1_2 -listen -nocert -accept 127.0.0.1:<port>}: the fallback.
     * It has no lifetime of its own; {@link ServerProcess#stop} ends it by its PID.
     */
    static ServerProcess sServer(int port) throws IOException {
        return ServerProcess.onPort(S_SERVER, List.of("openssl", "s_server", "-dtls1_2", "-listen",
                "-nocert", "-accept", "127.0.0.1:" + port), port, "ACCEPT", Duration.ofSeconds(10));
    }

    /** What {@code openssl version} prints, or why it printed nothing; for the record of a run. */
    static String version() throws InterruptedException {
        if (!onPath("openssl")) {
            return "no openssl command";
        }
        try {
            Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "openssl version did not answer";
            }
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "openssl version failed: " + e.getMessage();
        }
    }

    /** Whether {@code program} is an executable file in a directory of the PATH. */
    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
