package org.dtls4j.handshake.negative;

import static org.dtls4j.handshake.negative.Outcomes.assertConnected;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.ClientAuth;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.TestPeers.Auth;
import org.dtls4j.handshake.message.HandshakeType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The scripted peers complete honest handshakes with our engines and exchange application data.
 * Without this the negative tests could fail for the wrong reason: a scripted peer whose crypto
 * is off would make every deviation look rejected.
 */
class ScriptedPeerSelfTest {
    private static final byte[] PING = "ping".getBytes(StandardCharsets.UTF_8);

    enum Case {
        ECDSA_NO_AUTH(Peers.ECDSA, ClientAuth.NONE),
        ECDSA_OPTIONAL_AUTH_EMPTY(Peers.ECDSA, ClientAuth.OPTIONAL),
        ECDSA_REQUIRED_AUTH(Peers.ECDSA, ClientAuth.REQUIRED),
        PSK(Peers.PSK, ClientAuth.NONE),
        ECDHE_PSK(Peers.ECDHE_PSK, ClientAuth.NONE);

        final CipherSuite suite;
        final ClientAuth auth;

        Case(CipherSuite suite, ClientAuth auth) {
            this.suite = suite;
            this.auth = auth;
        }
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void scriptedClientCompletesAHandshakeWithTheServerEngine(Case c) {
        DtlsEngine server = Peers.server(c.suite, c.auth);
        ScriptedClient client = Peers.scriptedClient(server, c.suite);
        client.send(client.clientHello());
        client.receive();
        assertTrue(client.serverHelloDone());
        if (c.auth == ClientAuth.REQUIRED) {
            client.send(client.certificate(), client.clientKeyExchange(), client.certificateVerify(),
                    client.changeCipherSpec(), client.finished());
        } else if (c.auth == ClientAuth.OPTIONAL) {
            client.send(client.emptyCertificate(), client.clientKeyExchange(), client.changeCipherSpec(), client.finished());
        } else {
            client.send(client.clientKeyExchange(), client.changeCipherSpec(), client.finished());
        }
        client.receive();
        assertConnected(client);
        assertTrue(client.serverFinishedVerified(), "the server's Finished checks out with the scripted client's keys");
        assertEquals(c.auth == ClientAuth.REQUIRED, !server.negotiated().peerCertificates().isEmpty());

        client.send(client.applicationData(PING));
        assertArrayEquals(PING, bytes(server.pollApplicationData()));
        server.send(PING);
        var got = client.receive();
        assertEquals(1, got.size());
        assertArrayEquals(PING, got.get(0).data());
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void scriptedServerCompletesAHandshakeWithTheClientEngine(Case c) {
        boolean mutual = c.auth != ClientAuth.NONE;
        DtlsEngine client = Peers.client(c.suite, mutual ? Auth.MUTUAL : Auth.SERVER);
        ScriptedServer server = Peers.scriptedServer(client, c.suite);
        server.receive();
        assertNotNull(server.clientHello());
        if (c.suite.keyExchange().usesCertificate()) {
            if (mutual) {
                server.send(server.serverHello(), server.certificate(), server.serverKeyExchange(),
                        server.certificateRequest(), server.serverHelloDone());
            } else {
                server.send(server.serverHello(), server.certificate(), server.serverKeyExchange(), server.serverHelloDone());
            }
        } else {
            server.send(server.serverHello(), server.serverKeyExchange(), server.serverHelloDone());
        }
        var flight5 = server.receive();
        assertFalse(flight5.isEmpty());
        assertTrue(server.clientFinishedVerified(), () -> "client Finished; flight 5 was " + flight5);
        assertEquals(mutual && c.suite.keyExchange().usesCertificate(), server.sawCertificateVerify());
        server.send(server.changeCipherSpec(), server.finished());
        assertConnected(server);

        server.send(server.applicationData(PING));
        assertArrayEquals(PING, bytes(client.pollApplicationData()));
        assertEquals(HandshakeType.CLIENT_HELLO.code(), server.received().get(0).message().msgType());
    }

    private static byte[] bytes(ByteBuffer b) {
        assertNotNull(b, "no application data");
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
