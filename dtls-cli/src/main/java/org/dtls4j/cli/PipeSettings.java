package org.dtls4j.cli;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dtls4j.cli.pipe.EndpointGroups;
import org.dtls4j.cli.pipe.PipeOptions;
import org.dtls4j.cli.pipe.StaleMode;
import org.dtls4j.cli.pipe.TimeLimit;
import org.dtls4j.transport.ServerOptions;
import org.dtls4j.transport.HandshakeRate;

/**
 * What {@code dtls4j pipe server|client BIND REMOTE} or {@code dtls4j pipe hoppingclient BIND
 * ENDPOINT-GROUP...} was asked to do. The options follow dtlspipe's: same names (each also with
 * one dash), same defaults but the cookie exchange, durations written the same way. The server end
 * also takes the limit flags of {@code dtls4j server} ({@link ServerLimits}) but {@code --idle-time}:
 * here that is the flows' idle time.
 *
 * @param server           true for the server side (DTLS in, plain UDP out)
 * @param bind             where to listen: plain UDP on the client, DTLS on the server
 * @param remote           where to forward: the tunnel server (client side) or the plain UDP
 *                         service (server side); {@code null} for the hopping client
 * @param hops             the hopping client's endpoint groups, {@code null} for the other two
 * @param tls              the security options
 * @param idleTime         how long a side of a flow may be silent
 * @param staleMode        which side's silence ends a flow
 * @param timeLimit        the longest a session lives, {@code null} for no limit
 * @param handshakeTimeout how long a handshake may take
 * @param limits           the server end's limits ({@link ServerLimits}), with the cookie exchange
 *                         off for {@code --skip-hello-verify}; its peers are the most flows held and
 *                         its idle timeout is {@code idleTime}. The client end uses only its peers.
 */
