package org.dtls4j.interop;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code openssl} command line tool as a DTLS 1.2 peer (RFC 6347) and as a certificate
 * factory: one-shot commands, and builders for {@code s_server} / {@code s_client} processes on
 * 127.0.0.1.
 *
 * <p>The binary is {@code openssl} on the {@code PATH}, or the one named by the system property
 * {@code dtls4j.openssl}.
 *
 * <pre>{@code
 * int port = OpenSsl.freeUdpPort();
 * try (OpenSslProcess server = OpenSsl.sServer(port)
 *         .cert(pki.serverEcdsa()).cipher("ECDHE-ECDSA-AES128-GCM-SHA256").listen()
 *         .start(workDir)) {
 *     server.awaitStdout(OpenSsl.SERVER_READY, Duration.ofSeconds(5));
 *     ...
 * }
 * }</pre>
 */
public final class OpenSsl {

    /** {@code s_server} (not quiet) prints this once its UDP socket is bound; before a bind error it prints nothing. */
    public static final Pattern SERVER_READY = Pattern.compile("^ACCEPT");

    private OpenSsl() {
    }

    /** The openssl binary to run. */
    public static String executable() {
        return System.getProperty("dtls4j.openssl", "openssl");
    }

    /** The {@code openssl version} line, or empty if the binary cannot be run. */
    public static Optional<String> version() {
        try {
            return Optional.of(run(Duration.ofSeconds(10), Path.of("."), "version").trim());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Runs {@code openssl args...} to completion in {@code workDir} and returns its stdout.
     *
     * @throws PeerException with the transcript if it does not exit within {@code timeout} or exits non-zero
     */
    public static String run(Duration timeout, Path workDir, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(executable());
        command.addAll(List.of(args));
        try (OpenSslProcess p = OpenSslProcess.start("openssl " + args[0], command, workDir)) {
            p.closeStdin();
            Optional<Integer> exit = p.awaitExit(timeout);
            if (exit.isEmpty() || exit.get() != 0) {
                p.close();
                throw new PeerException("openssl " + args[0] + " failed\n" + p.transcript());
            }
            p.close();
            return p.stdoutText();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerException("interrupted running openssl " + args[0], e);
        }
    }

    /**
     * A UDP port on 127.0.0.1 that was free a moment ago: bind port 0, read the port, close.
     *
     * <p>There is a race: between this close and the child's bind, another process may take the
     * port. {@code s_server} then prints a bind error on stderr and no {@code ACCEPT} line, so
     * waiting for {@link #SERVER_READY} turns the race into a clear failure (with the transcript)
     * instead of a mysterious handshake timeout; the chance is tiny on a test machine.
     */
    public static int freeUdpPort() throws SocketException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return s.getLocalPort();
        }
    }

    /** A {@code s_server -dtls1_2} on 127.0.0.1:{@code port}. */
    public static Command sServer(int port) {
        return new Command("s_server").args("-dtls1_2", "-accept", "127.0.0.1:" + port);
    }

    /** A {@code s_client -dtls1_2} towards {@code server} (a 127.0.0.1 address). */
    public static Command sClient(InetSocketAddress server) {
        return new Command("s_client")
                .args("-dtls1_2", "-connect", server.getAddress().getHostAddress() + ":" + server.getPort());
    }

    /**
     * Arguments for one {@code openssl s_server} or {@code s_client}; each method appends the
     * flag of the same name and returns {@code this}.
     */
    public static final class Command {

        private final String tool;
        private final List<String> args = new ArrayList<>();

        private Command(String tool) {
            this.tool = tool;
        }

        /** Appends raw arguments. */
        public Command args(String... more) {
            args.addAll(List.of(more));
            return this;
        }

        /** {@code -cert}, {@code -key} and, for a chain, {@code -cert_chain} from a credential. */
        public Command cert(TestPki.Credential credential) {
            args("-cert", credential.leafFile().toString(), "-key", credential.keyFile().toString());
            if (credential.chainFile().isPresent()) {
                args("-cert_chain", credential.chainFile().get().toString());
            }
            return this;
        }

        /** {@code -cipher LIST}; add {@code :@SECLEVEL=0} for CCM_8 suites. */
        public Command cipher(String list) {
            return args("-cipher", list);
        }

        /** {@code -listen}: the stateless DTLSv1_listen cookie exchange before any state (server). */
        public Command listen() {
            return args("-listen");
        }

        /** {@code -mtu N}: link MTU; OpenSSL subtracts 28 bytes of IPv4+UDP overhead. */
        public Command mtu(int mtu) {
            return args("-mtu", Integer.toString(mtu));
        }

        /** {@code -psk HEX -psk_identity ID}: on the server ID is the identity to expect. */
        public Command psk(byte[] key, String identity) {
            return args("-psk", HexFormat.of().formatHex(key), "-psk_identity", identity);
        }

        /** {@code -psk_hint HINT} (server). */
        public Command pskHint(String hint) {
            return args("-psk_hint", hint);
        }

        /** {@code -nocert}: no certificate, for PSK-only suites (server). */
        public Command noCert() {
            return args("-nocert");
        }

        /** {@code -Verify 1 -CAfile CA}: require and verify a client certificate (server). */
        public Command requireClientCert(Path caFile) {
            return args("-Verify", "1", "-CAfile", caFile.toString());
        }

        /** {@code -CAfile CA -verify_return_error}: verify the server (client). */
        public Command verifyServer(Path caFile) {
            return args("-CAfile", caFile.toString(), "-verify_return_error");
        }

        /** {@code -alpn LIST} (comma separated). */
        public Command alpn(String list) {
            return args("-alpn", list);
        }

        /** {@code -servername NAME} (client SNI). */
        public Command serverName(String name) {
            return args("-servername", name);
        }

        /** {@code -groups LIST}, e.g. {@code P-256:X25519}. */
        public Command groups(String list) {
            return args("-groups", list);
        }

        /** {@code -sess_out FILE}: write the session for a later resumption (client). */
        public Command sessionOut(Path file) {
            return args("-sess_out", file.toString());
        }

        /** {@code -sess_in FILE}: offer the session read from FILE, an abbreviated handshake (client). */
        public Command sessionIn(Path file) {
            return args("-sess_in", file.toString());
        }

        /** {@code -reconnect}: after the first handshake, reconnect five times resuming the session (client). */
        public Command reconnect() {
            return args("-reconnect");
        }

        /** {@code -keylogfile FILE}: NSS key log lines, for Wireshark. */
        public Command keyLogFile(Path file) {
            return args("-keylogfile", file.toString());
        }

        /** {@code -msg -msgfile FILE}: every record and message in hex, to a file (stdout stays clean). */
        public Command msgFile(Path file) {
            return args("-msg", "-msgfile", file.toString());
        }

        /** {@code -state}: handshake state transitions on stderr. */
        public Command state() {
            return args("-state");
        }

        /** {@code -naccept 1}: exit after one connection (server). */
        public Command acceptOnce() {
            return args("-naccept", "1");
        }

        /** The full command line. */
        public List<String> commandLine() {
            List<String> all = new ArrayList<>();
            all.add(executable());
            all.add(tool);
            all.addAll(args);
            return List.copyOf(all);
        }

        /** Starts the process in {@code workDir}; the caller must close it. */
        public OpenSslProcess start(Path workDir) throws IOException {
            return OpenSslProcess.start(tool, commandLine(), workDir);
        }
    }
}
