package org.dtls4j.handshake.message;

import static org.dtls4j.handshake.message.OpenSslCapture.find;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import org.dtls4j.codec.DecodeException;
import org.dtls4j.crypto.KeyExchangeAlgorithm;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.extension.EcPointFormats;
import org.dtls4j.handshake.extension.Extension;
import org.dtls4j.handshake.extension.ExtensionType;
import org.dtls4j.handshake.extension.RenegotiationInfo;
import org.dtls4j.handshake.extension.ServerName;
import org.dtls4j.handshake.extension.SignatureAlgorithms;
import org.dtls4j.handshake.extension.SupportedGroups;
import org.dtls4j.handshake.message.OpenSslCapture.Captured;
import org.junit.jupiter.api.Test;

/**
 * Known-answer tests: real DTLS 1.2 handshakes captured from OpenSSL 3 (s_client against
 * s_server -listen) decode to the expected fields and encode back to the same bytes.
 */
class OpenSslCaptureTest {
    private static final List<Captured> ECDSA = OpenSslCapture.load(OpenSslCapture.ECDHE_ECDSA);
    private static final List<Captured> PSK = OpenSslCapture.load(OpenSslCapture.PSK);
    private static final List<Captured> ECDHE_PSK = OpenSslCapture.load(OpenSslCapture.ECDHE_PSK);

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    private static byte[] body(List<Captured> capture, boolean fromClient, HandshakeType type, int n) {
        return find(capture, fromClient, type, n).body();
    }

    @Test
    void clientHello() throws DecodeException {
        byte[] body = body(ECDSA, true, HandshakeType.CLIENT_HELLO, 0);
        ClientHello h = ClientHello.decode(body);
        assertEquals(0xFEFD, h.clientVersion());
        assertArrayEquals(hex("3616326fcc36a6d03a28b5dbd5979bbd872ef20d655f3001dfecde1ed8e462b3"), h.random());
        assertEquals(0, h.sessionId().length);
        assertEquals(0, h.cookie().length);
        assertEquals(28, h.cipherSuites().size());
        assertEquals(0xC02C, h.cipherSuites().get(0));               // ECDHE-ECDSA-AES256-GCM-SHA384
        assertEquals(0x00FF, h.cipherSuites().get(27));              // TLS_EMPTY_RENEGOTIATION_INFO_SCSV
        assertEquals(List.of(0), h.compressionMethods());
        assertEquals(List.of(0, 11, 10, 35, 22, 23, 13), h.extensions().list().stream().map(Extension::type).toList());
        assertArrayEquals(body, h.encode());
    }

    @Test
    void clientHelloExtensionsDecodeWithTheTypedCodecs() throws DecodeException {
        ClientHello h = ClientHello.decode(body(ECDSA, true, HandshakeType.CLIENT_HELLO, 0));
        assertEquals("example.com", ServerName.decode(data(h, ExtensionType.SERVER_NAME)).hostName());
        assertEquals(List.of(0, 1, 2), EcPointFormats.decode(data(h, ExtensionType.EC_POINT_FORMATS)).formats());
        assertEquals(List.of(29, 23, 30, 25, 24), SupportedGroups.decode(data(h, ExtensionType.SUPPORTED_GROUPS)).groups());
        List<Integer> schemes = SignatureAlgorithms.decode(data(h, ExtensionType.SIGNATURE_ALGORITHMS)).schemes();
        assertEquals(20, schemes.size());
        assertEquals(0x0403, schemes.get(0));
        assertEquals(0x0602, schemes.get(19));
        assertEquals(0, data(h, ExtensionType.EXTENDED_MASTER_SECRET).length);
    }

    private static byte[] data(ClientHello h, ExtensionType type) {
        return h.extensions().find(type).orElseThrow().data();
    }

    @Test
    void helloVerifyRequestAndTheSecondClientHello() throws DecodeException {
        HelloVerifyRequest hvr = HelloVerifyRequest.decode(body(ECDSA, false, HandshakeType.HELLO_VERIFY_REQUEST, 0));
        assertEquals(0xFEFF, hvr.serverVersion());                   // DTLS 1.0, per RFC 6347 §4.2.1
        assertArrayEquals(hex("9bad643e8b44f17ae02e33b7536b48fc894c1fba"), hvr.cookie());

        ClientHello first = ClientHello.decode(body(ECDSA, true, HandshakeType.CLIENT_HELLO, 0));
        byte[] secondBody = body(ECDSA, true, HandshakeType.CLIENT_HELLO, 1);
        ClientHello second = ClientHello.decode(secondBody);
        assertEquals(first.withCookie(hvr.cookie()), second);
        assertArrayEquals(secondBody, first.withCookie(hvr.cookie()).encode());
    }

