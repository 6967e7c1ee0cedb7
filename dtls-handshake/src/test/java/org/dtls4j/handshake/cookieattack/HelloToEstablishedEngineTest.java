package org.dtls4j.handshake.cookieattack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.DeterministicRandom;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.TestPeers;
import org.dtls4j.handshake.cookie.CookieExchange;
import org.dtls4j.handshake.sim.CookieServer;
import org.dtls4j.handshake.sim.SimulatedLink;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * RFC 6347 §4.2.8 seen from the engine: once a connection is established, a new epoch-0
 * ClientHello with message_seq 0 that reaches the engine itself (with or without a cookie) must
 * not end the connection, and must not make it send more than it received. Which hellos reach the
 * engine at all is the transport's decision (a new association replaces the connection only after
 * the cookie exchange); this is the engine's half of the bargain.
 */
class HelloToEstablishedEngineTest {
    private static final CipherSuite SUITE = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
    /** The address {@link CookieServer} gives its one peer. */
    private static final java.net.InetSocketAddress PEER = Wire.loopback(40_000);

    enum Shape {
        /** A new client's first hello, no cookie (what an off-path attacker spoofs). */
        NO_COOKIE,
        /** The same hello with a cookie the transport's exchange would accept. */
        VALID_COOKIE,
        /** The client's own verified hello of this connection, replayed. */
        REPLAYED_OWN_HELLO
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void connectionSurvivesANewClientHello(Shape shape) {
        DtlsConfig clientConfig = TestPeers.client(SUITE, TestPeers.Auth.SERVER).build();
        DtlsEngine client = DtlsEngine.client(clientConfig, new DeterministicRandom(11));
        CookieServer server = new CookieServer(TestPeers.server(SUITE, TestPeers.Auth.SERVER).build(),
                new DeterministicRandom(12));
        SimulatedLink link = new SimulatedLink(client, server, 13).start();
        link.driveHandshake(60_000_000_000L, 1_000);
        link.flush(100);
        DtlsEngine engine = server.engine();
        assertEquals(EngineState.CONNECTED, engine.state(), () -> "server: " + engine.failure());
        assertEquals(EngineState.CONNECTED, client.state(), () -> "client: " + client.failure());

        byte[] hello = hello(shape, clientConfig, server, link);
        assertEquals(Wire.CLIENT_HELLO, hello[13], "a ClientHello");
        assertEquals(0, hello[3] | hello[4], "in epoch 0");
        for (int i = 0; i < 5; i++) {
            engine.receive(hello, link.now());
            int answered = 0;
            ByteBuffer b;
            while ((b = engine.pollDatagram()) != null) {
                answered += b.remaining();
            }
            assertTrue(answered <= hello.length, answered + " bytes for a " + hello.length + "-byte hello");
            assertEquals(EngineState.CONNECTED, engine.state(), () -> "server: " + engine.failure());
        }

        byte[] text = "still connected".getBytes(StandardCharsets.UTF_8);
        client.send(text);
        link.collect();
        link.flush(100);
        ByteBuffer got = engine.pollApplicationData();
        assertNotNull(got, "application data after the hellos");
        byte[] b = new byte[got.remaining()];
        got.get(b);
        assertArrayEquals(text, b);
    }

    private static byte[] hello(Shape shape, DtlsConfig clientConfig, CookieServer server, SimulatedLink link) {
        if (shape == Shape.REPLAYED_OWN_HELLO) {
            return link.log().stream().filter(d -> d.length > 13 && d[0] == Wire.HANDSHAKE && d[13] == Wire.CLIENT_HELLO)
                    .reduce((first, second) -> second).orElseThrow();
        }
        DtlsEngine fresh = DtlsEngine.client(clientConfig, new DeterministicRandom(99));
        fresh.start(link.now());
        byte[] first = bytes(fresh.pollDatagram());
        if (shape == Shape.NO_COOKIE) {
            return first;
        }
        // the simulated server's own exchange answers, as a transport would, at the peer address it uses
        CookieExchange.Result verify = server.cookies().check(first, 0, first.length, PEER, link.now());
        fresh.receive(assertInstanceOf(CookieExchange.Verify.class, verify).datagram(), link.now());
        byte[] second = bytes(fresh.pollDatagram());
        assertInstanceOf(CookieExchange.Accept.class, server.cookies().check(second, 0, second.length, PEER, link.now()));
        return second;
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
