package org.dtls4j.transport;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.handshake.DtlsSession;
import org.dtls4j.handshake.DtlsTimeoutException;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.transport.ConnectionClosedException.Reason;
import org.dtls4j.transport.io.SelectorLoop;
import org.dtls4j.transport.time.TimerQueue;

/**
 * One client connection's socket and timer on a {@link ClientLoop}: the client-side counterpart
 * of {@link PeerTable}, for a single peer. The handler methods run on the loop thread;
 * {@link #await()} runs on the caller's.
 *
 * <p>The socket lives as long as the connection: it closes when the handshake fails, when either
 * side ends the connection, when the caller gives up waiting, or when the loop closes. Closing it
 * cancels the timer and ends the connection if nothing else did
 * ({@link Reason#TRANSPORT_CLOSED}).
 */
final class ClientEndpoint implements SelectorLoop.Handler {
    /** How much longer than the handshake timeout {@link #await()} waits for the engine's own verdict. */
    private static final long VERDICT_GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final InetSocketAddress server;
    private final Duration timeout;
    private final SelectorLoop loop;
    private final SelectorLoop.Socket socket;
    private final DtlsConnection connection;
    private final CompletableFuture<DtlsConnection> established = new CompletableFuture<>();
    /** Loop thread only; null until {@link #onStart}. */
    private TimerQueue.Timer timer;

    ClientEndpoint(SelectorLoop loop, SelectorLoop.Socket socket, InetSocketAddress local, InetSocketAddress server,
                   DtlsConfig config, DtlsSession resume) {
        this.server = server;
        this.timeout = config.handshakeTimeout();
        this.loop = loop;
        this.socket = socket;
        SecureRandom random = new SecureRandom();
        DtlsEngine engine = resume == null ? DtlsEngine.client(config, random) : DtlsEngine.client(config, random, resume);
        this.connection = new DtlsConnection(engine, server, local, socket, c -> socket.close());
        // a caller that cancels the future abandons the handshake: give the socket back
        established.whenComplete((c, e) -> {
            if (e instanceof CancellationException) {
                socket.close();
            }
        });
    }

    /**
     * Completes with the connection when the handshake does; exceptionally with the engine's
     * {@link DtlsException} (a {@link DtlsTimeoutException} at the deadline) when it fails.
     */
    CompletableFuture<DtlsConnection> established() {
        return established;
    }

    /** Waits for the handshake's outcome; gives the socket back if it does not come. */
    DtlsConnection await() throws IOException, DtlsException {
        try {
            return established.get(timeout.toNanos() + VERDICT_GRACE_NANOS, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof DtlsException d) {
                throw d;
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException("connecting to " + server + " failed: " + cause, cause);
        } catch (TimeoutException e) {
            socket.close();
            throw new DtlsTimeoutException("no handshake outcome from " + server + " within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            socket.close();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while connecting to " + server);
        }
    }

    @Override
    public void onStart(long now) {
        timer = loop.timers().newTimer(this::onTimer);
        after(connection.start(now));
    }

    @Override
    public void onDatagram(InetSocketAddress from, byte[] data, int length, long now) {
        if (!server.equals(from)) {
            return; // a connected socket only delivers the server's datagrams; be sure anyway
        }
        after(connection.receiveDatagram(data, length, now));
    }

    private void onTimer(long now) {
        after(connection.onTimer(now));
    }

    private void after(EngineState state) {
        switch (state) {
            case CONNECTED:
                established.complete(connection);
                break;
            case FAILED:
                established.completeExceptionally(describe(connection.failure()));
                socket.close();
                return;
            case CLOSED:
                established.completeExceptionally(new DtlsException(AlertDescription.CLOSE_NOTIFY,
                        "the server " + server + " closed the connection during the handshake"));
                socket.close();
                return;
            default:
                break;
        }
        timer.arm(connection.nextDeadlineNanos());
    }

    /** The engine's failure; a timeout gets a message that says what was (not) heard. */
    private DtlsException describe(DtlsException failure) {
        if (!(failure instanceof DtlsTimeoutException)) {
            return failure != null ? failure
                    : new DtlsException(AlertDescription.INTERNAL_ERROR, "handshake with " + server + " failed");
        }
        ConnectionCounters c = connection.counters();
        if (c.datagramsIn() == 0) {
            // ICMP port unreachable is not fatal (RFC 6347 §4.2.4 leaves recovery to retransmission):
            // the server may be starting, or the report may be forged. It only makes the message.
            long icmp = socket.portUnreachable();
            return new DtlsTimeoutException("nobody answered at " + server + ": no datagram came back within "
                    + timeout.toMillis() + " ms (" + c.retransmissions() + " retransmissions"
                    + (icmp > 0
                        ? ", " + icmp + " ICMP port unreachable reports: is a DTLS server listening there?)"
                        : ")"));
        }
        return new DtlsTimeoutException("handshake with " + server + " did not complete within " + timeout.toMillis()
                + " ms (" + c.datagramsIn() + " datagrams received, " + c.retransmissions() + " retransmissions, "
                + c.discardedRecords() + " records discarded)" + connection.stallHint().map(h -> ": " + h).orElse(""));
    }

    @Override
    public void onClose(long now) {
        if (timer != null) {
            timer.cancel();
        }
        connection.endByTransport(now, true, Reason.TRANSPORT_CLOSED, "the client socket was closed");
        established.completeExceptionally(new DtlsException(AlertDescription.INTERNAL_ERROR,
                "connection to " + server + " stopped before the handshake completed"));
    }
}
