package org.dtls4j.interop;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    /** gnutls-serv writes this on stderr once its UDP socket is bound. */
    static final Pattern SERVER_READY = Pattern.compile("listening on IPv4 .*done");

    private GnuTls() {
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
