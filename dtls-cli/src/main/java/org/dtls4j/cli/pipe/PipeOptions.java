package org.dtls4j.cli.pipe;

import java.time.Duration;
import java.util.Objects;
import org.dtls4j.transport.ServerOptions;

/**
 * How a tunnel end treats its flows.
 *
 * @param idleTime         how long a side of a flow may be silent before the flow is stale, and
 *                         closed (its DTLS session with close_notify, its UDP socket)
 * @param staleMode        which side's silence makes a flow stale (dtlspipe's {@code -stale-mode})
 * @param timeLimit        the longest a flow lives, {@code null} for no limit
 * @param handshakeTimeout how long a DTLS handshake may take
 * @param maxFlows         the most flows held at once; datagrams that would open another are dropped
 * @param server           server end: the DTLS server's limits (cookie exchange, handshakes at once,
 *                         rate per address, workers, accept queue, cookie rotation). Its peers and
 *                         idle timeout follow the flows: {@code maxFlows} peers, and an idle
 *                         timeout as {@link PipeServer#start} says. The client end ignores it.
 */
public record PipeOptions(Duration idleTime, StaleMode staleMode, TimeLimit timeLimit, Duration handshakeTimeout,
                          int maxFlows, ServerOptions server) {
    /** Enough for a busy gateway, small enough that a flood of source addresses cannot exhaust threads. */
    public static final int DEFAULT_MAX_FLOWS = 1024;

    public PipeOptions {
        Objects.requireNonNull(idleTime, "idleTime");
        Objects.requireNonNull(staleMode, "staleMode");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(server, "server");
        if (idleTime.isNegative() || idleTime.isZero() || handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("idleTime and handshakeTimeout must be positive");
        }
        if (maxFlows < 1) {
            throw new IllegalArgumentException("maxFlows must be at least 1, was " + maxFlows);
        }
    }
}
