package org.dtls4j.handshake.negative;

import static org.dtls4j.handshake.negative.Outcomes.assertDiscarded;
import static org.dtls4j.handshake.negative.Outcomes.assertFatal;
import static org.dtls4j.handshake.negative.Outcomes.assertNothingMoreAfterClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.ClientAuth;
import org.dtls4j.handshake.DeterministicRandom;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.message.HandshakeType;
import org.dtls4j.handshake.message.HelloRequest;
import org.dtls4j.handshake.message.ServerHelloDone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A hostile client sends the server engine handshake messages where RFC 5246 §7.3 and RFC 6347
 * §4.2.4 do not allow them. RFC 5246 §7.4: messages "MUST be sent in the order specified"; a message
 * out of order is answered with a fatal unexpected_message (RFC 5246 §7.2.2), never internal_error,
 * and a ChangeCipherSpec that may have been reordered is held without effect.
 */
class HostileClientOrderTest {
    private static final CipherSuite ECDSA = Peers.ECDSA;

    /** A scripted client that sent its ClientHello and read flight 4. */
    private static ScriptedClient afterFlight4(CipherSuite suite, ClientAuth auth) {
        ScriptedClient c = Peers.scriptedClient(Peers.server(suite, auth), suite);
        c.send(c.clientHello());
        c.receive();
        assertTrue(c.serverHelloDone(), "flight 4 arrived");
        return c;
    }

    @Test
    void finishedBeforeChangeCipherSpecIsUnexpected() {
        ScriptedClient c = afterFlight4(ECDSA, ClientAuth.NONE);
        c.send(c.clientKeyExchange(), c.finished()); // Finished in epoch 0: the CCS was skipped
        assertFatal(c, AlertDescription.UNEXPECTED_MESSAGE);
    }

    @Test
    void finishedInsteadOfKeyExchangeIsUnexpected() {
        ScriptedClient c = afterFlight4(Peers.PSK, ClientAuth.NONE);
        c.send(c.forged(HandshakeType.FINISHED.code(), 1, new byte[12], 0));
        assertFatal(c, AlertDescription.UNEXPECTED_MESSAGE);
    }

    @Test
    void changeCipherSpecBeforeTheKeyExchangeIsHeldWithoutEffect() {
        ScriptedClient c = afterFlight4(ECDSA, ClientAuth.NONE);
        c.send(c.changeCipherSpec());
        assertDiscarded(c, EngineState.HANDSHAKING);
        // No keys were installed: an epoch-0 Finished is still read as the out-of-order message it is.
        c.send(c.forged(HandshakeType.FINISHED.code(), 1, new byte[12], 0));
        assertFatal(c, AlertDescription.UNEXPECTED_MESSAGE);
    }

    @Test
    void secondClientKeyExchangeIsUnexpected() {
        ScriptedClient c = afterFlight4(Peers.PSK, ClientAuth.NONE);
        byte[] first = c.clientKeyExchange();
        c.send(first, c.forged(HandshakeType.CLIENT_KEY_EXCHANGE.code(), 2,
                new org.dtls4j.handshake.message.ClientKeyExchange.Psk(new byte[] {'x'}).encode(), 0));
        assertFatal(c, AlertDescription.UNEXPECTED_MESSAGE);
    }

    @Test
    void secondChangeCipherSpecIsIgnored() {
        ScriptedClient c = afterFlight4(Peers.PSK, ClientAuth.NONE);
        byte[] keyExchange = c.clientKeyExchange();
        byte[] ccs = c.changeCipherSpec();
        byte[] again = c.rawRecord(org.dtls4j.record.ContentType.CHANGE_CIPHER_SPEC, 0, new byte[] {1});
        c.send(keyExchange, ccs, again);
        assertDiscarded(c, EngineState.HANDSHAKING);
        c.send(c.finished());
        c.receive();
        Outcomes.assertConnected(c);
    }

    @Test
    void malformedChangeCipherSpecIsADecodeError() {
        ScriptedClient c = afterFlight4(Peers.PSK, ClientAuth.NONE);
        c.send(c.clientKeyExchange(), c.rawRecord(org.dtls4j.record.ContentType.CHANGE_CIPHER_SPEC, 0, new byte[] {2}));
        assertFatal(c, AlertDescription.DECODE_ERROR);
    }

    @Test
    void secondFinishedAfterCompletionIsIgnored() {
        ScriptedClient c = afterFlight4(Peers.PSK, ClientAuth.NONE);
        c.send(c.clientKeyExchange(), c.changeCipherSpec(), c.finished());
        c.receive();
        Outcomes.assertConnected(c);
        c.send(c.wrongFinished());
        assertDiscarded(c, EngineState.CONNECTED);
    }

    /** A new ClientHello in the middle of the handshake, at the next message_seq: unexpected_message. */
    @Test
    void handshakeRestartWithTheNextMessageSeqIsUnexpected() {
        ScriptedClient c = afterFlight4(ECDSA, ClientAuth.NONE);
        c.send(c.clientHello());
        assertFatal(c, AlertDescription.UNEXPECTED_MESSAGE);
    }

    /**
     * A different ClientHello under message_seq 0 is neither the next message nor a retransmission
     * of the first (RFC 6347 §4.2.2: "If the sequence number is less than next_receive_seq, the
     * message MUST be discarded"): no answer, and no flight 4 resent for it.
     */
    @Test
    void handshakeRestartWithAnOldMessageSeqIsDiscarded() {
        ScriptedClient c = afterFlight4(ECDSA, ClientAuth.NONE);
        ScriptedClient other = new ScriptedClient(c.engine(), new DeterministicRandom(99), ECDSA);
        c.send(other.clientHello());
        assertDiscarded(c, EngineState.HANDSHAKING);
    }

