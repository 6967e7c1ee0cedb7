package org.dtls4j.handshake.negative;

import static org.dtls4j.handshake.negative.Outcomes.assertConnected;
import static org.dtls4j.handshake.negative.Outcomes.assertDiscarded;
import static org.dtls4j.handshake.negative.Outcomes.assertFatal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.crypto.SignatureScheme;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.ClientAuth;
import org.dtls4j.handshake.DtlsTimeoutException;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.TestPeers;
import org.dtls4j.credentials.Credentials;
import org.dtls4j.credentials.ThrowawayCredentials;
import org.dtls4j.handshake.message.CertificateVerify;
import org.dtls4j.handshake.message.HandshakeType;
import org.junit.jupiter.api.Test;

/**
 * The server engine requires (or offers) client authentication and a hostile client tries to get
 * through without proving its key (RFC 5246 §7.4.6, §7.4.8). The DTLS-Fuzzer patterns
 * "certificate-less" and "CertificateVerify-less client authentication" and "ClientKeyExchange
 * before Certificate" live here; so does the JSSE client authentication bypass that state fuzzing
 * found (a server that completes without having checked a CertificateVerify).
 */
class ClientAuthenticationTest {
    private static final CipherSuite ECDSA = Peers.ECDSA;
    /** A client key the server's trust anchors never certified. */
    private static final Credentials STRANGER = ThrowawayCredentials.selfSigned("P-256", "stranger");

    private static ScriptedClient afterFlight4(ClientAuth auth) {
        ScriptedClient c = Peers.scriptedClient(Peers.server(ECDSA, auth), ECDSA);
        c.send(c.clientHello());
        c.receive();
        assertTrue(c.certificateRequest() != null || auth == ClientAuth.NONE, "CertificateRequest sent");
        return c;
    }

    /** RFC 5246 §7.4.6: the Certificate "is only sent if the server requests a certificate" and then always. */
    @Test
    void requiredCertificateMissingIsUnexpected() {
        ScriptedClient c = afterFlight4(ClientAuth.REQUIRED);
        c.send(c.clientKeyExchange(), c.changeCipherSpec(), c.finished());
        assertFatal(c, AlertDescription.UNEXPECTED_MESSAGE);
    }

    /** RFC 5246 §7.4.6: with no certificate the server "MAY ... respond with a fatal handshake_failure alert". */
    @Test
    void requiredCertificateEmptyIsAHandshakeFailure() {
        ScriptedClient c = afterFlight4(ClientAuth.REQUIRED);
        c.send(c.emptyCertificate(), c.clientKeyExchange(), c.changeCipherSpec(), c.finished());
        assertFatal(c, AlertDescription.HANDSHAKE_FAILURE);
    }

    @Test
    void optionalCertificateMissingIsStillUnexpected() {
        ScriptedClient c = afterFlight4(ClientAuth.OPTIONAL);
        c.send(c.clientKeyExchange());
        assertFatal(c, AlertDescription.UNEXPECTED_MESSAGE);
    }

    @Test
    void optionalCertificateEmptyConnectsWithoutAPeerIdentity() {
        ScriptedClient c = afterFlight4(ClientAuth.OPTIONAL);
        c.send(c.emptyCertificate(), c.clientKeyExchange(), c.changeCipherSpec(), c.finished());
        c.receive();
        assertConnected(c);
        assertTrue(c.engine().negotiated().peerCertificates().isEmpty());
    }

    /**
     * The client shows a certificate but never proves its key: the ChangeCipherSpec is held (the
     * CertificateVerify might still be on its way), the Finished behind it can never be read, and
     * the handshake never completes. It times out as a failure.
     */
    @Test
    void certificateWithoutCertificateVerifyNeverCompletes() {
        ScriptedClient c = afterFlight4(ClientAuth.REQUIRED);
        c.send(c.certificate(), c.clientKeyExchange(), c.changeCipherSpec(), c.finished());
        assertDiscarded(c, EngineState.HANDSHAKING);
        int timers = 0;
        while (c.engine().state() == EngineState.HANDSHAKING && c.fireTimer()) {
            assertTrue(++timers < 20, "the handshake deadline ends this");
            c.receive();
            c.send(c.resend(1), c.resend(2)); // the client insists, still without CertificateVerify
        }
        assertEquals(EngineState.FAILED, c.engine().state());
        assertInstanceOf(DtlsTimeoutException.class, c.engine().failure());
        assertNull(c.engine().negotiated());
    }

    @Test
    void finishedWhereTheCertificateVerifyBelongsIsUnexpected() {
        ScriptedClient c = afterFlight4(ClientAuth.REQUIRED);
        byte[] cert = c.certificate();
        byte[] kx = c.clientKeyExchange();
        c.send(cert, kx, c.forged(HandshakeType.FINISHED.code(), 3, new byte[12], 0));
        assertFatal(c, AlertDescription.UNEXPECTED_MESSAGE);
    }

