package org.dtls4j.interop;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * GnuTLS's command-line tools ({@code gnutls-cli}, {@code gnutls-serv}, Debian package gnutls-bin)
 * as DTLS 1.2 peers, run through {@link OpenSslProcess} (which runs any program). Option names are
 * those of GnuTLS 3.7: {@code --udp}, {@code --srtp-profiles}, {@code --keymatexport},
 * {@code --keymatexportsize}, {@code --x509cafile}, {@code --x509certfile}, {@code --x509keyfile}.
 */
final class GnuTls {
    /** gnutls-cli's line for the negotiated SRTP profile (RFC 5764 §4.1.1). */
    static final Pattern SRTP_PROFILE = Pattern.compile("^- SRTP profile: (\\S+)");
    /** gnutls-cli's line for the exported keying material (RFC 5705), lower-case hex. */
    static final Pattern KEY_MATERIAL = Pattern.compile("^- Key material: ([0-9a-fA-F]+)");
    static final Pattern HANDSHAKE_DONE = Pattern.compile("^- Handshake was completed");
    /** gnutls-cli's line naming the session's options, e.g. "extended master secret, safe renegotiation, EtM,". */
    static final Pattern OPTIONS = Pattern.compile("^- Options: (.*)");
    /** gnutls-cli's line naming the session: "(DTLS1.2-X.509)-(ECDHE-SECP256R1)-(ECDSA-SHA256)-(AES-128-CBC)-(SHA256)". */
    static final Pattern DESCRIPTION = Pattern.compile("^- Description: (.*)");
    /** gnutls-serv writes this on stderr once its UDP socket is bound. */
    static final Pattern SERVER_READY = Pattern.compile("listening on IPv4 .*done");

    /** {@code gnutls_srtp_server} (src/test/c) prints its bound port first. */
    static final Pattern HARNESS_LISTENING = Pattern.compile("^LISTENING (\\d+)");
    /** {@code gnutls_srtp_server}: the profile from {@code gnutls_srtp_get_selected_profile}. */
    static final Pattern HARNESS_PROFILE = Pattern.compile("^PROFILE (\\S+)");
    /** {@code gnutls_srtp_server}: {@code gnutls_prf_rfc5705} output, upper-case hex. */
    static final Pattern HARNESS_KEYS = Pattern.compile("^KEYS ([0-9A-F]+)");
    static final Pattern HARNESS_ECHOED = Pattern.compile("^ECHOED (\\d+)");

    private static final long BUILD_SECONDS = 60;
    private static Path harness;
    private static String harnessMissing;

    private GnuTls() {
    }

    /**
     * Compiles {@code src/test/c/gnutls_srtp_server.c} against the installed libgnutls (once per
     * JVM) with {@code gcc -O1 -o target/gnutls_srtp_server src/test/c/gnutls_srtp_server.c
     * $(pkg-config --cflags --libs gnutls)}. Empty, with {@link #harnessMissing()} saying why,
     * when gcc, pkg-config or the gnutls headers (Debian: libgnutls28-dev) are missing.
     *
     * @throws PeerException if the tools are there and the build itself fails
     */
    static synchronized Optional<Path> srtpServerHarness() throws IOException, InterruptedException {
        if (harness != null || harnessMissing != null) {
            return Optional.ofNullable(harness);
        }
        if (!onPath("gcc") || !onPath("pkg-config")) {
            harnessMissing = "gcc or pkg-config is not installed";
            return Optional.empty();
        }
        Path module = TestDirs.target().getParent();
        Run flags = run(module, List.of("pkg-config", "--cflags", "--libs", "gnutls"));
        if (flags.exit != 0) {
            harnessMissing = "pkg-config finds no gnutls (Debian: libgnutls28-dev): " + flags.output.strip();
            return Optional.empty();
        }
        Path exe = TestDirs.target().resolve("gnutls_srtp_server");
        List<String> cmd = new ArrayList<>(List.of("gcc", "-O1", "-o", exe.toString(),
                module.resolve("src/test/c/gnutls_srtp_server.c").toString()));
        cmd.addAll(List.of(flags.output.strip().split("\\s+")));
        Run gcc = run(module, cmd);
        if (gcc.exit != 0) {
            throw new PeerException("cannot build the GnuTLS harness: " + String.join(" ", cmd) + "\n" + gcc.output);
        }
        harness = exe;
        return Optional.of(exe);
    }

