package org.dtls4j.transport;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.handshake.DtlsSession;
import org.dtls4j.handshake.DtlsTimeoutException;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.transport.ConnectionClosedException.Reason;
import org.dtls4j.transport.io.DatagramLoop;
import org.dtls4j.transport.time.NanoClock;
import org.dtls4j.transport.time.TimerQueue;

/**
 * One client connection's socket, I/O thread and timer: the client-side counterpart of
 * {@link PeerTable}, for a single peer. The handler methods run on the loop thread; only
 * {@link #handshake()} runs on the caller's.
 */
final class ClientEndpoint implements DatagramLoop.Handler {
    /** Largest UDP payload over IPv4: a client accepts whatever its chosen server sends. */
    private static final int RECEIVE_BUFFER = 65_507;
    /** How much longer than the handshake timeout the caller waits for the engine's own verdict. */
    private static final long VERDICT_GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final InetSocketAddress server;
    private final Duration timeout;
    private final DatagramLoop loop;
    private final DtlsConnection connection;
    private final CompletableFuture<DtlsConnection> established = new CompletableFuture<>();
    private TimerQueue.Timer timer;
    private long portUnreachable;

    ClientEndpoint(DatagramChannel channel, InetSocketAddress server, DtlsConfig config, DtlsSession resume)
            throws IOException {
        this.server = server;
        this.timeout = config.handshakeTimeout();
        InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
        this.loop = new DatagramLoop("dtls4j-client-" + local.getPort(), channel, RECEIVE_BUFFER, NanoClock.system());
        SecureRandom random = new SecureRandom();
        DtlsEngine engine = resume == null ? DtlsEngine.client(config, random) : DtlsEngine.client(config, random, resume);
        this.connection = new DtlsConnection(engine, server, local, loop, c -> loop.stop());
    }

    /** Runs the handshake on the loop thread and waits for its outcome. */
    DtlsConnection handshake() throws IOException, DtlsException {
        loop.start(this);
        loop.execute(this::begin);
        try {
            return established.get(timeout.toNanos() + VERDICT_GRACE_NANOS, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            loop.stop();
            Throwable cause = e.getCause();
            if (cause instanceof DtlsException d) {
                throw d;
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException("connecting to " + server + " failed: " + cause, cause);
        } catch (TimeoutException e) {
            loop.stop();
            throw new DtlsTimeoutException("no handshake outcome from " + server + " within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            loop.stop();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while connecting to " + server);
        }
    }

    private void begin() {
        timer = loop.timers().newTimer(this::onTimer);
        after(connection.start(loop.clock().nanos()));
    }

    @Override
    public void onDatagram(InetSocketAddress from, byte[] data, int length, long now) {
        if (!server.equals(from) || timer == null) {
            return; // a connected socket only delivers the server's datagrams; be sure anyway
        }
        after(connection.receiveDatagram(data, length, now));
    }

    @Override
    public void onPortUnreachable(long now) {
        // Not fatal (RFC 6347 §4.2.4 leaves recovery to retransmission): the server may be
        // starting, or the report may be forged. Remembered for the timeout message.
        portUnreachable++;
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
                loop.stop();
                return;
            case CLOSED:
                established.completeExceptionally(new DtlsException(AlertDescription.CLOSE_NOTIFY,
                        "the server " + server + " closed the connection during the handshake"));
                loop.stop();
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
            return new DtlsTimeoutException("nobody answered at " + server + ": no datagram came back within "
                    + timeout.toMillis() + " ms (" + c.retransmissions() + " retransmissions"
                    + (portUnreachable > 0
                        ? ", " + portUnreachable + " ICMP port unreachable reports: is a DTLS server listening there?)"
                        : ")"));
        }
        return new DtlsTimeoutException("handshake with " + server + " did not complete within " + timeout.toMillis()
                + " ms (" + c.datagramsIn() + " datagrams received, " + c.retransmissions() + " retransmissions, "
                + c.discardedRecords() + " records discarded)");
    }

    @Override
    public void onStop(long now) {
        connection.endByTransport(now, true, Reason.TRANSPORT_CLOSED, "the client socket was closed");
        established.completeExceptionally(new DtlsException(AlertDescription.INTERNAL_ERROR,
                "connection to " + server + " stopped before the handshake completed"));
    }
}
