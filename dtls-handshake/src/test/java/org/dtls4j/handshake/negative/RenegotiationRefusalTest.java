package org.dtls4j.handshake.negative;

import static org.dtls4j.handshake.negative.Outcomes.assertConnected;
import static org.dtls4j.handshake.negative.Outcomes.assertDiscarded;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.ClientAuth;
import org.dtls4j.handshake.DeterministicRandom;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.TestPeers.Auth;
import org.dtls4j.handshake.message.HandshakeType;
import org.dtls4j.handshake.message.HelloRequest;
import org.junit.jupiter.api.Test;

/**
 * Renegotiation is refused (RFC 5746 §4.2, §4.4; RFC 5246 §7.4.1.1: a peer that "does not wish to
 * renegotiate ... MAY respond with a no_renegotiation alert"): a ClientHello or HelloRequest under
 * the established keys gets a no_renegotiation warning, and the connection carries on.
 */
class RenegotiationRefusalTest {
    private static final byte[] PING = "ping".getBytes(StandardCharsets.UTF_8);

    private static ScriptedClient connectedClient() {
        ScriptedClient c = Peers.scriptedClient(Peers.server(Peers.PSK, ClientAuth.NONE), Peers.PSK);
        c.send(c.clientHello());
        c.receive();
        c.send(c.clientKeyExchange(), c.changeCipherSpec(), c.finished());
        c.receive();
        assertConnected(c);
        return c;
    }

    private static ScriptedServer connectedServer() {
        ScriptedServer s = Peers.scriptedServer(Peers.client(Peers.PSK, Auth.SERVER), Peers.PSK);
        s.receive();
        s.send(s.serverHello(), s.serverHelloDone());
        s.receive();
        s.send(s.changeCipherSpec(), s.finished());
        assertConnected(s);
        return s;
    }

    private static void assertNoRenegotiationWarning(ScriptedPeer peer) {
        List<PeerWire.Received> got = peer.receive();
        assertEquals(1, got.size(), () -> "answer: " + got);
        assertEquals(PeerWire.Kind.ALERT, got.get(0).kind());
        assertEquals(1, got.get(0).epoch(), "under the connection's keys");
        assertEquals(1, got.get(0).alertLevel(), "a warning, not fatal");
        assertEquals(AlertDescription.NO_RENEGOTIATION.code(), got.get(0).alertDescription());
        assertEquals(EngineState.CONNECTED, peer.engine().state());
    }

    @Test
    void serverRefusesAClientHelloUnderTheNewKeysAndCarriesOn() {
        ScriptedClient c = connectedClient();
        ScriptedClient again = new ScriptedClient(c.engine(), new DeterministicRandom(30), Peers.PSK);
        c.send(c.forged(HandshakeType.CLIENT_HELLO.code(), 3, again.hello().encode(), 1));
        assertNoRenegotiationWarning(c);
        c.send(c.applicationData(PING));
        ByteBuffer got = c.engine().pollApplicationData();
        byte[] b = new byte[got.remaining()];
        got.get(b);
        assertArrayEquals(PING, b);
    }

    @Test
    void clientRefusesAHelloRequestUnderTheNewKeysAndCarriesOn() {
        ScriptedServer s = connectedServer();
        s.send(s.forged(HandshakeType.HELLO_REQUEST.code(), 3, HelloRequest.INSTANCE.encode(), 1));
        assertNoRenegotiationWarning(s);
        s.engine().send(PING);
        assertArrayEquals(PING, s.receive().get(0).data());
    }

    /** A plaintext ClientHello after the handshake is not even a renegotiation attempt: discarded. */
    @Test
    void aClientHelloInEpochZeroAfterCompletionIsDiscarded() {
        ScriptedClient c = connectedClient();
        ScriptedClient again = new ScriptedClient(c.engine(), new DeterministicRandom(31), Peers.PSK);
        c.send(c.forged(HandshakeType.CLIENT_HELLO.code(), 3, again.hello().encode(), 0));
        assertDiscarded(c, EngineState.CONNECTED);
    }

    /**
     * RFC 6347 §4.2.2: "The first message each side transmits in each handshake always has
     * message_seq = 0", so a real renegotiating ClientHello carries 0. The engine takes it for an
     * old retransmission and drops it without the warning.
     */
    @Test
    void serverRefusesARenegotiatingClientHelloWithMessageSeqZero() {
        ScriptedClient c = connectedClient();
        ScriptedClient again = new ScriptedClient(c.engine(), new DeterministicRandom(32), Peers.PSK);
        c.send(c.forged(HandshakeType.CLIENT_HELLO.code(), 0, again.hello().encode(), 1));
        assertNoRenegotiationWarning(c);
    }

    /** RFC 6347 §4.2.2: "in the case of a rehandshake, this implies that the HelloRequest will have message_seq = 0". */
    @Test
    void clientRefusesAHelloRequestWithMessageSeqZero() {
        ScriptedServer s = connectedServer();
        s.send(s.forged(HandshakeType.HELLO_REQUEST.code(), 0, HelloRequest.INSTANCE.encode(), 1));
        assertNoRenegotiationWarning(s);
    }
}
