package org.dtls4j.handshake.adversarial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.DeterministicRandom;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.TestPeers;
import org.dtls4j.handshake.TestPeers.Auth;
import org.dtls4j.handshake.sim.CookieServer;
import org.dtls4j.handshake.sim.SimulatedLink;

/**
 * A client engine and a server behind the stateless cookie exchange (RFC 6347 §4.2.1), joined by a
 * {@link SimulatedLink}, with the key log lines of both sides kept (so that a test can derive the
 * epoch-1 keys and act as an attacker who knows them). Everything repeats from the seed.
 */
final class Association {
    static final long SECOND = 1_000_000_000L;
    static final long MILLI = 1_000_000L;

    final CipherSuite suite;
    final DtlsConfig clientConfig;
    final DtlsConfig serverConfig;
    final DtlsEngine client;
    final CookieServer server;
    final SimulatedLink link;
    final List<String> clientKeyLog;
    final List<String> serverKeyLog;

    private Association(CipherSuite suite, DtlsConfig clientConfig, DtlsConfig serverConfig, DtlsEngine client,
                        long seed, List<String> clientKeyLog, List<String> serverKeyLog) {
        this.suite = suite;
        this.clientConfig = clientConfig;
        this.serverConfig = serverConfig;
        this.client = client;
        this.server = new CookieServer(serverConfig, new DeterministicRandom(1000 + seed));
        this.link = new SimulatedLink(client, server, seed);
        this.clientKeyLog = clientKeyLog;
        this.serverKeyLog = serverKeyLog;
    }

    /** A full handshake's two sides; {@code tweak} adjusts both configurations (MTU, timers...). */
    static Association full(CipherSuite suite, Auth auth, long seed, UnaryOperator<DtlsConfig.Builder> tweak) {
        List<String> clientLog = Collections.synchronizedList(new ArrayList<>());
        List<String> serverLog = Collections.synchronizedList(new ArrayList<>());
        DtlsConfig c = tweak.apply(TestPeers.client(suite, auth)).keyLogSink(clientLog::add).build();
        DtlsConfig s = tweak.apply(TestPeers.server(suite, auth)).keyLogSink(serverLog::add).build();
        return new Association(suite, c, s, DtlsEngine.client(c, new DeterministicRandom(seed)), seed, clientLog, serverLog);
    }

    static Association full(CipherSuite suite, Auth auth, long seed) {
        return full(suite, auth, seed, b -> b);
    }

    /**
     * A second association that resumes this one's session (RFC 5246 §7.3): a new client engine offers
     * {@code client.negotiated().session()} to a new server with the same configuration, and so the
     * same session cache.
     */
    Association resumption(long seed) {
        assertEquals(EngineState.CONNECTED, client.state(), "resume only a completed handshake");
        DtlsEngine c = DtlsEngine.client(clientConfig, new DeterministicRandom(seed), client.negotiated().session());
        return new Association(suite, clientConfig, serverConfig, c, seed, clientKeyLog, serverKeyLog);
    }

    /** Starts both sides and runs the handshake; returns the simulated time it took. */
    long handshake(long maxNanos, int maxSteps) {
        link.start();
        return link.driveHandshake(maxNanos, maxSteps);
    }

    long handshake() {
        return handshake(60 * SECOND, 10_000);
    }

    /** The server's engine, once a ClientHello with a valid cookie arrived. */
    DtlsEngine serverEngine() {
        return server.engine();
    }

    boolean connected() {
        return client.state() == EngineState.CONNECTED && server.state() == EngineState.CONNECTED;
    }

    void assertConnected(String context) {
        assertEquals(EngineState.CONNECTED, client.state(), () -> context + ": client " + client.failure());
        assertNotNull(serverEngine(), () -> context + ": the server never accepted a cookie");
        assertEquals(EngineState.CONNECTED, server.state(), () -> context + ": server " + serverEngine().failure());
    }

    /** One application datagram each way over the link as it is; both must arrive exactly once. */
    void roundTrip(String context) {
        byte[] ping = ("ping " + context).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] pong = ("pong " + context).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        client.send(ping);
        link.collect();
        link.flush(1000);
        assertArrayEquals(ping, take(serverEngine()), context);
        serverEngine().send(pong);
        link.collect();
        link.flush(1000);
        assertArrayEquals(pong, take(client), context);
    }

    /** The next received application datagram, which must be there. */
    static byte[] take(DtlsEngine e) {
        ByteBuffer b = e.pollApplicationData();
        assertNotNull(b, "application datagram missing");
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