    /** Why {@link #srtpServerHarness()} returned empty. */
    static synchronized String harnessMissing() {
        return harnessMissing;
    }

    private record Run(int exit, String output) {
    }

    /** Runs a build tool to completion (stdout and stderr merged), killed after BUILD_SECONDS. */
    private static Run run(Path dir, List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        // Small outputs only (flags, compiler diagnostics): read on a thread so a full pipe cannot block.
        StringBuilder out = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // The process was killed: keep what was read.
            }
        }, "gnutls-build-out");
        reader.setDaemon(true);
        reader.start();
        if (!p.waitFor(BUILD_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
            throw new PeerException("timed out after " + BUILD_SECONDS + "s: " + String.join(" ", cmd));
        }
        reader.join(5000); // after join the reader's append is visible here
        return new Run(p.exitValue(), out.toString());
    }

    /** {@code gnutls_srtp_server 0 CERT KEY}: one DTLS 1.2 connection, then it exits. */
    static OpenSslProcess srtpServer(Path exe, TestPki.Credential cert) throws IOException {
        return OpenSslProcess.start("gnutls_srtp_server", List.of(exe.toString(), "0", cert.leafFile().toString(),
                cert.keyFile().toString()), TestDirs.target());
    }

    /**
     * A priority string (GnuTLS 3.7 syntax) that allows exactly one of dtls4j's AES-128-CBC suites
     * in DTLS 1.2: its key exchange, AES-128-CBC and its MAC (SHA1 or SHA256). GnuTLS offers and
     * answers encrypt_then_mac (RFC 7366) unless {@code %NO_ETM} is added.
     */
    static String cbcPriority(Suite suite, boolean encryptThenMac) {
        String kx = suite.name().startsWith("TLS_ECDHE_ECDSA_") ? "ECDHE-ECDSA"
                : suite.name().startsWith("TLS_ECDHE_RSA_") ? "ECDHE-RSA"
                : suite.name().startsWith("TLS_ECDHE_PSK_") ? "ECDHE-PSK" : "PSK";
        String mac = suite.name().endsWith("_SHA256") ? "SHA256" : "SHA1";
        return "NORMAL:-VERS-ALL:+VERS-DTLS1.2:-CIPHER-ALL:+AES-128-CBC:-MAC-ALL:+" + mac + ":-KX-ALL:+" + kx
                + (encryptThenMac ? "" : ":%NO_ETM");
    }

    /** Whether both programs are on the PATH; the tests are skipped without them. */
    static boolean available() {
        return onPath("gnutls-cli") && onPath("gnutls-serv");
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return true;
            }
        }
        return false;
    }

    /** {@code gnutls-cli --udp -p PORT 127.0.0.1} and the given options; stdin stays open, EOF ends it. */
    static OpenSslProcess client(int port, List<String> options) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("gnutls-cli", "--udp", "-p", Integer.toString(port)));
        cmd.addAll(options);
        cmd.add("127.0.0.1");
        return OpenSslProcess.start("gnutls-cli", cmd, TestDirs.target());
    }

    /** {@code gnutls-serv --udp --echo -p PORT} and the given options. */
    static OpenSslProcess server(int port, List<String> options) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("gnutls-serv", "--udp", "--echo", "-p", Integer.toString(port)));
        cmd.addAll(options);
        return OpenSslProcess.start("gnutls-serv", cmd, TestDirs.target());
    }
}
