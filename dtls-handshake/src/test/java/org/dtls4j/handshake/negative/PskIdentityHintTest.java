package org.dtls4j.handshake.negative;

import static org.dtls4j.handshake.negative.Outcomes.assertConnected;
import static org.dtls4j.handshake.negative.Outcomes.assertFatal;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.DeterministicRandom;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.TestPeers;
import org.dtls4j.handshake.TestPeers.Auth;
import org.dtls4j.handshake.sim.SimulatedLink;
import org.junit.jupiter.api.Test;

/**
 * RFC 4279 §2: with plain PSK the ServerKeyExchange carries the optional identity hint, and "If no
 * PSK identity hint is provided by the server, the ServerKeyExchange message is omitted." A client
 * must take flight 4 either way. Regression: the client engine used to refuse the hint with
 * unexpected_message, so our own server configured with a hint could not be reached.
 */
class PskIdentityHintTest {
    private static final CipherSuite PSK = CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256;

    @Test
    void clientEngineConnectsToServerEngineThatSendsAnIdentityHint() {
        DtlsConfig serverConfig = TestPeers.server(PSK, Auth.SERVER)
                .pskIdentityHint("our-hint".getBytes(StandardCharsets.UTF_8)).build();
        DtlsEngine client = DtlsEngine.client(TestPeers.client(PSK, Auth.SERVER).build(), new DeterministicRandom(1));
        DtlsEngine server = DtlsEngine.serverWithoutCookie(serverConfig, new DeterministicRandom(2));
        new SimulatedLink(client, server, 1).start().driveHandshake(10_000_000_000L, 1000);
        assertEquals(EngineState.CONNECTED, client.state(), () -> "client: " + client.failure());
        assertEquals(EngineState.CONNECTED, server.state(), () -> "server: " + server.failure());
    }

    @Test
    void clientEngineTakesAHintFromAScriptedServer() {
        ScriptedServer server = Peers.scriptedServer(Peers.client(PSK, Auth.SERVER), PSK);
        server.receive();
        server.send(server.serverHello(), server.serverKeyExchange(), server.serverHelloDone());
        server.receive();
        server.send(server.changeCipherSpec(), server.finished());
        assertConnected(server);
    }

    @Test
    void aSecondServerKeyExchangeIsStillUnexpected() {
        ScriptedServer server = Peers.scriptedServer(Peers.client(PSK, Auth.SERVER), PSK);
        server.receive();
        server.send(server.serverHello(), server.serverKeyExchange(), server.serverKeyExchange());
        assertFatal(server, AlertDescription.UNEXPECTED_MESSAGE);
    }

    @Test
    void aCertificateRequestInAPskHandshakeIsUnexpected() {
        ScriptedServer server = Peers.scriptedServer(Peers.client(PSK, Auth.SERVER), PSK);
        server.receive();
        server.send(server.serverHello(), server.serverKeyExchange(), server.certificateRequest());
        assertFatal(server, AlertDescription.UNEXPECTED_MESSAGE);
    }
}
