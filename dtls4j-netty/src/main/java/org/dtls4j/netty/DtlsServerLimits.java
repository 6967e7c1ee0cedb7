package org.dtls4j.netty;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link DtlsServerHandler} lets strangers cost it: the same limits as the socket server's
 * {@code ServerOptions} in {@code dtls4j-transport}, less the ones about its own threads (Netty's
 * event loops run the engines here). Each refusal is counted in {@link DtlsServerCounters}.
 *
 * <p>Start from {@link #defaults()} and change what you need:
 * <pre>{@code
 * DtlsServerLimits limits = DtlsServerLimits.defaults().withMaxPeers(500).withIdleTimeout(Duration.ofMinutes(1));
 * }</pre>
 *
 * @param cookies                 run the stateless HelloVerifyRequest exchange before anything is
 *                                allocated for a new peer (RFC 6347 §4.2.1: servers "SHOULD" use it
 *                                wherever amplification and state exhaustion are a concern)
 * @param maxPeers                peers (handshaking or connected) held at once by all the handlers
 *                                of one {@link DtlsServerGroup}; a new one beyond that is ignored
 * @param maxConcurrentHandshakes handshakes in progress at once in the group
 * @param idleTimeout             a connected peer not heard from for this long is sent close_notify
 *                                and forgotten; a handshake is bounded by
 *                                {@code DtlsConfig.handshakeTimeout()} instead
 * @param handshakesPerAddress    new handshakes one IP address may start per {@code handshakeWindow}
 *                                (a token bucket, checked after the cookie proved the address);
 *                                0 for no limit
 * @param handshakeWindow         the window of {@code handshakesPerAddress}
 * @param cookieRotation          how long a cookie secret is current (cookies stay valid one period more)
 */
public record DtlsServerLimits(boolean cookies, int maxPeers, int maxConcurrentHandshakes, Duration idleTimeout,
                               int handshakesPerAddress, Duration handshakeWindow, Duration cookieRotation) {

    public DtlsServerLimits {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(handshakeWindow, "handshakeWindow");
        Objects.requireNonNull(cookieRotation, "cookieRotation");
        require(maxPeers >= 1, "maxPeers must be at least 1, was " + maxPeers);
        require(maxConcurrentHandshakes >= 1, "maxConcurrentHandshakes must be at least 1, was " + maxConcurrentHandshakes);
        require(positive(idleTimeout), "idleTimeout must be positive, was " + idleTimeout);
        require(handshakesPerAddress >= 0, "handshakesPerAddress must not be negative, was " + handshakesPerAddress);
        require(positive(handshakeWindow), "handshakeWindow must be positive, was " + handshakeWindow);
        require(positive(cookieRotation), "cookieRotation must be positive, was " + cookieRotation);
    }

    /**
     * The socket server's defaults: cookies on, 10,000 peers, 1,000 concurrent handshakes, 5 minutes
     * idle timeout, 60 handshakes per minute per address, cookie secrets rotated every 30 seconds.
     */
    public static DtlsServerLimits defaults() {
        return new DtlsServerLimits(true, 10_000, 1_000, Duration.ofMinutes(5), 60, Duration.ofMinutes(1),
                Duration.ofSeconds(30));
    }

    public DtlsServerLimits withCookies(boolean on) {
        return new DtlsServerLimits(on, maxPeers, maxConcurrentHandshakes, idleTimeout, handshakesPerAddress,
                handshakeWindow, cookieRotation);
    }

    public DtlsServerLimits withMaxPeers(int n) {
        return new DtlsServerLimits(cookies, n, maxConcurrentHandshakes, idleTimeout, handshakesPerAddress,
                handshakeWindow, cookieRotation);
    }

    public DtlsServerLimits withMaxConcurrentHandshakes(int n) {
        return new DtlsServerLimits(cookies, maxPeers, n, idleTimeout, handshakesPerAddress, handshakeWindow,
                cookieRotation);
    }

    public DtlsServerLimits withIdleTimeout(Duration d) {
        return new DtlsServerLimits(cookies, maxPeers, maxConcurrentHandshakes, d, handshakesPerAddress,
                handshakeWindow, cookieRotation);
    }

    /** At most {@code count} new handshakes per address per {@code window}; {@code count} 0 for no limit. */
    public DtlsServerLimits withHandshakeRate(int count, Duration window) {
        return new DtlsServerLimits(cookies, maxPeers, maxConcurrentHandshakes, idleTimeout, count, window,
                cookieRotation);
    }

    public DtlsServerLimits withCookieRotation(Duration d) {
        return new DtlsServerLimits(cookies, maxPeers, maxConcurrentHandshakes, idleTimeout, handshakesPerAddress,
                handshakeWindow, d);
    }

    private static boolean positive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("DtlsServerLimits: " + message);
        }
    }
}
