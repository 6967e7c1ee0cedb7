package org.dtls4j.cli;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.dtls4j.cli.pipe.RateLimit;
import org.dtls4j.cli.pipe.TimeLimit;

/**
 * What {@code dtls4j pipe server|client BIND REMOTE} was asked to do. The options follow
 * dtlspipe's: same names, same defaults, durations written the same way.
 *
 * @param server           true for the server side (DTLS in, plain UDP out)
 * @param bind             where to listen: plain UDP on the client, DTLS on the server
 * @param remote           where to forward: the tunnel server (client side) or the plain UDP
 *                         service (server side)
 * @param tls              the security options
 * @param idleTime         flows idle this long are closed on both sides
 * @param rateLimit        new sessions per source address on the server, {@code null} for none
 * @param timeLimit        the longest a session lives, {@code null} for no limit
 * @param handshakeTimeout how long a handshake may take
 * @param skipHelloVerify  the server skips the cookie exchange
 */
record PipeSettings(boolean server, InetSocketAddress bind, InetSocketAddress remote, TlsSettings tls,
                    Duration idleTime, RateLimit rateLimit, TimeLimit timeLimit, Duration handshakeTimeout,
                    boolean skipHelloVerify) {
    static final int DEFAULT_MTU = 1400;
    static final Duration DEFAULT_IDLE_TIME = Duration.ofSeconds(30);
    static final RateLimit DEFAULT_RATE_LIMIT = new RateLimit(20, Duration.ofMinutes(1));
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    static final List<Option> OPTIONS = List.of(
            Option.value("psk", "HEX", "pre-shared key in hex (or the " + TlsSettings.PSK_VARIABLE + " variable)"),
            Option.value("identity", "ID", "PSK identity the client sends (default " + Psk.DEFAULT_IDENTITY
                    + "), the only one the server takes (default any)"),
            Option.value("ciphers", "LIST", "colon-separated suites, IANA or OpenSSL names"),
            Option.value("groups", "LIST", "colon-separated ECDHE groups"),
            Option.value("mtu", "N", "largest DTLS datagram, 256..65507 bytes (default " + DEFAULT_MTU + ")"),
            Option.value("idle-time", "DURATION", "close flows idle this long (default 30s)"),
            Option.value("rate-limit", "N/DURATION", "server: new sessions per source address (default 20/1m; off)"),
            Option.value("time-limit", "DURATION[-DURATION]", "longest session lifetime, or a random pick in a range"),
            TlsSettings.lossyLinkOption(),
            TlsSettings.cidOption(),
            Option.value("timeout", "DURATION", "handshake timeout (default 10s)"),
            Option.flag("skip-hello-verify", "server: skip the cookie exchange (RFC 6347 section 4.2.1)"),
            Option.value("cert", "FILE", "PEM certificate chain instead of (or with) a PSK"),
            Option.value("key", "FILE", "PEM private key of the certificate"),
            Option.value("cafile", "FILE", "client: trust this CA for the server; server: require client"
                    + " certificates from it"),
            Option.flag("insecure", "client: skip server verification; server: accept clients without certificates"));

    static PipeSettings from(ParsedArgs a, Terminal terminal) throws UsageException {
        a.expectPositionals("server|client", "BIND", "REMOTE");
        String role = a.positionals().get(0);
        if (!role.equals("server") && !role.equals("client")) {
            throw new UsageException("expected 'server' or 'client', got '" + role + "'");
        }
        boolean server = role.equals("server");
        InetSocketAddress bind = Values.hostPort("BIND", a.positionals().get(1));
        InetSocketAddress remote = Values.hostPort("REMOTE", a.positionals().get(2));
        if (remote.getPort() == 0) {
            throw new UsageException("REMOTE: port 0 is not a destination");
        }
        TlsSettings tls = TlsSettings.read(a, TlsSettings.Names.PIPE, server ? null : Psk.DEFAULT_IDENTITY,
                terminal.environment());
        if (tls.psk() == null && !tls.hasCertificate() && (server || tls.caFile() == null && !tls.insecure())) {
            throw new UsageException("give --psk (or " + TlsSettings.PSK_VARIABLE + "), or certificates"
                    + (server ? " (--cert and --key)" : " (--cafile or --insecure)"));
        }
        if (tls.mtu() == 0) {
            tls = tls.withMtu(DEFAULT_MTU);
        }
        if (!server && a.has("skip-hello-verify")) {
            throw new UsageException("--skip-hello-verify is a server option");
        }
        if (!server && a.has("rate-limit")) {
            throw new UsageException("--rate-limit is a server option");
        }
        Duration idle = a.has("idle-time") ? Values.duration("--idle-time", a.value("idle-time", "")) : DEFAULT_IDLE_TIME;
        RateLimit rate = a.has("rate-limit") ? rateLimit(a.value("rate-limit", "")) : DEFAULT_RATE_LIMIT;
        TimeLimit time = a.has("time-limit") ? timeLimit(a.value("time-limit", "")) : null;
        Duration timeout = tls.handshakeTimeout() != null ? tls.handshakeTimeout() : DEFAULT_TIMEOUT;
        return new PipeSettings(server, bind, remote, tls, idle, rate, time, timeout, a.has("skip-hello-verify"));
    }

    /** {@code N/DURATION}, or {@code off} / {@code 0} / empty for no limit (then {@code null}). */
    static RateLimit rateLimit(String text) throws UsageException {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.isEmpty() || t.equals("off") || t.equals("0")) {
            return null;
        }
        int slash = t.indexOf('/');
        if (slash < 0) {
            throw new UsageException("--rate-limit: expected N/DURATION like 20/1m, got '" + text + "'");
        }
        int count = Values.integer("--rate-limit", t.substring(0, slash), 1, 1_000_000);
        return new RateLimit(count, Values.duration("--rate-limit", t.substring(slash + 1)));
    }

    /** {@code DURATION} or {@code MIN-MAX}. */
    static TimeLimit timeLimit(String text) throws UsageException {
        int dash = text.indexOf('-');
        Duration min = Values.duration("--time-limit", dash < 0 ? text : text.substring(0, dash));
        Duration max = dash < 0 ? min : Values.duration("--time-limit", text.substring(dash + 1));
        if (max.compareTo(min) < 0) {
            throw new UsageException("--time-limit: the range " + text + " runs backwards");
        }
        return new TimeLimit(min, max);
    }
}