record PipeSettings(boolean server, InetSocketAddress bind, InetSocketAddress remote, EndpointGroups hops,
                    TlsSettings tls, Duration idleTime, StaleMode staleMode, TimeLimit timeLimit, Duration handshakeTimeout,
                    ServerOptions limits) {
    static final int DEFAULT_MTU = 1400;
    static final Duration DEFAULT_IDLE_TIME = Duration.ofSeconds(30);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /**
     * The tunnel's limits when no flag is given: dtlspipe's 20 new sessions per minute per address,
     * {@link PipeOptions#DEFAULT_MAX_FLOWS} flows (each costs two threads and a socket), the
     * transport's defaults for the rest.
     */
    static final ServerOptions DEFAULT_LIMITS = ServerOptions.defaults()
            .withMaxPeers(PipeOptions.DEFAULT_MAX_FLOWS)
            .withMaxConcurrentHandshakes(Math.min(PipeOptions.DEFAULT_MAX_FLOWS,
                    ServerOptions.defaults().maxConcurrentHandshakes()))
            .withHandshakeRate(new HandshakeRate(20, Duration.ofMinutes(1)))
            .withIdleTimeout(DEFAULT_IDLE_TIME);

    static final List<Option> OPTIONS = optionList();

    private static List<Option> optionList() {
        List<Option> options = new ArrayList<>(List.of(
                Option.value("psk", "HEX", "pre-shared key in hex (or the " + TlsSettings.PSK_VARIABLE + " or "
                        + TlsSettings.DTLSPIPE_PSK_VARIABLE + " variable)"),
                Option.value("psk-identity", "ID", "PSK identity the client sends (default " + Psk.DEFAULT_IDENTITY
                        + "), the only one the server takes (default any)").alias("identity"),
                Option.value("ciphers", "LIST", "colon-separated suites, IANA or OpenSSL names"),
                Option.value("groups", "LIST", "colon-separated ECDHE groups").alias("curves"),
                Option.value("mtu", "N", "largest DTLS datagram, 256..65507 bytes (default " + DEFAULT_MTU + ")"),
                Option.value("idle-time", "DURATION", "a flow side silent this long is stale (default "
                        + Values.durationText(DEFAULT_IDLE_TIME) + ")").alias("idle-timeout"),
                Option.value("stale-mode", "MODE", "which silence ends a flow: both, either, left (the side it came"
                        + " in on), right (default " + StaleMode.DEFAULT.text() + ")"),
                Option.value("time-limit", "DURATION[-DURATION]", "longest session lifetime, or a random pick in a range"),
                TlsSettings.lossyLinkOption(),
                TlsSettings.cidOption(),
                Option.value("timeout", "DURATION", "handshake timeout (default " + Values.durationText(DEFAULT_TIMEOUT) + ")"),
                ServerSettings.skipHelloVerifyOption("server: "),
                Option.value("cert", "FILE", "PEM certificate chain instead of (or with) a PSK"),
                Option.value("key", "FILE", "PEM private key of the certificate"),
                Option.value("cafile", "FILE", "client: trust this CA for the server; server: require client"
                        + " certificates from it"),
                Option.flag("insecure", "client: skip server verification; server: accept clients without certificates")));
        options.addAll(ServerLimits.options(DEFAULT_LIMITS, "server: ", false));
        return List.copyOf(options);
    }

    static PipeSettings from(ParsedArgs a, Terminal terminal) throws UsageException {
        List<String> words = a.positionals();
        boolean hopping = !words.isEmpty() && words.get(0).equals("hoppingclient");
        if (hopping ? words.size() < 3 : words.size() != 3) {
            throw new UsageException("'pipe' expects server|client BIND REMOTE or hoppingclient BIND ENDPOINT-GROUP...,"
                    + " got " + (words.isEmpty() ? "none" : String.join(" ", words)));
        }
        String role = words.get(0);
        if (!hopping && !role.equals("server") && !role.equals("client")) {
            throw new UsageException("expected 'server', 'client' or 'hoppingclient', got '" + role + "'");
        }
        boolean server = role.equals("server");
        InetSocketAddress bind = Values.hostPort("BIND", words.get(1));
        InetSocketAddress remote = hopping ? null : Values.hostPort("REMOTE", words.get(2));
        if (remote != null && remote.getPort() == 0) {
            throw new UsageException("REMOTE: port 0 is not a destination");
        }
        EndpointGroups hops = hopping ? endpointGroups(words.subList(2, words.size())) : null;
        TlsSettings tls = TlsSettings.read(a, true, server ? null : Psk.DEFAULT_IDENTITY, terminal.environment());
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
        String limit = ServerLimits.firstGiven(a);
        if (!server && limit != null) {
            throw new UsageException("--" + limit + " is a server option");
        }
        Duration idle = a.has("idle-time") ? Values.duration("--idle-time", a.value("idle-time", "")) : DEFAULT_IDLE_TIME;
        StaleMode stale = a.has("stale-mode") ? staleMode(a.value("stale-mode", "")) : StaleMode.DEFAULT;
        ServerOptions limits = ServerLimits.read(a, DEFAULT_LIMITS).withIdleTimeout(idle)
                .withCookies(!a.has("skip-hello-verify"));
        TimeLimit time = a.has("time-limit") ? timeLimit(a.value("time-limit", "")) : null;
        Duration timeout = tls.handshakeTimeout() != null ? tls.handshakeTimeout() : DEFAULT_TIMEOUT;
        return new PipeSettings(server, bind, remote, hops, tls, idle, stale, time, timeout, limits);
    }

    /** The hopping client (dtlspipe's {@code hoppingclient}): each session to an endpoint drawn from {@link #hops()}. */
    boolean hopping() {
        return hops != null;
    }

    private static EndpointGroups endpointGroups(List<String> specs) throws UsageException {
        try {
            return EndpointGroups.parse(specs);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static StaleMode staleMode(String text) throws UsageException {
        StaleMode mode = StaleMode.fromText(text);
        if (mode == null) {
            throw new UsageException("--stale-mode: expected both, either, left or right, got '" + text + "'");
        }
        return mode;
    }

    /** How the tunnel end treats its flows; the server end also takes {@link #limits()} for its DTLS server. */
    PipeOptions pipeOptions() {
        return new PipeOptions(idleTime, staleMode, timeLimit, handshakeTimeout, limits.maxPeers(), limits);
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
