package org.dtls4j.cli;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What {@code dtls4j client} was asked to do.
 *
 * @param connect the server's address
 * @param tls     the security options (the server name defaults to the host, if it is a name)
 * @param timeout how long the handshake, and then each echo, may take
 * @param count   with {@code --count}: send this many datagrams and check the echoes; 0 for
 *                interactive mode (stdin lines)
 * @param size    bytes per datagram with {@code --count}
 * @param trace   how much of the trace to print ({@link TraceLevel}), or null for none
 * @param sessions where the session to resume comes from and goes to ({@code --sess-in}, {@code --sess-out})
 */
record ClientSettings(InetSocketAddress connect, TlsSettings tls, Duration timeout, int count, int size, TraceLevel trace,
                      SessionFiles sessions) {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    static final int DEFAULT_SIZE = 100;
    private static final Pattern IPV4 = Pattern.compile("[0-9.]+");

    static final List<Option> OPTIONS = options();

    private static List<Option> options() {
        List<Option> all = new java.util.ArrayList<>(List.of(
            Option.value("connect", "HOST:PORT", "the server"),
            Option.value("cafile", "FILE", "trust server certificates issued by this PEM CA"),
            Option.flag("insecure", "do not verify the server certificate"),
            Option.value("servername", "NAME", "server name to send and check (default: the host, if a name)"),
            Option.value("cert", "FILE", "PEM certificate chain for client authentication (with --rpk: or a PUBLIC KEY)"),
            Option.value("key", "FILE", "PEM private key of the certificate"),
            Option.value("psk", "HEX", "pre-shared key in hex"),
            Option.value("psk-identity", "ID", "PSK identity to send (default " + Psk.DEFAULT_IDENTITY + ")").alias("identity"),
            Option.value("ciphers", "LIST", "colon-separated suites, IANA or OpenSSL names"),
            Option.value("groups", "LIST", "colon-separated ECDHE groups").alias("curves"),
            Option.value("mtu", "N", "largest datagram to send, 256..65507 bytes (default 1400)"),
            Option.value("alpn", "LIST", "comma-separated application protocols to offer"),
            Option.value("keylog", "FILE", "append NSS key log lines for Wireshark"),
            TlsSettings.lossyLinkOption(),
            TlsSettings.cidOption(),
            TlsSettings.peerFingerprintOption("server"),
            TlsSettings.rpkOption(),
            TlsSettings.peerKeysOption("the server"),
            TlsSettings.srtpOption(),
            TlsSettings.exportOption(),
            Option.value("timeout", "DURATION", "handshake and echo timeout (default 10s; a bare number is seconds)"),
            Option.value("count", "N", "send N datagrams, check every echo, then exit"),
            Option.value("size", "B", "bytes per datagram with --count (default 100)"),
            TraceLevel.option()));
        all.addAll(SessionFiles.OPTIONS);
        all.addAll(TlsSettings.RecordOptions.options(true));
        return List.copyOf(all);
    }

    static ClientSettings from(ParsedArgs a, Terminal terminal) throws UsageException {
        a.expectPositionals();
        String target = a.required("connect");
        InetSocketAddress connect = Values.hostPort("--connect", target);
        if (connect.getPort() == 0) {
            throw new UsageException("--connect: port 0 is not a server port");
        }
        TlsSettings tls = TlsSettings.read(a, false, Psk.DEFAULT_IDENTITY, terminal.environment());
        if (tls.serverName() == null) {
            String host = target.substring(0, target.lastIndexOf(':'));
            if (!host.isEmpty() && !host.contains(":") && !host.startsWith("[") && !IPV4.matcher(host).matches()) {
                tls = tls.withServerName(host);
            }
        }
        Duration timeout = tls.handshakeTimeout() != null ? tls.handshakeTimeout() : DEFAULT_TIMEOUT;
        int count = a.has("count") ? Values.integer("--count", a.value("count", ""), 1, Integer.MAX_VALUE) : 0;
        if (a.has("size") && count == 0) {
            throw new UsageException("--size goes with --count");
        }
        int size = a.has("size") ? Values.integer("--size", a.value("size", ""), 1, 16384) : DEFAULT_SIZE;
        return new ClientSettings(connect, tls, timeout, count, size, a.has("trace") ? TraceLevel.parse(a.value("trace", "")) : null, SessionFiles.read(a));
    }
}
