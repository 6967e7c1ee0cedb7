package org.dtls4j.handshake.negative;

import static org.dtls4j.handshake.negative.Outcomes.assertConnected;
import static org.dtls4j.handshake.negative.Outcomes.assertFatal;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.List;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.DeterministicRandom;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.TestPeers;
import org.dtls4j.handshake.TestPeers.Auth;
import org.dtls4j.handshake.message.HandshakeType;
import org.dtls4j.handshake.sim.CookieServer;
import org.dtls4j.handshake.sim.SimulatedLink;
import org.dtls4j.handshake.sim.SimulatedLink.Direction;
import org.junit.jupiter.api.Test;

/**
 * The client's side of the cookie exchange (RFC 6347 §4.2.1) against hostile and unlucky servers.
 * A stateless server treats a ClientHello whose cookie it no longer accepts (its secret rotated)
 * "the same as a ClientHello with no cookie", so a second HelloVerifyRequest is legitimate and gets
 * a ClientHello with the new cookie; a few at most, then the client gives up. A repeated
 * HelloVerifyRequest is a retransmission and gets the same ClientHello again. A HelloVerifyRequest
 * anywhere after the ServerHello is unexpected_message.
 */
class HelloVerifyRequestTest {
    private static final byte[] COOKIE_A = {1, 2, 3, 4, 5, 6, 7, 8};
    private static final byte[] COOKIE_B = {9, 10, 11, 12, 13, 14, 15, 16};

    @Test
    void aFreshHelloVerifyRequestIsAnsweredWithItsCookieAndTheHandshakeCompletes() {
        ScriptedServer server = Peers.scriptedServer(Peers.client(Peers.ECDSA, Auth.SERVER), Peers.ECDSA);
        server.receive();
        server.send(server.helloVerifyRequest(COOKIE_A));
        assertArrayEquals(COOKIE_A, lastClientHelloCookie(server));
        server.send(server.helloVerifyRequest(COOKIE_B));
        assertArrayEquals(COOKIE_B, lastClientHelloCookie(server));
        server.send(server.serverHello(), server.certificate(), server.serverKeyExchange(), server.serverHelloDone());
        server.receive();
        server.send(server.changeCipherSpec(), server.finished());
        assertConnected(server);
    }

    @Test
    void aRepeatedHelloVerifyRequestGetsTheSameClientHelloAgain() {
        ScriptedServer server = Peers.scriptedServer(Peers.client(Peers.ECDSA, Auth.SERVER), Peers.ECDSA);
        server.receive();
        byte[] hvr = server.helloVerifyRequest(COOKIE_A);
        server.send(hvr);
        List<PeerWire.Received> first = server.receive();
        server.send(hvr);
        List<PeerWire.Received> again = server.receive();
        assertEquals(1, again.size());
        assertEquals(PeerWire.Kind.RETRANSMISSION, again.get(0).kind());
        assertArrayEquals(first.get(0).message().body(), again.get(0).message().body());
        assertEquals(EngineState.HANDSHAKING, server.engine().state());
    }

    @Test
    void endlessHelloVerifyRequestsEndTheHandshake() {
        ScriptedServer server = Peers.scriptedServer(Peers.client(Peers.ECDSA, Auth.SERVER), Peers.ECDSA);
        server.receive();
        for (int i = 0; i < 3; i++) {
            server.send(server.helloVerifyRequest(new byte[] {(byte) i}));
            assertEquals(HandshakeType.CLIENT_HELLO.code(), server.receive().get(0).message().msgType());
        }
        server.send(server.helloVerifyRequest(COOKIE_A));
        assertFatal(server, AlertDescription.UNEXPECTED_MESSAGE);
    }

    @Test
    void aHelloVerifyRequestAfterTheServerHelloIsUnexpected() {
        ScriptedServer server = Peers.scriptedServer(Peers.client(Peers.ECDSA, Auth.SERVER), Peers.ECDSA);
        server.receive();
        server.send(server.serverHello(), server.helloVerifyRequest(COOKIE_A));
        assertFatal(server, AlertDescription.UNEXPECTED_MESSAGE);
    }

    /**
     * End to end: the client's ClientHello with the cookie is lost until the server's cookie secret
     * has rotated twice (30 s periods), so its cookie is stale when it finally arrives.
     */
    @Test
    void aStaleCookieAfterSecretRotationStillLeadsToAConnection() {
        Duration patience = Duration.ofSeconds(150);
        DtlsConfig clientConfig = TestPeers.client(Peers.ECDSA, Auth.SERVER).handshakeTimeout(patience).build();
        DtlsConfig serverConfig = TestPeers.server(Peers.ECDSA, Auth.SERVER).handshakeTimeout(patience).build();
        DtlsEngine client = DtlsEngine.client(clientConfig, new DeterministicRandom(5));
        CookieServer server = new CookieServer(serverConfig, new DeterministicRandom(6));
        SimulatedLink link = new SimulatedLink(client, server, 5);
        link.dropRule((d, i, b) -> d == Direction.CLIENT_TO_SERVER && i >= 1 && link.now() < 61_000_000_000L);
        link.start().driveHandshake(patience.toNanos(), 10_000);
        assertEquals(EngineState.CONNECTED, client.state(), () -> "client: " + client.failure());
        assertNotNull(server.engine());
        assertEquals(EngineState.CONNECTED, server.engine().state());
        assertEquals(2, server.helloVerifyRequests(), "the stale cookie was answered with a new HelloVerifyRequest");
        assertFalse(link.dropped(Direction.CLIENT_TO_SERVER) == 0);
    }

    private static byte[] lastClientHelloCookie(ScriptedServer server) {
        server.receive();
        return server.clientHello().cookie();
    }
}
