package org.dtls4j.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dtls4j.transport.ServerOptions;
import org.dtls4j.transport.HandshakeRate;

/**
 * The limit flags of a DTLS server, the same on {@code dtls4j server} and {@code dtls4j pipe
 * server}: each sets one field of {@link ServerOptions}, and a flag not given keeps the command's
 * default. A bad value is refused before anything is bound, with the flag's name and an example.
 *
 * <pre>
 *   --max-peers N               ServerOptions.maxPeers
 *   --max-handshakes N          ServerOptions.maxConcurrentHandshakes
 *   --rate-limit N/DURATION|off ServerOptions.handshakeRate (per address, after the cookie)
 *   --idle-time DURATION        ServerOptions.idleTimeout (server only: the pipe's --idle-time is its flows')
 *   --workers N                 ServerOptions.workers
 *   --accept-queue N            ServerOptions.acceptQueue
 *   --cookie-rotation DURATION  ServerOptions.cookieRotation (RFC 6347 section 4.2.1)
 * </pre>
 */
final class ServerLimits {
    /** The most a count flag takes; far above what one socket serves. */
    static final int MAX_COUNT = 1_000_000;
    /** {@link ServerOptions} takes at most this many workers. */
    static final int MAX_WORKERS = 1024;

    private ServerLimits() {
    }

    /**
     * The limit flags, with {@code defaults} in their help text.
     *
     * @param scope       put before each help line, e.g. {@code "server: "} where a command has two roles
     * @param idleTimeout whether to offer {@code --idle-time} (alias {@code --idle-timeout})
     */
    static List<Option> options(ServerOptions defaults, String scope, boolean idleTimeout) {
        List<Option> options = new ArrayList<>();
        options.add(Option.value("max-peers", "N", scope + "most peers, handshaking or connected, at once (default "
                + defaults.maxPeers() + ")"));
        options.add(Option.value("max-handshakes", "N", scope + "most handshakes in progress at once (default "
                + defaults.maxConcurrentHandshakes() + ")"));
        options.add(Option.value("rate-limit", "N/DURATION", scope + "new handshakes per source address, or off (default "
                + rateText(defaults.handshakeRate()) + ")"));
        if (idleTimeout) {
            options.add(Option.value("idle-time", "DURATION", scope + "forget a peer silent this long (default "
                    + Values.durationText(defaults.idleTimeout()) + ")").alias("idle-timeout"));
        }
        options.add(Option.value("workers", "N", scope + "handshake threads, as many again for connections (default "
                + "one per processor, " + defaults.workers() + " here)"));
        options.add(Option.value("accept-queue", "N", scope + "established connections waiting to be served (default "
                + defaults.acceptQueue() + ")"));
        options.add(Option.value("cookie-rotation", "DURATION", scope + "how long a cookie secret is current (default "
                + Values.durationText(defaults.cookieRotation()) + ")"));
        return List.copyOf(options);
    }

    /** The first limit flag {@code a} holds, or {@code null} (the pipe's client end takes none). */
    static String firstGiven(ParsedArgs a) {
        for (String name : List.of("max-peers", "max-handshakes", "rate-limit", "workers",
                "accept-queue", "cookie-rotation")) {
            if (a.has(name)) {
                return name;
            }
        }
        return null;
    }

    /**
     * {@code defaults} with every limit flag of {@code a} applied. Without {@code --max-handshakes},
     * a {@code --max-peers} below the default handshake limit lowers that too, since handshakes
     * count among the peers.
     */
    static ServerOptions read(ParsedArgs a, ServerOptions defaults) throws UsageException {
        ServerOptions o = defaults;
        if (a.has("max-peers")) {
            o = o.withMaxPeers(count(a, "max-peers", MAX_COUNT, "10000"));
            o = o.withMaxConcurrentHandshakes(Math.min(o.maxPeers(), o.maxConcurrentHandshakes()));
        }
        if (a.has("max-handshakes")) {
            int handshakes = count(a, "max-handshakes", MAX_COUNT, "1000");
            if (handshakes > o.maxPeers()) {
                throw new UsageException("--max-handshakes: " + handshakes + " is more than the peers held at once ("
                        + o.maxPeers() + ", --max-peers), e.g. --max-handshakes " + o.maxPeers());
            }
            o = o.withMaxConcurrentHandshakes(handshakes);
        }
        if (a.has("rate-limit")) {
            o = o.withHandshakeRate(withExample("rate-limit", "20/1m", () -> Values.handshakeRate("--rate-limit",
                    a.value("rate-limit", ""))));
        }
        if (a.has("idle-time")) {
            o = o.withIdleTimeout(duration(a, "idle-time", "5m"));
        }
        if (a.has("workers")) {
            o = o.withWorkers(count(a, "workers", MAX_WORKERS, "4"));
        }
        if (a.has("accept-queue")) {
            o = o.withAcceptQueue(count(a, "accept-queue", MAX_COUNT, "1024"));
        }
        if (a.has("cookie-rotation")) {
            o = o.withCookieRotation(duration(a, "cookie-rotation", "30s"));
        }
        return o;
    }

    /**
     * The one line a server prints at startup so an operator sees what is in force:
     * {@code limits: peers 10000, handshakes 1000, rate 60/1m per address, idle 5m, workers 2,
     * accept queue 1024, cookie rotation 30s}.
     */
    static String line(ServerOptions o) {
        return "limits: peers " + o.maxPeers() + ", handshakes " + o.maxConcurrentHandshakes()
                + ", rate " + rateText(o.handshakeRate()) + (o.handshakeRate().isOff() ? "" : " per address")
                + ", idle " + Values.durationText(o.idleTimeout()) + ", workers " + o.workers()
                + ", accept queue " + o.acceptQueue() + ", cookie rotation " + Values.durationText(o.cookieRotation());
    }

    /** {@code 20/1m} or {@code off}, as {@code --rate-limit} takes it. */
    static String rateText(HandshakeRate rate) {
        return rate.isOff() ? "off" : rate.count() + "/" + Values.durationText(rate.per());
    }

    private static int count(ParsedArgs a, String name, int max, String example) throws UsageException {
        return withExample(name, example, () -> Values.integer("--" + name, a.value(name, ""), 1, max));
    }

    private static Duration duration(ParsedArgs a, String name, String example) throws UsageException {
        return withExample(name, example, () -> Values.duration("--" + name, a.value(name, "")));
    }

    private interface Parse<T> {
        T get() throws UsageException;
    }

    private static <T> T withExample(String name, String example, Parse<T> parse) throws UsageException {
        try {
            return parse.get();
        } catch (UsageException e) {
            throw new UsageException(e.getMessage() + " (e.g. --" + name + " " + example + ")");
        }
    }
}