    /** RFC 5246 §7.4.8: the CertificateVerify must be signed by the certified key. */
    @Test
    void certificateVerifyByTheWrongKeyIsADecryptError() {
        ScriptedClient c = afterFlight4(ClientAuth.REQUIRED);
        c.send(c.certificate(), c.clientKeyExchange(),
                c.certificateVerify(SignatureScheme.ECDSA_SECP256R1_SHA256, STRANGER.privateKey()));
        assertFatal(c, AlertDescription.DECRYPT_ERROR);
    }

    @Test
    void certificateVerifyOverTheWrongTranscriptIsADecryptError() {
        ScriptedClient c = afterFlight4(ClientAuth.REQUIRED);
        byte[] cert = c.certificate();
        byte[] kx = c.clientKeyExchange();
        byte[] sig = c.sign(SignatureScheme.ECDSA_SECP256R1_SHA256, TestPeers.CLIENT.privateKey(), new byte[] {1, 2, 3});
        c.send(cert, kx, c.message(new CertificateVerify(SignatureScheme.ECDSA_SECP256R1_SHA256.code(), sig)));
        assertFatal(c, AlertDescription.DECRYPT_ERROR);
    }

    /** A scheme the client's P-256 key cannot make (rsa_pss_rsae_sha256), over a valid ECDSA signature. */
    @Test
    void certificateVerifyClaimingAnAlgorithmTheKeyCannotMakeIsADecryptError() {
        ScriptedClient c = afterFlight4(ClientAuth.REQUIRED);
        byte[] cert = c.certificate();
        byte[] kx = c.clientKeyExchange();
        byte[] sig = c.sign(SignatureScheme.ECDSA_SECP256R1_SHA256, TestPeers.CLIENT.privateKey(), c.transcriptBytes());
        c.send(cert, kx, c.message(new CertificateVerify(SignatureScheme.RSA_PSS_RSAE_SHA256.code(), sig)));
        assertFatal(c, AlertDescription.DECRYPT_ERROR);
    }

    /** RFC 5246 §7.4.8: the algorithm must be one the CertificateRequest listed; rsa_pkcs1_sha1 (0x0201) never is. */
    @Test
    void certificateVerifyClaimingAnAlgorithmNotRequestedIsAnIllegalParameter() {
        ScriptedClient c = afterFlight4(ClientAuth.REQUIRED);
        byte[] cert = c.certificate();
        byte[] kx = c.clientKeyExchange();
        byte[] sig = c.sign(SignatureScheme.ECDSA_SECP256R1_SHA256, TestPeers.CLIENT.privateKey(), c.transcriptBytes());
        c.send(cert, kx, c.message(new CertificateVerify(0x0201, sig)));
        assertFatal(c, AlertDescription.ILLEGAL_PARAMETER);
    }

    @Test
    void certificateVerifyWithoutACertificateIsUnexpected() {
        ScriptedClient c = afterFlight4(ClientAuth.OPTIONAL);
        byte[] empty = c.emptyCertificate();
        byte[] kx = c.clientKeyExchange();
        c.send(empty, kx, c.certificateVerify());
        assertFatal(c, AlertDescription.UNEXPECTED_MESSAGE);
    }

    @Test
    void certificateWhenNoneWasRequestedIsUnexpected() {
        ScriptedClient c = afterFlight4(ClientAuth.NONE);
        c.send(c.certificate());
        assertFatal(c, AlertDescription.UNEXPECTED_MESSAGE);
    }

    @Test
    void secondCertificateIsUnexpected() {
        ScriptedClient c = afterFlight4(ClientAuth.REQUIRED);
        c.send(c.certificate(), c.certificate());
        assertFatal(c, AlertDescription.UNEXPECTED_MESSAGE);
    }

    @Test
    void secondCertificateVerifyIsUnexpected() {
        ScriptedClient c = afterFlight4(ClientAuth.REQUIRED);
        c.send(c.certificate(), c.clientKeyExchange(), c.certificateVerify(), c.certificateVerify());
        assertFatal(c, AlertDescription.UNEXPECTED_MESSAGE);
    }

    @Test
    void untrustedClientCertificateIsABadCertificate() {
        ScriptedClient c = afterFlight4(ClientAuth.REQUIRED).withCertificate(STRANGER);
        c.send(c.certificate());
        assertFatal(c, AlertDescription.BAD_CERTIFICATE);
    }

    @Test
    void garbageInTheCertificateListIsABadCertificate() {
        ScriptedClient c = afterFlight4(ClientAuth.REQUIRED);
        c.send(c.message(new org.dtls4j.handshake.message.Certificate(java.util.List.of(new byte[] {0x30, 3, 1, 2, 3}))));
        assertFatal(c, AlertDescription.BAD_CERTIFICATE);
    }

    /** Until its Finished verifies, the client's certificate is not exposed as a peer identity. */
    @Test
    void theCertificateIsNotExposedBeforeTheFinishedVerifies() {
        ScriptedClient c = afterFlight4(ClientAuth.REQUIRED);
        c.send(c.certificate(), c.clientKeyExchange(), c.certificateVerify(), c.changeCipherSpec());
        assertNull(c.engine().negotiated());
        c.send(c.wrongFinished());
        assertFatal(c, AlertDescription.DECRYPT_ERROR);
    }
}
