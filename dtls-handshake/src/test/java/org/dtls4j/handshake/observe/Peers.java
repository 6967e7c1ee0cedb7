package org.dtls4j.handshake.observe;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.DeterministicRandom;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.TestPeers;
import org.dtls4j.handshake.TestPeers.Auth;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.sim.SimulatedLink;

/**
 * A client and a server engine that know each other's loopback address, as a transport's engines
 * do, joined by a simulated link with a fake clock.
 */
record Peers(DtlsEngine client, DtlsEngine server, SimulatedLink link,
             InetSocketAddress clientAddress, InetSocketAddress serverAddress) {
    static final CipherSuite SUITE = CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256;
    static final byte[] WRONG_KEY = "fedcba9876543210".getBytes(StandardCharsets.UTF_8);
    static final long SECOND = 1_000_000_000L;

    /** The configurations' builders, for a test to add its listener to. */
    static DtlsConfig.Builder clientConfig() {
        return TestPeers.client(SUITE, Auth.SERVER);
    }

    static DtlsConfig.Builder serverConfig() {
        return TestPeers.server(SUITE, Auth.SERVER);
    }

    /** The engines at {@code 127.0.0.1:clientPort} and {@code 127.0.0.1:serverPort}; the link not started. */
    static Peers of(DtlsConfig client, DtlsConfig server, int clientPort, int serverPort) {
        InetSocketAddress c = new InetSocketAddress("127.0.0.1", clientPort);
        InetSocketAddress s = new InetSocketAddress("127.0.0.1", serverPort);
        DtlsEngine clientEngine = DtlsEngine.client(client, new DeterministicRandom(clientPort));
        clientEngine.setPeerAddress(s);
        DtlsEngine serverEngine = DtlsEngine.serverWithoutCookie(server, new DeterministicRandom(serverPort));
        serverEngine.setPeerAddress(c);
        return new Peers(clientEngine, serverEngine, new SimulatedLink(clientEngine, serverEngine, 3), c, s);
    }

    /** Starts both sides and runs the handshake until it settles; flushes what is in flight (an alert). */
    Peers handshake() {
        link.start();
        link.driveHandshake(60 * SECOND, 2000);
        link.flush(100);
        return this;
    }
}