    @Test
    void serverHello() throws DecodeException {
        byte[] body = body(ECDSA, false, HandshakeType.SERVER_HELLO, 0);
        ServerHello h = ServerHello.decode(body);
        assertEquals(0xFEFD, h.serverVersion());
        assertArrayEquals(hex("0d0e44687c4695ef09517b64ba9c990bfa27b382394c2bc750e75b61aabdd850"), h.random());
        assertEquals(0, h.sessionId().length);
        assertEquals(0xC02C, h.cipherSuite());
        assertEquals(0, h.compressionMethod());
        assertEquals(List.of(0xFF01, 11, 35, 23), h.extensions().list().stream().map(Extension::type).toList());
        assertTrue(RenegotiationInfo.decode(h.extensions().find(ExtensionType.RENEGOTIATION_INFO).orElseThrow().data())
                .isInitial());
        assertArrayEquals(body, h.encode());
    }

    @Test
    void certificateIsTheServerCertificate() throws Exception {
        Certificate c = Certificate.decode(body(ECDSA, false, HandshakeType.CERTIFICATE, 0));
        assertEquals(1, c.size());
        X509Certificate x509 = serverCertificate();
        assertEquals("CN=localhost", x509.getSubjectX500Principal().getName());
        assertEquals("EC", x509.getPublicKey().getAlgorithm());
    }