    @Test
    void anExactRepeatOfTheClientHelloGetsFlightFourAgain() {
        ScriptedClient c = Peers.scriptedClient(Peers.server(ECDSA, ClientAuth.NONE), ECDSA);
        c.send(c.clientHello());
        int first = c.receive().size();
        c.send(c.resend(0));
        var again = c.receive();
        assertEquals(first, again.size());
        assertTrue(again.stream().allMatch(e -> e.kind() == PeerWire.Kind.RETRANSMISSION));
    }

    /** Messages only a server sends, arriving at the server where the client's flight 5 belongs. */
    enum ServerOnly {
        HELLO_REQUEST(HandshakeType.HELLO_REQUEST, HelloRequest.INSTANCE.encode()),
        SERVER_HELLO_DONE(HandshakeType.SERVER_HELLO_DONE, ServerHelloDone.INSTANCE.encode()),
        HELLO_VERIFY_REQUEST(HandshakeType.HELLO_VERIFY_REQUEST,
                new org.dtls4j.handshake.message.HelloVerifyRequest(0xFEFF, new byte[] {1, 2, 3}).encode()),
        CERTIFICATE_REQUEST(HandshakeType.CERTIFICATE_REQUEST, new org.dtls4j.handshake.message.CertificateRequest(
                java.util.List.of(64), java.util.List.of(0x0403), java.util.List.of()).encode());

        final HandshakeType type;
        final byte[] body;

        ServerOnly(HandshakeType type, byte[] body) {
            this.type = type;
            this.body = body;
        }
    }

    @ParameterizedTest
    @EnumSource(ServerOnly.class)
    void aServerMessageFromTheClientIsUnexpected(ServerOnly m) {
        ScriptedClient c = afterFlight4(ECDSA, ClientAuth.NONE);
        c.send(c.forged(m.type.code(), 1, m.body, 0));
        assertFatal(c, AlertDescription.UNEXPECTED_MESSAGE);
    }

    @Test
    void anUnknownHandshakeTypeIsUnexpected() {
        ScriptedClient c = afterFlight4(ECDSA, ClientAuth.NONE);
        c.send(c.forged(99, 1, new byte[] {1, 2, 3}, 0));
        assertFatal(c, AlertDescription.UNEXPECTED_MESSAGE);
    }

    @Test
    void aMalformedClientKeyExchangeIsADecodeError() {
        ScriptedClient c = afterFlight4(ECDSA, ClientAuth.NONE);
        c.send(c.forged(HandshakeType.CLIENT_KEY_EXCHANGE.code(), 1, new byte[] {5, 1, 2}, 0));
        assertFatal(c, AlertDescription.DECODE_ERROR);
    }

    @Test
    void aKeyExchangePointOffTheCurveIsAnIllegalParameter() {
        ScriptedClient c = afterFlight4(ECDSA, ClientAuth.NONE);
        byte[] notAPoint = new byte[32]; // the all-zero x25519 point gives an all-zero secret (RFC 7748 §6.1)
        c.send(c.forged(HandshakeType.CLIENT_KEY_EXCHANGE.code(), 1,
                new org.dtls4j.handshake.message.ClientKeyExchange.Ecdhe(notAPoint).encode(), 0));
        assertFatal(c, AlertDescription.ILLEGAL_PARAMETER);
    }

    /** RFC 6347 §4.1 / pion CVE-2019-20786: epoch-0 application data is never delivered. */
    @Test
    void applicationDataInEpochZeroIsDiscarded() {
        ScriptedClient c = afterFlight4(Peers.PSK, ClientAuth.NONE);
        c.send(c.applicationData("early".getBytes(StandardCharsets.UTF_8)));
        assertDiscarded(c, EngineState.HANDSHAKING);
        assertNull(c.engine().pollApplicationData());
        assertEquals(1, c.engine().counters().applicationDropped());
    }

    @Test
    void applicationDataBeforeTheFinishedIsDiscarded() {
        ScriptedClient c = afterFlight4(Peers.PSK, ClientAuth.NONE);
        c.send(c.clientKeyExchange(), c.changeCipherSpec(), c.applicationData("early".getBytes(StandardCharsets.UTF_8)));
        assertDiscarded(c, EngineState.HANDSHAKING);
        assertNull(c.engine().pollApplicationData());
    }

    @Test
    void closeNotifyDuringTheHandshakeClosesWithoutAnswer() {
        ScriptedClient c = afterFlight4(ECDSA, ClientAuth.NONE);
        c.send(c.alert(1, AlertDescription.CLOSE_NOTIFY));
        assertEquals(EngineState.CLOSED, c.engine().state());
        assertEquals(java.util.List.of(), c.receive());
        assertNull(c.engine().negotiated());
        assertNothingMoreAfterClose(c);
    }

    @Test
    void aFatalAlertFromTheClientEndsTheHandshakeWithoutAnswer() {
        ScriptedClient c = afterFlight4(ECDSA, ClientAuth.NONE);
        c.send(c.alert(2, AlertDescription.BAD_CERTIFICATE));
        assertEquals(EngineState.FAILED, c.engine().state());
        assertTrue(c.engine().failure().isReceivedFromPeer());
        assertEquals(AlertDescription.BAD_CERTIFICATE, c.engine().failure().alert());
        assertEquals(java.util.List.of(), c.receive());
        assertNothingMoreAfterClose(c);
    }
}
