package org.dtls4j.handshake.negative;

import static org.dtls4j.handshake.negative.Outcomes.assertConnected;
import static org.dtls4j.handshake.negative.Outcomes.assertDiscarded;
import static org.dtls4j.handshake.negative.Outcomes.assertFatal;
import static org.dtls4j.handshake.negative.Outcomes.assertNothingMoreAfterClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.TestPeers.Auth;
import org.dtls4j.handshake.message.CertificateRequest;
import org.dtls4j.handshake.message.HandshakeType;
import org.dtls4j.handshake.message.ServerHelloDone;
import org.dtls4j.handshake.message.HelloRequest;
import org.dtls4j.record.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A hostile server sends the client engine handshake messages out of the order of RFC 5246 §7.3
 * (flight 4: ServerHello, Certificate*, ServerKeyExchange*, CertificateRequest*, ServerHelloDone;
 * flight 6: [ChangeCipherSpec], Finished). Each is a fatal unexpected_message; a ChangeCipherSpec in
 * flight 4 is
 * one of them, never a switch to keys that do not exist yet (the pattern of a wolfSSL client bug,
 * CVE-2026-93304).
 */
class HostileServerOrderTest {
    private static final CipherSuite ECDSA = Peers.ECDSA;

    /** A scripted server that has read the client engine's ClientHello. */
    private static ScriptedServer afterHello(CipherSuite suite, Auth auth) {
        ScriptedServer s = Peers.scriptedServer(Peers.client(suite, auth), suite);
        s.receive();
        return s;
    }

    /** A scripted server that sent flight 4 and read the client's flight 5. */
    private static ScriptedServer afterFlight5(CipherSuite suite) {
        ScriptedServer s = afterHello(suite, Auth.SERVER);
        if (suite.keyExchange().usesCertificate()) {
            s.send(s.serverHello(), s.certificate(), s.serverKeyExchange(), s.serverHelloDone());
        } else {
            s.send(s.serverHello(), s.serverKeyExchange(), s.serverHelloDone());
        }
        assertTrue(s.receive().size() >= 3, "flight 5");
        return s;
    }

    @Test
    void serverKeyExchangeSkippedIsUnexpected() {
        ScriptedServer s = afterHello(ECDSA, Auth.SERVER);
        s.send(s.serverHello(), s.certificate(), s.serverHelloDone());
        assertFatal(s, AlertDescription.UNEXPECTED_MESSAGE);
    }

    @Test
    void serverKeyExchangeSkippedWithEcdhePskIsUnexpected() {
        ScriptedServer s = afterHello(Peers.ECDHE_PSK, Auth.SERVER);
        s.send(s.serverHello(), s.serverHelloDone());
        assertFatal(s, AlertDescription.UNEXPECTED_MESSAGE);
    }

    @Test
    void certificateSkippedIsUnexpected() {
        ScriptedServer s = afterHello(ECDSA, Auth.SERVER);
        s.send(s.serverHello(), s.serverKeyExchange(), s.serverHelloDone());
        assertFatal(s, AlertDescription.UNEXPECTED_MESSAGE);
    }

    /** Where in flight 4 a ChangeCipherSpec is slipped in: after each message before ServerHelloDone. */
    enum EarlyCcs { AFTER_SERVER_HELLO, AFTER_CERTIFICATE, AFTER_SERVER_KEY_EXCHANGE, BEFORE_SERVER_HELLO }

    @ParameterizedTest
    @EnumSource(EarlyCcs.class)
    void earlyChangeCipherSpecFromTheServerIsUnexpected(EarlyCcs where) {
        ScriptedServer s = afterHello(ECDSA, Auth.SERVER);
        byte[] ccs = s.rawRecord(ContentType.CHANGE_CIPHER_SPEC, 0, new byte[] {1});
        switch (where) {
            case BEFORE_SERVER_HELLO -> s.send(ccs);
            case AFTER_SERVER_HELLO -> s.send(s.serverHello(), ccs);
            case AFTER_CERTIFICATE -> s.send(s.serverHello(), s.certificate(), ccs);
            default -> s.send(s.serverHello(), s.certificate(), s.serverKeyExchange(), ccs);
        }
        assertFatal(s, AlertDescription.UNEXPECTED_MESSAGE);
    }