    private static X509Certificate serverCertificate() throws Exception {
        Certificate c = Certificate.decode(body(ECDSA, false, HandshakeType.CERTIFICATE, 0));
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(c.certificates().get(0)));
    }

    /** The signed params and signature input are right if OpenSSL's own signature verifies over them. */
    @Test
    void serverKeyExchangeSignatureVerifiesOverOurSignatureInput() throws Exception {
        byte[] body = body(ECDSA, false, HandshakeType.SERVER_KEY_EXCHANGE, 0);
        ServerKeyExchange.Ecdhe ske = assertInstanceOf(ServerKeyExchange.Ecdhe.class,
                ServerKeyExchange.decode(body, KeyExchangeAlgorithm.ECDHE_ECDSA));
        assertEquals(29, ske.params().namedGroup());                  // x25519
        assertEquals(32, ske.params().publicKey().length);
        assertEquals(0x0403, ske.signatureScheme());                  // ecdsa_secp256r1_sha256
        assertArrayEquals(java.util.Arrays.copyOf(body, 36), ske.signedParams());
        assertArrayEquals(body, ske.encode());

        byte[] clientRandom = ClientHello.decode(body(ECDSA, true, HandshakeType.CLIENT_HELLO, 1)).random();
        byte[] serverRandom = ServerHello.decode(body(ECDSA, false, HandshakeType.SERVER_HELLO, 0)).random();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(serverCertificate().getPublicKey());
        verifier.update(ske.signatureInput(clientRandom, serverRandom));
        assertTrue(verifier.verify(ske.signature()));

        verifier.initVerify(serverCertificate().getPublicKey());
        verifier.update(ske.signatureInput(serverRandom, clientRandom));  // randoms swapped
        assertFalse(verifier.verify(ske.signature()));
    }

    @Test
    void ecdheClientKeyExchangeAndEmptyServerHelloDone() throws DecodeException {
        ClientKeyExchange.Ecdhe cke = assertInstanceOf(ClientKeyExchange.Ecdhe.class, ClientKeyExchange.decode(
                body(ECDSA, true, HandshakeType.CLIENT_KEY_EXCHANGE, 0), KeyExchangeAlgorithm.ECDHE_ECDSA));
        assertArrayEquals(hex("00487a2b5ab54c74b13c311f642d0192e7f3433ab089ec77c1f1f1d63a1a5717"), cke.publicKey());
        assertEquals(ServerHelloDone.INSTANCE, ServerHelloDone.decode(body(ECDSA, false, HandshakeType.SERVER_HELLO_DONE, 0)));
    }

    @Test
    void pskKeyExchangeMessages() throws DecodeException {
        ServerKeyExchange.Psk ske = assertInstanceOf(ServerKeyExchange.Psk.class, ServerKeyExchange.decode(
                body(PSK, false, HandshakeType.SERVER_KEY_EXCHANGE, 0), KeyExchangeAlgorithm.PSK));
        assertEquals("dtls4j-hint", new String(ske.identityHint(), StandardCharsets.US_ASCII));
        ClientKeyExchange.Psk cke = assertInstanceOf(ClientKeyExchange.Psk.class, ClientKeyExchange.decode(
                body(PSK, true, HandshakeType.CLIENT_KEY_EXCHANGE, 0), KeyExchangeAlgorithm.PSK));
        assertEquals("client-one", new String(cke.identity(), StandardCharsets.US_ASCII));
        assertEquals(0x00A8, ServerHello.decode(body(PSK, false, HandshakeType.SERVER_HELLO, 0)).cipherSuite());
    }

    @Test
    void ecdhePskKeyExchangeMessages() throws DecodeException {
        ServerKeyExchange.EcdhePsk ske = assertInstanceOf(ServerKeyExchange.EcdhePsk.class, ServerKeyExchange.decode(
                body(ECDHE_PSK, false, HandshakeType.SERVER_KEY_EXCHANGE, 0), KeyExchangeAlgorithm.ECDHE_PSK));
        assertEquals("dtls4j-hint", new String(ske.identityHint(), StandardCharsets.US_ASCII));
        assertEquals(29, ske.params().namedGroup());
        assertArrayEquals(hex("492cfb92d30d6430dc734007e427d59b3f3611b0c4cf92198523a3466faa780f"), ske.params().publicKey());
        ClientKeyExchange.EcdhePsk cke = assertInstanceOf(ClientKeyExchange.EcdhePsk.class, ClientKeyExchange.decode(
                body(ECDHE_PSK, true, HandshakeType.CLIENT_KEY_EXCHANGE, 0), KeyExchangeAlgorithm.ECDHE_PSK));
        assertEquals("client-one", new String(cke.identity(), StandardCharsets.US_ASCII));
        assertArrayEquals(hex("e7682bf5d3550f651a5c05d4ad6565133d6822ff569fd762338f34efaf7b0f2d"), cke.publicKey());
    }

    @Test
    void finishedChangeCipherSpecAndCloseNotify() throws DecodeException {
        for (List<Captured> capture : List.of(ECDSA, PSK, ECDHE_PSK)) {
            for (Captured c : capture) {
                if (c.contentType() == 22 && c.handshakeType() == HandshakeType.FINISHED.code()) {
                    assertEquals(12, Finished.decode(c.body()).verifyData().length);
                } else if (c.contentType() == 20) {
                    assertEquals(ChangeCipherSpec.INSTANCE, ChangeCipherSpec.decode(c.content()));
                } else if (c.contentType() == 21) {
                    Alert a = Alert.decode(c.content());
                    assertEquals(Alert.closeNotify(), a);
                    assertEquals(AlertDescription.CLOSE_NOTIFY, a.knownDescription().orElseThrow());
                    assertFalse(a.isFatal());
                }
            }
        }
    }

    /** Every handshake message of all three captures decodes and encodes back to its exact bytes. */
    @Test
    void everyCapturedMessageRoundTripsExactly() throws DecodeException {
        assertRoundTrips(ECDSA, KeyExchangeAlgorithm.ECDHE_ECDSA);
        assertRoundTrips(PSK, KeyExchangeAlgorithm.PSK);
        assertRoundTrips(ECDHE_PSK, KeyExchangeAlgorithm.ECDHE_PSK);
    }

    private static void assertRoundTrips(List<Captured> capture, KeyExchangeAlgorithm kx) throws DecodeException {
        int checked = 0;
        for (Captured c : capture) {
            HandshakeType type = c.contentType() == 22 ? HandshakeType.fromCode(c.handshakeType()) : null;
            if (type == null) {
                continue;                                             // not handshake, or NewSessionTicket
            }
            byte[] body = c.body();
            int length = ((c.content()[1] & 0xFF) << 16) | ((c.content()[2] & 0xFF) << 8) | (c.content()[3] & 0xFF);
            assertEquals(length, body.length, type + " length field");
            HandshakeMessage m = HandshakeMessage.decode(type, body, kx);
            assertEquals(type, m.type());
            assertArrayEquals(body, m.encode(), type + " re-encoded");
            checked++;
        }
        assertTrue(checked >= 8, "only " + checked + " messages checked");
    }
}
