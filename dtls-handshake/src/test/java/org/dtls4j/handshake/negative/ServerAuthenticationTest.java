package org.dtls4j.handshake.negative;

import static org.dtls4j.handshake.negative.Outcomes.assertConnected;
import static org.dtls4j.handshake.negative.Outcomes.assertFatal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.crypto.SignatureScheme;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.TestPeers;
import org.dtls4j.handshake.TestPeers.Auth;
import org.dtls4j.credentials.ThrowawayCredentials;
import org.dtls4j.handshake.message.Certificate;
import org.dtls4j.handshake.message.ServerEcdhParams;
import org.dtls4j.handshake.message.ServerKeyExchange;
import org.junit.jupiter.api.Test;

/**
 * The client engine against a server that cannot prove who it is: an untrusted or misnamed
 * certificate (RFC 5280 path validation, RFC 6125 §6.4), a ServerKeyExchange whose signature is
 * tampered, missing, made by another key or claiming an algorithm it cannot be (RFC 8422 §5.4,
 * RFC 5246 §7.4.3). No negotiated session and no peer identity is ever exposed for it.
 */
class ServerAuthenticationTest {
    private static final CipherSuite ECDSA = Peers.ECDSA;

    private static ScriptedServer afterHello() {
        ScriptedServer s = Peers.scriptedServer(Peers.client(ECDSA, Auth.SERVER), ECDSA);
        s.receive();
        return s;
    }

    private static void sendFlight4(ScriptedServer s, ServerKeyExchange ske) {
        s.send(s.serverHello(), s.certificate(), s.message(ske), s.serverHelloDone());
    }

    @Test
    void tamperedServerKeyExchangeSignatureIsADecryptError() {
        ScriptedServer s = afterHello();
        byte[] body = s.serverKeyExchangeMessage().encode();
        body[body.length - 5] ^= 0x01; // inside the ECDSA signature
        s.send(s.serverHello(), s.certificate(), s.forged(12, 2, body, 0));
        assertFatal(s, AlertDescription.DECRYPT_ERROR);
    }

    @Test
    void tamperedServerKeyExchangeParametersAreADecryptError() {
        ScriptedServer s = afterHello();
        ServerKeyExchange.Ecdhe good = s.signedKeyExchange(SignatureScheme.ECDSA_SECP256R1_SHA256, TestPeers.ECDSA.leaf().privateKey());
        ServerEcdhParams other = s.ecdheParams(); // a key the signature does not cover
        sendFlight4(s, new ServerKeyExchange.Ecdhe(other, good.signatureScheme(), good.signature()));
        assertFatal(s, AlertDescription.DECRYPT_ERROR);
    }

    @Test
    void serverKeyExchangeSignedByAnotherKeyIsADecryptError() {
        ScriptedServer s = afterHello();
        sendFlight4(s, s.signedKeyExchange(SignatureScheme.ECDSA_SECP256R1_SHA256, TestPeers.CLIENT.privateKey()));
        assertFatal(s, AlertDescription.DECRYPT_ERROR);
    }

    @Test
    void unsignedServerKeyExchangeIsADecryptError() {
        ScriptedServer s = afterHello();
        sendFlight4(s, new ServerKeyExchange.Ecdhe(s.ecdheParams(), SignatureScheme.ECDSA_SECP256R1_SHA256.code(), new byte[0]));
        assertFatal(s, AlertDescription.DECRYPT_ERROR);
    }

    /** A signature from an earlier handshake: it covers that handshake's randoms (RFC 8422 §5.4), not this one's. */
    @Test
    void replayedServerKeyExchangeIsADecryptError() {
        ScriptedServer earlier = afterHello();
        ServerKeyExchange.Ecdhe old = earlier.signedKeyExchange(SignatureScheme.ECDSA_SECP256R1_SHA256,
                TestPeers.ECDSA.leaf().privateKey());
        DtlsEngine client = Peers.client(TestPeers.client(ECDSA, Auth.SERVER).build());
        ScriptedServer s = new ScriptedServer(client, new org.dtls4j.handshake.DeterministicRandom(44), ECDSA)
                .withCertificate(TestPeers.ECDSA.leaf());
        s.receive();
        sendFlight4(s, old);
        assertFatal(s, AlertDescription.DECRYPT_ERROR);
    }

