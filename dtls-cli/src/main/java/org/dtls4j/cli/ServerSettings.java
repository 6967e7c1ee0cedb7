package org.dtls4j.cli;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dtls4j.transport.ServerOptions;

/**
 * What {@code dtls4j server} was asked to do.
 *
 * @param listen   the address to bind
 * @param tls      the security options
 * @param options  the server's limits ({@link ServerLimits}) and whether it insists on the cookie
 *                 exchange (RFC 6347 §4.2.1); {@link ServerOptions#defaults()} when no flag says otherwise
 * @param count    exit after this many connections closed, 0 to run until stopped
 * @param trace    how much of the trace to print ({@link TraceLevel}), or null for none
 * @param tickets  issue and accept session tickets (RFC 5077) under keys rotated in memory
 * @param ticketKeyFile issue and accept them under the keys of this shared file, or {@code null}
 * @param restart  where established connections are saved at exit and restored from at start
 */
record ServerSettings(InetSocketAddress listen, TlsSettings tls, ServerOptions options, int count, TraceLevel trace,
                      boolean tickets, Path ticketKeyFile, RestartFiles restart) {

    static final List<Option> OPTIONS = optionList();

    private static List<Option> optionList() {
        List<Option> options = new ArrayList<>(List.of(
                Option.value("listen", "HOST:PORT", "address to listen on (port 0: any free port)"),
                Option.value("cert", "FILE", "PEM certificate chain, leaf first (with --rpk: or a PUBLIC KEY)"),
                Option.value("key", "FILE", "PEM private key of the certificate"),
                Option.value("psk", "HEX", "pre-shared key in hex (see genpsk)"),
                Option.value("psk-identity", "ID", "the one PSK identity accepted (default " + Psk.DEFAULT_IDENTITY + ")")
                        .alias("identity"),
                Option.value("ciphers", "LIST", "colon-separated suites, IANA or OpenSSL names (see ciphers)"),
                Option.value("groups", "LIST", "colon-separated ECDHE groups (see groups)").alias("curves"),
                Option.value("mtu", "N", "largest datagram to send, 256..65507 bytes (default 1400)"),
                Option.value("cafile", "FILE", "require a client certificate issued by this PEM CA").alias("verify-client"),
                TlsSettings.lossyLinkOption(),
                TlsSettings.cidOption(),
                TlsSettings.peerFingerprintOption("client"),
                TlsSettings.rpkOption(),
                TlsSettings.peerKeysOption("clients"),
                TlsSettings.srtpOption(),
                TlsSettings.exportOption(),
                Option.flag("tickets", "issue session tickets (RFC 5077), keys rotated hourly in memory"),
                Option.value("ticket-key-file", "FILE", "issue session tickets under the keys of FILE, shared by a fleet"
                        + " and re-read when it changes (see ticket-keys)"),
                skipHelloVerifyOption(""),
                Option.value("alpn", "LIST", "comma-separated application protocols (RFC 7301)"),
                Option.value("keylog", "FILE", "append NSS key log lines for Wireshark"),
                Option.value("count", "N", "exit after N connections have closed"),
                TraceLevel.option()));
        options.addAll(TlsSettings.RecordOptions.options(false));
        options.addAll(RestartFiles.OPTIONS);
        options.addAll(ServerLimits.options(ServerOptions.defaults(), "", true));
        return List.copyOf(options);
    }

    /**
     * The cookie exchange turned off, the same flag on {@code server} and {@code pipe server}:
     * dtlspipe's name (which names the message, RFC 6347 §4.2.1), and the {@code --no-cookie} that
     * {@code server} first shipped. Off by default, unlike dtlspipe: {@code =false} is accepted.
     */
    static Option skipHelloVerifyOption(String scope) {
        return Option.flag("skip-hello-verify", scope + "skip the HelloVerifyRequest cookie exchange (RFC 6347"
                + " section 4.2.1; default false)").alias("no-cookie");
    }

    static ServerSettings from(ParsedArgs a, Terminal terminal) throws UsageException {
        a.expectPositionals();
        InetSocketAddress listen = Values.hostPort("--listen", a.required("listen"));
        TlsSettings tls = TlsSettings.read(a, false, Psk.DEFAULT_IDENTITY, terminal.environment());
        if (tls.psk() == null && !tls.hasCertificate()) {
            throw new UsageException("the server needs --cert and --key, or --psk");
        }
        ServerOptions options = ServerLimits.read(a, ServerOptions.defaults()).withCookies(!a.has("skip-hello-verify"));
        int count = a.has("count") ? Values.integer("--count", a.value("count", ""), 1, Integer.MAX_VALUE) : 0;
        Path ticketKeyFile = a.has("ticket-key-file") ? Path.of(a.value("ticket-key-file", "")) : null;
        return new ServerSettings(listen, tls, options, count, a.has("trace") ? TraceLevel.parse(a.value("trace", "")) : null,
                a.has("tickets"), ticketKeyFile, RestartFiles.read(a));
    }
}
