package org.dtls4j.interop;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code openssl s_server -dtls1_2} or {@code s_client -dtls1_2} as a {@link DtlsPeer}.
 *
 * <p>How each end is read (OpenSSL 3.0):
 * <ul>
 *   <li><b>s_server</b> runs not quiet, so it prints {@code ACCEPT} once bound (readiness), and
 *       after a handshake {@code CIPHER is NAME} followed by {@code Secure Renegotiation IS ...};
 *       data lines follow. It runs with {@code -naccept 1}, so it exits after one association,
 *       and by default with {@code -listen} (stateless cookie exchange, RFC 6347 §4.2.1); without
 *       it ({@link InteropCase#listen()} false) {@code s_server} still sends a
 *       HelloVerifyRequest, from inside {@code SSL_accept}.</li>
 *   <li><b>s_client</b> runs with {@code -brief -nocommands}: stdout carries only received data;
 *       stderr says {@code CONNECTION ESTABLISHED} then {@code Ciphersuite: NAME}. Closing its
 *       stdin makes it send close_notify and exit.</li>
 * </ul>
 * Both write every record to a {@code -msgfile} and NSS key log lines to a {@code -keylogfile}
 * under {@code target/openssl-logs/}, named in {@link #diagnostics()}.
 */
public final class OpenSslPeer implements DtlsPeer {

    /** Makes OpenSSL peers for the matrix. */
    public static final PeerFactory FACTORY = new PeerFactory() {
        @Override
        public String name() {
            return "openssl";
        }

        @Override
        public DtlsPeer server(InteropCase c) throws IOException {
            return OpenSslPeer.server(c);
        }

        @Override
        public DtlsPeer client(InteropCase c, InetSocketAddress server) {
            return OpenSslPeer.client(c, server);
        }
    };

    /**
     * OpenSSL peers with {@code -no_etm}: they neither offer nor answer encrypt_then_mac (RFC 7366),
     * so a CBC suite runs MAC-then-encrypt.
     */
    public static final PeerFactory NO_ETM = new PeerFactory() {
        @Override
        public String name() {
            return "openssl -no_etm";
        }

        @Override
        public DtlsPeer server(InteropCase c) throws IOException {
            return OpenSslPeer.server(c, 1, "-no_etm");
        }

        @Override
        public DtlsPeer client(InteropCase c, InetSocketAddress server) {
            return OpenSslPeer.client(c, server, "-no_etm");
        }

        @Override
        public boolean encryptThenMac() {
            return false;
        }
    };

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    /** Lines {@code s_server} prints between data lines that are not data. */
    private static final Pattern NOISE = Pattern.compile("^(Read BLOCK|Write BLOCK)");
    private static final Pattern SERVER_CIPHER = Pattern.compile("^CIPHER is (\\S+)");
    private static final Pattern SERVER_DONE = Pattern.compile("^Secure Renegotiation IS");
    private static final Pattern CLIENT_ESTABLISHED = Pattern.compile("^CONNECTION ESTABLISHED");
    private static final Pattern CLIENT_CIPHER = Pattern.compile("^Ciphersuite: (\\S+)");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final Role role;
    private final OpenSsl.Command command;
    private final InetSocketAddress address;
    private final Path msgFile;
    private OpenSslProcess process;
    private String cipherSuite = "(none)";

    private OpenSslPeer(Role role, OpenSsl.Command command, InetSocketAddress address, Path msgFile) {
        this.role = role;
        this.command = command;
        this.address = address;
        this.msgFile = msgFile;
    }

    /** An {@code s_server} for {@code c}, bound (its {@code ACCEPT} line seen) when this returns. */
    public static OpenSslPeer server(InteropCase c) throws IOException {
        return server(c, 1);
    }

    /**
     * An {@code s_server} for {@code c} that serves {@code associations} clients one after the
     * other ({@code -naccept N}) before it exits, e.g. for session resumption.
     *
     * <p>Only without {@code -listen}: after {@code DTLSv1_listen} accepted a ClientHello,
     * {@code s_server} {@code connect()}s its one UDP socket to that client, so a second client
     * (from another port) gets ICMP port unreachable.
     */
    public static OpenSslPeer server(InteropCase c, int associations) throws IOException {
        return server(c, associations, new String[0]);
    }

    /** Like {@link #server(InteropCase, int)}, with {@code moreArgs} (e.g. {@code -no_etm}) appended. */
    public static OpenSslPeer server(InteropCase c, int associations, String... moreArgs) throws IOException {
        if (associations > 1 && c.listen()) {
            throw new IllegalArgumentException("s_server -listen serves one client per process; use withoutListen()");
        }
        int port = OpenSsl.freeUdpPort();
        OpenSsl.Command cmd = OpenSsl.sServer(port).args("-naccept", Integer.toString(associations))
                .cipher(c.suite().openSslCipherList());
        if (c.listen()) {
            cmd.listen();
        }
        if (c.mode() == InteropCase.Mode.PSK) {
            cmd.noCert().psk(c.pskKey(), InteropCase.PSK_IDENTITY).pskHint(InteropCase.PSK_HINT);
        } else {
            cmd.cert(c.serverCredential());
        }
        if (c.sni().isPresent() && c.alpn().isEmpty() && c.mode() == InteropCase.Mode.CERTIFICATE) {
            // s_server reports the client's server_name only when it has a second context to switch
            // to; the same certificate serves, and stdout says "Hostname in TLS extension: ...".
            // Not with ALPN: the second context has no ALPN callback, so after the switch
            // s_server would ignore the client's ALPN offer.
            TestPki.Credential same = c.serverCredential();
            cmd.args("-servername", c.sni().get(), "-cert2", same.leafFile().toString(),
                    "-key2", same.keyFile().toString());
        }
        c.group().ifPresent(cmd::groups);
        if (c.clientAuth()) {
            cmd.requireClientCert(TestPki.get().caFile());
        }
        if (c.mtu() > 0) {
            cmd.mtu(c.mtu());
        }
        c.alpn().ifPresent(cmd::alpn);
        cmd.args(moreArgs);
        Path msg = logging(cmd, "s_server");
        OpenSslPeer peer = new OpenSslPeer(Role.SERVER, cmd,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port), msg);
        peer.process = cmd.start(TestDirs.target());
        try {
            peer.process.awaitStdout(OpenSsl.SERVER_READY, READY_TIMEOUT);
        } catch (IOException e) {
            peer.close();
            throw e;
        }
        return peer;
    }

    /** An {@code s_client} for {@code c} towards {@code server}; the process starts in {@link #start}. */
    public static OpenSslPeer client(InteropCase c, InetSocketAddress server) {
        return client(c, server, new String[0]);
    }

    /** Like {@link #client(InteropCase, InetSocketAddress)}, with {@code moreArgs} (e.g. {@code -sess_out FILE}) appended. */
    public static OpenSslPeer client(InteropCase c, InetSocketAddress server, String... moreArgs) {
        OpenSsl.Command cmd = OpenSsl.sClient(server).args("-brief", "-nocommands")
                .cipher(c.suite().openSslCipherList());
        if (c.mode() == InteropCase.Mode.PSK) {
            cmd.psk(c.pskKey(), InteropCase.PSK_IDENTITY);
        } else {
            cmd.verifyServer(TestPki.get().caFile());
        }
        if (c.clientAuth()) {
            TestPki.Credential me = c.clientCredential();
            cmd.args("-cert", me.leafFile().toString(), "-key", me.keyFile().toString());
        }
        if (c.mtu() > 0) {
            cmd.mtu(c.mtu());
        }
        c.alpn().ifPresent(cmd::alpn);
        c.sni().ifPresent(cmd::serverName);
        c.group().ifPresent(cmd::groups);
        cmd.args(moreArgs);
        Path msg = logging(cmd, "s_client");
        // s_client picks an ephemeral port itself; 0 says "not known".
        return new OpenSslPeer(Role.CLIENT, cmd, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), msg);
    }

    private static Path logging(OpenSsl.Command cmd, String tool) {
        Path dir = TestDirs.under("openssl-logs");
        String stem = tool + "-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet();
        Path msg = dir.resolve(stem + ".msg");
        cmd.state().msgFile(msg).keyLogFile(dir.resolve(stem + ".keylog"));
        return msg;
    }

    @Override
    public String name() {
        return "openssl";
    }

    @Override
    public Role role() {
        return role;
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    /** The {@code -msgfile} this process writes every record to (see {@link OpenSslMsgFile}). */
    public Path msgFile() {
        return msgFile;
    }

    /** The running process (for tests that read more of its output); null before a client's start. */
    public OpenSslProcess process() {
        return process;
    }

    @Override
    public void start(Duration timeout) throws IOException {
        if (role == Role.SERVER) {
            Matcher m = process.awaitStdout(SERVER_CIPHER, timeout);
            cipherSuite = Suite.fromOpenSsl(m.group(1)).map(Enum::name).orElse(m.group(1));
            process.awaitStdout(SERVER_DONE, timeout);
        } else {
            process = command.start(TestDirs.target());
            process.awaitStderr(CLIENT_ESTABLISHED, timeout);
            Matcher m = process.awaitStderr(CLIENT_CIPHER, timeout);
            cipherSuite = Suite.fromOpenSsl(m.group(1)).map(Enum::name).orElse(m.group(1));
        }
    }

    @Override
    public String cipherSuite() {
        return cipherSuite;
    }

    /** Writes {@code datagram} (one payload line, see {@link Payloads}) to the process's stdin. */
    @Override
    public void send(byte[] datagram) throws IOException {
        requireLine(datagram);
        process.write(datagram);
    }

    private static void requireLine(byte[] d) {
        int newline = -1;
        for (int i = 0; i < d.length; i++) {
            if (d[i] == '\n') {
                newline = i;
                break;
            }
        }
        if (d.length < 2 || newline != d.length - 1) {
            throw new IllegalArgumentException("OpenSSL peers carry one text line ending in '\\n' per datagram");
        }
        if ("QqPS".indexOf(d[0]) >= 0 || (d.length == 2 && "rRkKc".indexOf(d[0]) >= 0)) {
            throw new IllegalArgumentException("s_server would read a line starting with '" + (char) d[0]
                    + "' as a command; start payloads with a digit");
        }
    }

    /** The next line the process printed as received data, with its {@code '\n'}. */
    @Override
    public byte[] receive(Duration timeout) throws IOException {
        String line = process.nextStdoutLine(NOISE, timeout);
        return (line + "\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public String diagnostics() {
        String records = "  records: " + msgFile + "\n";
        if (process == null) {
            return "---- " + role + " not started\n  $ " + String.join(" ", command.commandLine()) + "\n";
        }
        return process.transcript() + records;
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }
}
