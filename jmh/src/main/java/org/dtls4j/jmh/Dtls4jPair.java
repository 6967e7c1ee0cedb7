package org.dtls4j.jmh;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.DtlsSession;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.cookie.CookieExchange;

/**
 * Two dtls4j engines joined in memory, the server behind the stateless cookie exchange as
 * {@code DtlsServer} runs it (RFC 6347 §4.2.1). Datagrams move directly from one engine's
 * {@code pollDatagram()} to the other's {@code receive()}; the clock is a counter that never
 * reaches a retransmission deadline, because nothing is lost.
 *
 * <p>The CPU time spent inside the server's calls is added to {@link #serverNanos()}, so a
 * benchmark can tell the server's CPU per handshake apart from the client's. Each reading of the
 * thread's CPU clock costs a few hundred nanoseconds, which lands in the figure too.
 */
public final class Dtls4jPair {
    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 40000);
    /** Far more than a handshake needs; a stuck handshake fails instead of spinning. */
    private static final int MAX_ROUNDS = 64;

    private final DtlsConfig serverConfig;
    private final SecureRandom random;
    private final CookieExchange cookies;
    private DtlsEngine client;
    private DtlsEngine server;
    private long now = 1;
    private long serverNanos;
    private long serverClockReads;

    /** The cookie exchange is made once and shared, as a server socket shares it between peers. */
    public Dtls4jPair(DtlsConfig serverConfig, SecureRandom random) {
        this.serverConfig = serverConfig;
        this.random = random;
        this.cookies = new CookieExchange(random, Duration.ofHours(1), serverConfig.providers());
    }

    /** Runs one full handshake of a fresh client engine against a fresh server engine. */
    public void handshake(DtlsConfig clientConfig) {
        run(DtlsEngine.client(clientConfig, random));
    }

    /** Runs one abbreviated handshake offering {@code session} (RFC 5246 §7.3). */
    public void resume(DtlsConfig clientConfig, DtlsSession session) {
        run(DtlsEngine.client(clientConfig, random, session));
    }

    private void run(DtlsEngine c) {
        client = c;
        server = null;
        client.start(now);
        for (int round = 0; round < MAX_ROUNDS; round++) {
            boolean moved = toServer();
            moved |= toClient();
            if (client.state() == EngineState.CONNECTED && server != null && server.state() == EngineState.CONNECTED) {
                return;
            }
            if (!moved || client.state() == EngineState.FAILED || server != null && server.state() == EngineState.FAILED) {
                break;
            }
        }
        throw new IllegalStateException("handshake did not complete: client " + client.state() + " "
                + client.failure() + ", server " + (server == null ? "none" : server.state() + " " + server.failure()));
    }

    private boolean toServer() {
        boolean moved = false;
        ByteBuffer d;
        while ((d = client.pollDatagram()) != null) {
            moved = true;
            byte[] bytes = bytes(d);
            long t0 = cpuNow();
            byte[] helloVerifyRequest = null;
            if (server == null) {
                CookieExchange.Result r = cookies.check(bytes, 0, bytes.length, PEER, now);
                if (r instanceof CookieExchange.Verify) {
                    helloVerifyRequest = ((CookieExchange.Verify) r).datagram();
                } else if (r instanceof CookieExchange.Accept) {
                    server = DtlsEngine.server(serverConfig, random, (CookieExchange.Accept) r);
                    server.start(++now);
                } else {
                    throw new IllegalStateException("cookie exchange dropped a ClientHello: " + r);
                }
            } else {
                server.receive(bytes, 0, bytes.length, ++now);
            }
            serverNanos += cpuNow() - t0;
            serverClockReads++;
            if (helloVerifyRequest != null) {
                client.receive(helloVerifyRequest, ++now);
            }
        }
        return moved;
    }

    private boolean toClient() {
        if (server == null) {
            return false;
        }
        boolean moved = false;
        while (true) {
            long t0 = cpuNow();
            ByteBuffer d = server.pollDatagram();
            serverNanos += cpuNow() - t0;
            serverClockReads++;
            if (d == null) {
                return moved;
            }
            moved = true;
            byte[] bytes = bytes(d);
            client.receive(bytes, 0, bytes.length, ++now);
        }
    }

    private static byte[] bytes(ByteBuffer b) {
        if (b.hasArray() && b.arrayOffset() == 0 && b.position() == 0 && b.remaining() == b.array().length) {
            return b.array();
        }
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    public DtlsEngine client() {
        return client;
    }

    public DtlsEngine server() {
        return server;
    }

    /** CPU nanoseconds spent in the server's cookie check, engine calls and polls since construction. */
    public long serverNanos() {
        return serverNanos;
    }

    /**
     * How many timed regions {@link #serverNanos()} adds up; each carries about one reading of the
     * CPU clock, which {@code PairedHandshake} subtracts.
     */
    public long serverClockReads() {
        return serverClockReads;
    }

    /** Moves every queued datagram from {@code from} to {@code to}; returns how many. */
    public int deliver(DtlsEngine from, DtlsEngine to) {
        int n = 0;
        ByteBuffer d;
        while ((d = from.pollDatagram()) != null) {
            byte[] bytes = bytes(d);
            to.receive(bytes, 0, bytes.length, ++now);
            n++;
        }
        return n;
    }

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    /** The calling thread's CPU time: the server's share stays right when other work shares the cores. */
    private static long cpuNow() {
        return THREADS.getCurrentThreadCpuTime();
    }
}