    @Test
    void finishedBeforeChangeCipherSpecIsUnexpected() {
        ScriptedServer s = afterFlight5(ECDSA);
        s.send(s.finished()); // epoch 0: the ChangeCipherSpec was skipped
        assertFatal(s, AlertDescription.UNEXPECTED_MESSAGE);
    }

    @Test
    void finishedInsteadOfServerHelloDoneIsUnexpected() {
        ScriptedServer s = afterHello(Peers.PSK, Auth.SERVER);
        s.send(s.serverHello(), s.forged(HandshakeType.FINISHED.code(), 1, new byte[12], 0));
        assertFatal(s, AlertDescription.UNEXPECTED_MESSAGE);
    }

    @Test
    void wrongFinishedIsADecryptError() {
        ScriptedServer s = afterFlight5(ECDSA);
        s.send(s.changeCipherSpec(), s.wrongFinished());
        assertFatal(s, AlertDescription.DECRYPT_ERROR);
    }

    @Test
    void secondChangeCipherSpecBeforeTheFinishedIsIgnored() {
        ScriptedServer s = afterFlight5(Peers.PSK);
        byte[] ccs = s.changeCipherSpec();
        s.send(ccs, s.rawRecord(ContentType.CHANGE_CIPHER_SPEC, 0, new byte[] {1}));
        assertDiscarded(s, EngineState.HANDSHAKING);
        s.send(s.finished());
        assertConnected(s);
    }

    /** Where a CertificateRequest is out of place (RFC 5246 §7.3: after ServerKeyExchange, before ServerHelloDone). */
    enum MisplacedRequest {
        BEFORE_CERTIFICATE(s -> new byte[][] {s.serverHello(), s.certificateRequest()}),
        BEFORE_SERVER_KEY_EXCHANGE(s -> new byte[][] {s.serverHello(), s.certificate(), s.certificateRequest()}),
        TWICE(s -> new byte[][] {s.serverHello(), s.certificate(), s.serverKeyExchange(), s.certificateRequest(),
            s.certificateRequest()}),
        AFTER_SERVER_HELLO_DONE(s -> new byte[][] {s.serverHello(), s.certificate(), s.serverKeyExchange(),
            s.serverHelloDone(), s.unrecorded(certificateRequest())});

        final Function<ScriptedServer, byte[][]> flight;

        MisplacedRequest(Function<ScriptedServer, byte[][]> flight) {
            this.flight = flight;
        }
    }

    private static CertificateRequest certificateRequest() {
        return new CertificateRequest(List.of(CertificateRequest.ECDSA_SIGN), List.of(0x0403), List.of());
    }

    @ParameterizedTest
    @EnumSource(MisplacedRequest.class)
    void misplacedCertificateRequestIsUnexpected(MisplacedRequest m) {
        ScriptedServer s = afterHello(ECDSA, Auth.MUTUAL);
        s.send(m.flight.apply(s));
        assertFatal(s, AlertDescription.UNEXPECTED_MESSAGE);
    }

    /** DTLS-Fuzzer's "multiple X" patterns in flight 4. */
    enum Repeated {
        SERVER_HELLO(s -> new byte[][] {s.serverHello(), s.serverHello()}),
        CERTIFICATE(s -> new byte[][] {s.serverHello(), s.certificate(), s.certificate()}),
        SERVER_KEY_EXCHANGE(s -> new byte[][] {s.serverHello(), s.certificate(), s.serverKeyExchange(), s.serverKeyExchange()}),
        SERVER_HELLO_DONE(s -> new byte[][] {s.serverHello(), s.certificate(), s.serverKeyExchange(), s.serverHelloDone(),
            s.unrecorded(ServerHelloDone.INSTANCE)});