    /** rsa_pss_rsae_sha256 was offered, but the certificate holds a P-256 key. */
    @Test
    void serverKeyExchangeClaimingAnAlgorithmTheKeyCannotMakeIsADecryptError() {
        ScriptedServer s = afterHello();
        ServerKeyExchange.Ecdhe good = s.signedKeyExchange(SignatureScheme.ECDSA_SECP256R1_SHA256, TestPeers.ECDSA.leaf().privateKey());
        sendFlight4(s, new ServerKeyExchange.Ecdhe(good.params(), SignatureScheme.RSA_PSS_RSAE_SHA256.code(), good.signature()));
        assertFatal(s, AlertDescription.DECRYPT_ERROR);
    }

    /** rsa_pkcs1_sha1 (0x0201) is never in our signature_algorithms. */
    @Test
    void serverKeyExchangeClaimingAnAlgorithmNotOfferedIsAnIllegalParameter() {
        ScriptedServer s = afterHello();
        ServerKeyExchange.Ecdhe good = s.signedKeyExchange(SignatureScheme.ECDSA_SECP256R1_SHA256, TestPeers.ECDSA.leaf().privateKey());
        sendFlight4(s, new ServerKeyExchange.Ecdhe(good.params(), 0x0201, good.signature()));
        assertFatal(s, AlertDescription.ILLEGAL_PARAMETER);
    }

    @Test
    void serverKeyExchangeOnAGroupNotOfferedIsAnIllegalParameter() {
        ScriptedServer s = afterHello();
        sendFlight4(s, new ServerKeyExchange.Ecdhe(new ServerEcdhParams(30, new byte[56]), // x448
                SignatureScheme.ECDSA_SECP256R1_SHA256.code(), new byte[70]));
        assertFatal(s, AlertDescription.ILLEGAL_PARAMETER);
    }

    @Test
    void serverKeyExchangePointOffTheCurveIsAnIllegalParameter() {
        ScriptedServer s = afterHello().withGroup(org.dtls4j.crypto.NamedGroup.SECP256R1);
        ServerEcdhParams bad = new ServerEcdhParams(org.dtls4j.crypto.NamedGroup.SECP256R1.code(), pointOffCurve());
        byte[] sig = s.sign(SignatureScheme.ECDSA_SECP256R1_SHA256, TestPeers.ECDSA.leaf().privateKey(),
                bad.signatureInput(s.clientHello().random(), s.serverRandom));
        sendFlight4(s, new ServerKeyExchange.Ecdhe(bad, SignatureScheme.ECDSA_SECP256R1_SHA256.code(), sig));
        assertFatal(s, AlertDescription.ILLEGAL_PARAMETER);
    }

    private static byte[] pointOffCurve() {
        byte[] p = new byte[65];
        p[0] = 4;
        p[32] = 1;
        p[64] = 1;
        return p;
    }

    @Test
    void untrustedServerCertificateIsABadCertificate() {
        ScriptedServer s = afterHello().withCertificate(ThrowawayCredentials.selfSigned("P-256", "localhost", "localhost"));
        s.send(s.serverHello(), s.certificate());
        assertFatal(s, AlertDescription.BAD_CERTIFICATE);
    }

    @Test
    void hostNameMismatchIsABadCertificate() {
        ScriptedServer s = afterHello().withCertificate(TestPeers.ECDSA.issue("P-256", "elsewhere", "elsewhere.example"));
        s.send(s.serverHello(), s.certificate());
        assertFatal(s, AlertDescription.BAD_CERTIFICATE);
    }

    @Test
    void emptyServerCertificateIsABadCertificate() {
        ScriptedServer s = afterHello();
        s.send(s.serverHello(), s.message(Certificate.empty()));
        assertFatal(s, AlertDescription.BAD_CERTIFICATE);
    }

    /** RFC 8422 §5.3: ECDHE_ECDSA needs an ECDSA-capable certificate key. */
    @Test
    void rsaCertificateForAnEcdsaSuiteIsAnUnsupportedCertificate() {
        ScriptedServer s = afterHello().withCertificate(TestPeers.RSA.leaf());
        s.send(s.serverHello(), s.certificate());
        assertFatal(s, AlertDescription.UNSUPPORTED_CERTIFICATE);
    }

    /** The chain is exposed only once the handshake that it signed has completed. */
    @Test
    void theServerIdentityIsExposedOnlyAfterTheFinished() {
        ScriptedServer s = afterHello();
        s.send(s.serverHello(), s.certificate(), s.serverKeyExchange(), s.serverHelloDone());
        s.receive();
        assertNull(s.engine().negotiated(), "certificate and signature checked, Finished not yet");
        s.send(s.changeCipherSpec());
        assertNull(s.engine().negotiated());
        s.send(s.finished());
        assertConnected(s);
        assertEquals(List.copyOf(TestPeers.ECDSA.chain()), s.engine().negotiated().peerCertificates());
    }
}
