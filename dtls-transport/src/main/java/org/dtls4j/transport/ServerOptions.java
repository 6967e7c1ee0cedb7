package org.dtls4j.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits of a {@link DtlsServer}: how much one socket lets strangers cost it, and how many
 * threads run its connections. Each limit is counted in {@link ServerCounters} when it refuses
 * something.
 *
 * <p>Start from {@link #defaults()} and change what you need with the {@code with...} methods:
 * <pre>{@code
 * ServerOptions options = ServerOptions.defaults().withMaxPeers(500).withIdleTimeout(Duration.ofMinutes(1));
 * }</pre>
 *
 * @param cookies              run the stateless HelloVerifyRequest exchange before allocating
 *                             anything for a new peer (RFC 6347 §4.2.1: servers "SHOULD" use it
 *                             wherever amplification and state exhaustion are a concern). Turn it
 *                             off only where the network already vouches for source addresses.
 * @param maxPeers             peers (handshaking or connected) held at once; a new one beyond that
 *                             is ignored
 * @param maxConcurrentHandshakes handshakes in progress at once; a new one beyond that is ignored
 * @param idleTimeout          a peer not heard from for this long is sent close_notify and forgotten
 * @param handshakeRate        new handshakes from one IP address (a token bucket), checked after the
 *                             cookie proved the address; {@link HandshakeRate#OFF} for none
 * @param cookieRotation       how long a cookie secret is current (cookies stay valid one period more)
 * @param acceptQueue          established connections waiting for {@link DtlsServer#accept()};
 *                             when full, a new connection is closed at once
 * @param workers              threads that run handshakes, and as many again that run established
 *                             connections (see the module README, "Threads")
 */
public record ServerOptions(boolean cookies, int maxPeers, int maxConcurrentHandshakes, Duration idleTimeout,
                            HandshakeRate handshakeRate, Duration cookieRotation, int acceptQueue, int workers) {

    public ServerOptions {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(handshakeRate, "handshakeRate");
        Objects.requireNonNull(cookieRotation, "cookieRotation");
        require(maxPeers >= 1, "maxPeers must be at least 1, was " + maxPeers);
        require(maxConcurrentHandshakes >= 1, "maxConcurrentHandshakes must be at least 1, was " + maxConcurrentHandshakes);
        require(!idleTimeout.isNegative() && !idleTimeout.isZero(), "idleTimeout must be positive, was " + idleTimeout);
        require(!cookieRotation.isNegative() && !cookieRotation.isZero(), "cookieRotation must be positive, was " + cookieRotation);
        require(acceptQueue >= 1, "acceptQueue must be at least 1, was " + acceptQueue);
        require(workers >= 1 && workers <= 1024, "workers must be 1 to 1024, was " + workers);
    }

    /**
     * Cookies on, 10,000 peers, 1,000 concurrent handshakes, 5 minutes idle timeout, 60 handshakes
     * per minute per address, cookie secrets rotated every 30 seconds, 1,024 connections waiting
     * for {@code accept()}, as many workers as the JVM has processors.
     */
    public static ServerOptions defaults() {
        return new ServerOptions(true, 10_000, 1_000, Duration.ofMinutes(5), HandshakeRate.perMinute(60),
                Duration.ofSeconds(30), 1024, Runtime.getRuntime().availableProcessors());
    }

    public ServerOptions withCookies(boolean on) {
        return new ServerOptions(on, maxPeers, maxConcurrentHandshakes, idleTimeout, handshakeRate, cookieRotation,
                acceptQueue, workers);
    }

    public ServerOptions withMaxPeers(int n) {
        return new ServerOptions(cookies, n, maxConcurrentHandshakes, idleTimeout, handshakeRate, cookieRotation,
                acceptQueue, workers);
    }

    public ServerOptions withMaxConcurrentHandshakes(int n) {
        return new ServerOptions(cookies, maxPeers, n, idleTimeout, handshakeRate, cookieRotation, acceptQueue, workers);
    }

    public ServerOptions withIdleTimeout(Duration d) {
        return new ServerOptions(cookies, maxPeers, maxConcurrentHandshakes, d, handshakeRate, cookieRotation,
                acceptQueue, workers);
    }

    public ServerOptions withHandshakeRate(HandshakeRate rate) {
        return new ServerOptions(cookies, maxPeers, maxConcurrentHandshakes, idleTimeout, rate, cookieRotation,
                acceptQueue, workers);
    }

    /** Shorthand for {@code withHandshakeRate(HandshakeRate.perMinute(n))}. */
    public ServerOptions withHandshakesPerMinutePerAddress(int n) {
        return withHandshakeRate(HandshakeRate.perMinute(n));
    }

    public ServerOptions withCookieRotation(Duration d) {
        return new ServerOptions(cookies, maxPeers, maxConcurrentHandshakes, idleTimeout, handshakeRate, d,
                acceptQueue, workers);
    }

    public ServerOptions withAcceptQueue(int n) {
        return new ServerOptions(cookies, maxPeers, maxConcurrentHandshakes, idleTimeout, handshakeRate, cookieRotation,
                n, workers);
    }

    public ServerOptions withWorkers(int n) {
        return new ServerOptions(cookies, maxPeers, maxConcurrentHandshakes, idleTimeout, handshakeRate, cookieRotation,
                acceptQueue, n);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("ServerOptions: " + message);
        }
    }
}