        final Function<ScriptedServer, byte[][]> flight;

        Repeated(Function<ScriptedServer, byte[][]> flight) {
            this.flight = flight;
        }
    }

    @ParameterizedTest
    @EnumSource(Repeated.class)
    void aRepeatedFlightFourMessageIsUnexpected(Repeated r) {
        ScriptedServer s = afterHello(ECDSA, Auth.SERVER);
        s.send(r.flight.apply(s));
        assertFatal(s, AlertDescription.UNEXPECTED_MESSAGE);
    }

    /** Messages only a client sends, arriving at the client. */
    @Test
    void clientMessagesFromTheServerAreUnexpected() {
        for (HandshakeType t : List.of(HandshakeType.CLIENT_HELLO, HandshakeType.CLIENT_KEY_EXCHANGE,
                HandshakeType.CERTIFICATE_VERIFY)) {
            ScriptedServer s = afterHello(ECDSA, Auth.SERVER);
            byte[] body = t == HandshakeType.CLIENT_HELLO ? s.clientHello().encode()
                    : t == HandshakeType.CLIENT_KEY_EXCHANGE ? new byte[] {1, 4}
                    : new org.dtls4j.handshake.message.CertificateVerify(0x0403, new byte[] {1}).encode();
            s.send(s.forged(t.code(), 0, body, 0));
            assertFatal(s, AlertDescription.UNEXPECTED_MESSAGE);
        }
    }

    /**
     * RFC 5246 §7.4.1.1: a HelloRequest "will be ignored by the client if the client is currently
     * negotiating a session", and it is not part of the transcript.
     */
    @Test
    void helloRequestDuringTheHandshakeIsIgnored() {
        ScriptedServer s = afterHello(Peers.PSK, Auth.SERVER);
        s.send(s.forged(HandshakeType.HELLO_REQUEST.code(), 0, HelloRequest.INSTANCE.encode(), 0));
        assertDiscarded(s, EngineState.HANDSHAKING);
        s.nextSendSeq = 1; // the HelloRequest took message_seq 0
        s.send(s.serverHello(), s.serverKeyExchange(), s.serverHelloDone());
        assertFalse(s.receive().isEmpty());
        s.send(s.changeCipherSpec(), s.finished());
        assertConnected(s);
    }

    @Test
    void protocolVersionOtherThanDtls12IsRefused() {
        ScriptedServer s = afterHello(ECDSA, Auth.SERVER);
        org.dtls4j.handshake.message.ServerHello sh = s.hello();
        s.send(s.serverHello(new org.dtls4j.handshake.message.ServerHello(0xFEFF, sh.random(), sh.sessionId(),
                sh.cipherSuite(), 0, sh.extensions())));
        assertFatal(s, AlertDescription.PROTOCOL_VERSION);
    }

    @Test
    void applicationDataInEpochZeroIsDiscarded() {
        ScriptedServer s = afterHello(ECDSA, Auth.SERVER);
        s.send(s.applicationData("early".getBytes(StandardCharsets.UTF_8)));
        assertDiscarded(s, EngineState.HANDSHAKING);
        assertNull(s.engine().pollApplicationData());
    }

    @Test
    void aFatalAlertEndsTheHandshakeWithoutAnswer() {
        ScriptedServer s = afterFlight5(ECDSA);
        s.send(s.alert(2, AlertDescription.HANDSHAKE_FAILURE));
        assertEquals(EngineState.FAILED, s.engine().state());
        assertTrue(s.engine().failure().isReceivedFromPeer());
        assertEquals(List.of(), s.receive());
        assertNothingMoreAfterClose(s);
    }

    @Test
    void closeNotifyDuringTheHandshakeClosesWithoutAnswer() {
        ScriptedServer s = afterFlight5(ECDSA);
        s.send(s.alert(1, AlertDescription.CLOSE_NOTIFY));
        assertEquals(EngineState.CLOSED, s.engine().state());
        assertEquals(List.of(), s.receive());
        assertNothingMoreAfterClose(s);
    }
}
