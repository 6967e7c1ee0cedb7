package org.dtls4j.transport;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.dtls4j.transport.io.Worker;
import org.dtls4j.transport.time.NanoClock;

/**
 * A server's two groups of {@link Worker}s: {@code n} threads that run handshakes and {@code n}
 * that run established connections. Keeping them apart is what keeps an established peer's
 * datagram from waiting behind a stranger's key exchange: a connection worker is idle most of
 * the time, and the operating system's scheduler gives a thread that wakes from waiting a core
 * ahead of threads that have been computing (Linux's CFS does), so a handshake storm slows
 * connections by a scheduling delay, not by the storm's queue.
 *
 * <p>A new peer goes to the handshake worker with the least work waiting; a connected peer to the
 * next connection worker in turn. When even that worker has more than {@link #HANDSHAKE_BACKLOG}
 * of work waiting (its backlog times its average job's run time), a new handshake would be
 * answered only after its client retransmitted (RFC 6347 §4.2.4.1: the timer starts at 1 s), and
 * the server sheds new handshakes instead ({@code refusedBusy}): what it has taken on, it finishes.
 */
final class Workers {
    /** Work waiting on the least busy handshake worker beyond which new handshakes are refused. */
    static final Duration HANDSHAKE_BACKLOG = Duration.ofSeconds(1);
    private static final long HANDSHAKE_BACKLOG_NANOS = HANDSHAKE_BACKLOG.toNanos();

    private final Worker[] handshake;
    private final Worker[] connection;
    private final AtomicInteger nextConnection = new AtomicInteger();

    Workers(String name, int n, int maxPeers, NanoClock clock) {
        handshake = new Worker[n];
        connection = new Worker[n];
        for (int i = 0; i < n; i++) {
            handshake[i] = new Worker(name + "-handshake-" + i, maxPeers, clock);
            connection[i] = new Worker(name + "-connection-" + i, maxPeers, clock);
        }
    }

    /** For a new peer: the handshake worker with the least work waiting. */
    Worker nextHandshakeWorker() {
        Worker best = handshake[0];
        for (int i = 1; i < handshake.length && best.backlogNanos() > 0; i++) {
            if (handshake[i].backlogNanos() < best.backlogNanos()) {
                best = handshake[i];
            }
        }
        return best;
    }

    /** For a peer whose handshake completed; any thread. */
    Worker nextConnectionWorker() {
        return connection[Math.floorMod(nextConnection.getAndIncrement(), connection.length)];
    }

    /** Whether the handshake workers are too far behind to take a new handshake. */
    boolean handshakesBehind() {
        return nextHandshakeWorker().backlogNanos() > HANDSHAKE_BACKLOG_NANOS;
    }

    void stop() {
        for (Worker w : handshake) {
            w.stop();
        }
        for (Worker w : connection) {
            w.stop();
        }
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("handshake backlog");
        for (Worker w : handshake) {
            b.append(' ').append(w.backlog()).append(" jobs/").append(w.backlogNanos() / 1_000_000).append(" ms");
        }
        return b.toString();
    }
}
