package org.dtls4j.interop;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one {@link InteropCase}: server up, optional {@link UdpLossRelay}, client; both handshakes
 * concurrently (the server's on a helper thread); then each payload size client-to-server and
 * server-to-client, compared byte for byte. Everything is closed whatever happens, and a row goes
 * to the {@link InteropReport}.
 *
 * <p>A failure's message names the case and carries both peers' {@link DtlsPeer#diagnostics()}
 * (for OpenSSL: its command line, stdout and stderr) and the relay's counters.
 */
public final class Interop {

    private static final Duration DATA_TIMEOUT = Duration.ofSeconds(5);

    private Interop() {
    }

    /**
     * What a passing case observed.
     *
     * @param clientSuite suite the client reports
     * @param serverSuite suite the server reports
     * @param millis      wall time of handshake plus data
     * @param relay       the relay, closed, with its final counters (empty if the case used none)
     */
    public record Outcome(String clientSuite, String serverSuite, long millis, Optional<UdpLossRelay> relay) {
    }

    /**
     * What a test checks about the peers after the data went both ways, before they are closed
     * (e.g. what dtls4j negotiated). A failure here fails the case with both peers' diagnostics.
     */
    @FunctionalInterface
    public interface Check {
        /** Throws (an {@link AssertionError} or anything else) if the peers are not as expected. */
        void check(DtlsPeer client, DtlsPeer server) throws Exception;

        /** This check, then {@code next}. */
        default Check andThen(Check next) {
            return (client, server) -> {
                check(client, server);
                next.check(client, server);
            };
        }
    }

    /** Runs {@code c} and adds a row to the {@link InteropReport}; throws an {@link AssertionError} with diagnostics if it fails. */
    public static Outcome run(InteropCase c) {
        return run(c, (client, server) -> { });
    }

    /** Like {@link #run(InteropCase)}, and {@code check} must pass too. */
    public static Outcome run(InteropCase c, Check check) {
        long t0 = System.nanoTime();
        try {
            Outcome o = runUnreported(c, t0, check);
            InteropReport.record(c, InteropReport.Result.PASS, o.millis(),
                    "suite " + o.serverSuite() + o.relay().map(r -> "; " + r.summary()).orElse(""));
            return o;
        } catch (Throwable t) {
            InteropReport.record(c, InteropReport.Result.FAIL, (System.nanoTime() - t0) / 1_000_000, String.valueOf(t.getMessage()));
            throw t;
        }
    }

    /** Runs {@code c} without a report row: for tests of the harness that expect a failure. */
    static Outcome runUnreported(InteropCase c) {
        return runUnreported(c, System.nanoTime(), (client, server) -> { });
    }

    private static Outcome runUnreported(InteropCase c, long t0, Check check) {
        DtlsPeer server = null;
        UdpLossRelay relay = null;
        DtlsPeer client = null;
        try {
            server = c.server().server(c);
            InetSocketAddress target = server.address();
            if (c.relayed()) {
                relay = new UdpLossRelay(server.address(), c.loss(), c.seed(), c.handshakeTimeout().plusSeconds(20));
                target = relay.address();
            }
            client = c.client().client(c, target);
            handshake(client, server, c.handshakeTimeout());
            if (relay != null) {
                relay.stopDropping(); // loss is for the handshake: DTLS does not resend application data
            }
            exchange(c, client, server);
            check.check(client, server);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            return new Outcome(client.cipherSuite(), server.cipherSuite(), millis, Optional.ofNullable(relay));
        } catch (Exception | AssertionError e) {
            throw failure(c, e, client, server, relay);
        } finally {
            closeQuietly(client);
            if (relay != null) {
                relay.close();
            }
            closeQuietly(server);
        }
    }

    private static void handshake(DtlsPeer client, DtlsPeer server, Duration timeout) throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "interop-server-handshake");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<?> serverDone = pool.submit(() -> {
                server.start(timeout);
                return null;
            });
            try {
                client.start(timeout);
            } catch (IOException e) {
                serverOutcome(serverDone, Duration.ofMillis(500)).ifPresent(e::addSuppressed);
                throw e;
            }
            try {
                serverDone.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception x ? x : e;
            } catch (TimeoutException e) {
                throw new PeerException("server handshake did not finish within " + timeout + " after the client's");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Optional<Throwable> serverOutcome(Future<?> f, Duration wait) {
        try {
            f.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.of(e.getCause());
        } catch (TimeoutException | InterruptedException e) {
            return Optional.empty();
        }
    }

    private static void exchange(InteropCase c, DtlsPeer client, DtlsPeer server) throws IOException {
        Random random = new Random(c.seed());
        for (int size : c.payloadSizes()) {
            byte[] up = Payloads.line(size, random);
            client.send(up);
            expectSame("client -> server", up, server.receive(DATA_TIMEOUT));
            byte[] down = Payloads.line(size, random);
            server.send(down);
            expectSame("server -> client", down, client.receive(DATA_TIMEOUT));
        }
    }

    private static void expectSame(String what, byte[] sent, byte[] got) {
        if (!Arrays.equals(sent, got)) {
            throw new AssertionError(what + ": sent " + sent.length + " bytes, received " + got.length
                    + " bytes that differ: " + new String(got, 0, Math.min(got.length, 80), java.nio.charset.StandardCharsets.ISO_8859_1));
        }
    }

    private static AssertionError failure(InteropCase c, Throwable cause, DtlsPeer client, DtlsPeer server,
                                          UdpLossRelay relay) {
        StringBuilder sb = new StringBuilder("interop case failed: ").append(c.label()).append("\n  cause: ")
                .append(cause).append('\n');
        for (Throwable s : cause.getSuppressed()) {
            sb.append("  also: ").append(s).append('\n');
        }
        if (relay != null) {
            sb.append("  relay: ").append(relay.summary()).append('\n');
        }
        if (client != null) {
            sb.append(client.diagnostics());
        }
        if (server != null) {
            sb.append(server.diagnostics());
        }
        return new AssertionError(sb.toString(), cause);
    }

    private static void closeQuietly(DtlsPeer peer) {
        if (peer != null) {
            peer.close();
        }
    }
}
