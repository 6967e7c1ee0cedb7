package org.dtls4j.handshake.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import org.dtls4j.codec.DecodeException;
import org.dtls4j.crypto.KeyExchangeAlgorithm;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.extension.ExtendedMasterSecret;
import org.dtls4j.handshake.extension.Extensions;
import org.junit.jupiter.api.Test;

/** The RFC rules the message codecs enforce, one edge or hostile shape per test. */
class MessageRulesTest {
    private static final String RANDOM = "00".repeat(32);

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    /** A ClientHello body: version, random, session id, cookie, then the given tail. */
    private static byte[] hello(String sessionId, String cookie, String tail) {
        return hex("fefd" + RANDOM + sessionId + cookie + tail);
    }

    @Test
    void clientHelloCipherSuiteListMustBeEvenAndNonEmpty() throws DecodeException {
        assertEquals(List.of(0xC02B, 0x1234), ClientHello.decode(hello("00", "00", "0004 c02b 1234 01 00")).cipherSuites());
        assertThrows(DecodeException.class, () -> ClientHello.decode(hello("00", "00", "0003 c02b 12 01 00")));
        assertThrows(DecodeException.class, () -> ClientHello.decode(hello("00", "00", "0000 01 00")));
    }

    @Test
    void clientHelloMustOfferNullCompression() {
        DecodeException e = assertThrows(DecodeException.class,
                () -> ClientHello.decode(hello("00", "00", "0002 c02b 01 01")));
        assertTrue(e.getMessage().contains("null"), e.getMessage());
        assertThrows(DecodeException.class, () -> ClientHello.decode(hello("00", "00", "0002 c02b 00")));
    }

    @Test
    void clientHelloSessionIdAtMost32AndCookieAtMost255() throws DecodeException {
        assertEquals(32, ClientHello.decode(hello("20" + "11".repeat(32), "00", "0002 c02b 01 00")).sessionId().length);
        assertThrows(DecodeException.class, () -> ClientHello.decode(hello("21" + "11".repeat(33), "00", "0002 c02b 01 00")));
        assertEquals(255, ClientHello.decode(hello("00", "ff" + "22".repeat(255), "0002 c02b 01 00")).cookie().length);
    }

    @Test
    void emptyExtensionsBlockDecodesAsNoExtensions() throws DecodeException {
        byte[] withEmptyBlock = hello("00", "00", "0002 c02b 01 00 0000");
        ClientHello h = ClientHello.decode(withEmptyBlock);
        assertEquals(Extensions.EMPTY, h.extensions());
        // encoded without a block: the transcript must hash received bytes, never a re-encoding
        assertEquals(withEmptyBlock.length - 2, h.encode().length);
    }

    @Test
    void duplicateExtensionInAHelloIsADecodeError() {
        assertThrows(DecodeException.class,
                () -> ClientHello.decode(hello("00", "00", "0002 c02b 01 00 0008 0017 0000 0017 0000")));
        assertThrows(DecodeException.class,
                () -> ServerHello.decode(hex("fefd" + RANDOM + "00 c02b 00 0008 0017 0000 0017 0000")));
    }

    @Test
    void withCookieChangesOnlyTheCookie() {
        ClientHello h = ClientHello.of(0xFEFD, new byte[32], new byte[0], new byte[0], List.of(0xC02B),
                Extensions.of(ExtendedMasterSecret.INSTANCE.toExtension()));
        ClientHello withCookie = h.withCookie(hex("abcd"));
        assertArrayEquals(hex("abcd"), withCookie.cookie());
        assertEquals(h, withCookie.withCookie(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> h.withCookie(new byte[256]));
    }

    @Test
    void byteArraysAreCopiedInAndOut() {
        byte[] random = new byte[32];
        ClientHello h = ClientHello.of(0xFEFD, random, new byte[0], new byte[0], List.of(0xC02B), Extensions.EMPTY);
        random[0] = 1;
        h.random()[1] = 1;
        assertArrayEquals(new byte[32], h.random());
        byte[] cert = {1, 2};
        Certificate c = new Certificate(List.of(cert));
        cert[0] = 9;
        c.certificates().get(0)[1] = 9;
        assertArrayEquals(new byte[] {1, 2}, c.certificates().get(0));
    }

    @Test
    void ecdhParamsAcceptOnlyNamedCurvesAndNonEmptyPoints() {
        // explicit_prime (1) is deprecated by RFC 8422 §5.4
        assertThrows(DecodeException.class, () -> ServerKeyExchange.decode(hex("01 001d 01 aa 0403 0000"),
                KeyExchangeAlgorithm.ECDHE_ECDSA));
        assertThrows(DecodeException.class, () -> ServerKeyExchange.decode(hex("03 001d 00 0403 0000"),
                KeyExchangeAlgorithm.ECDHE_ECDSA));
        assertThrows(DecodeException.class, () -> ClientKeyExchange.decode(hex("00"), KeyExchangeAlgorithm.ECDHE_RSA));
        assertThrows(DecodeException.class, () -> ClientKeyExchange.decode(hex("0000 00"), KeyExchangeAlgorithm.ECDHE_PSK));
    }

    @Test
    void keyExchangeLayoutDependsOnTheKeyExchange() throws DecodeException {
        byte[] pskBody = hex("0002 6869");                           // psk_identity "hi"
        assertEquals(new ClientKeyExchange.Psk(hex("6869")), ClientKeyExchange.decode(pskBody, KeyExchangeAlgorithm.PSK));
        // read as ECDHE the same bytes are a 0-byte point followed by junk
        assertThrows(DecodeException.class, () -> ClientKeyExchange.decode(pskBody, KeyExchangeAlgorithm.ECDHE_ECDSA));
        assertThrows(IllegalArgumentException.class,
                () -> HandshakeMessage.decode(HandshakeType.SERVER_KEY_EXCHANGE, pskBody, null));
    }

    @Test
    void signatureInputIsTheTwoRandomsThenTheParams() {
        ServerEcdhParams params = new ServerEcdhParams(23, hex("04aabb"));
        byte[] client = new byte[32];
        byte[] server = new byte[32];
        client[0] = 1;
        server[0] = 2;
        assertArrayEquals(hex("01" + "00".repeat(31) + "02" + "00".repeat(31) + "03 0017 03 04aabb"),
                params.signatureInput(client, server));
    }

    @Test
    void certificateListsMayBeEmptyButCertificatesMayNot() throws DecodeException {
        assertTrue(Certificate.decode(hex("000000")).isEmpty());
        assertArrayEquals(hex("000000"), Certificate.empty().encode());
        assertThrows(DecodeException.class, () -> Certificate.decode(hex("000003 000000")));
        assertThrows(DecodeException.class, () -> Certificate.decode(hex("000004 000002 aa")));
        assertThrows(DecodeException.class, () -> Certificate.decode(hex("000005 000001 aa")));
        assertThrows(DecodeException.class, () -> Certificate.decode(hex("000004 000001 aa bb")));
    }

    @Test
    void certificateRequestRules() throws DecodeException {
        CertificateRequest r = CertificateRequest.decode(hex("01 40 0002 0403 0000"));
        assertEquals(List.of(CertificateRequest.ECDSA_SIGN), r.certificateTypes());
        assertEquals(List.of(0x0403), r.signatureAlgorithms());
        assertTrue(r.certificateAuthorities().isEmpty());
        assertThrows(DecodeException.class, () -> CertificateRequest.decode(hex("00 0002 0403 0000")));
        assertThrows(DecodeException.class, () -> CertificateRequest.decode(hex("01 40 0000 0000")));
        assertThrows(DecodeException.class, () -> CertificateRequest.decode(hex("01 40 0002 0403 0002 0000")));
    }

    @Test
    void finishedIsExactlyTwelveBytes() throws DecodeException {
        Finished f = Finished.decode(hex("0102030405060708090a0b0c"));
        assertTrue(f.matches(hex("0102030405060708090a0b0c")));
        assertFalse(f.matches(hex("0102030405060708090a0b0d")));
        assertFalse(f.matches(hex("0102030405060708090a0b")));
        assertThrows(DecodeException.class, () -> Finished.decode(hex("0102030405060708090a0b")));
        assertThrows(DecodeException.class, () -> Finished.decode(hex("0102030405060708090a0b0c0d")));
    }

    @Test
    void emptyMessagesRejectAnyBody() {
        assertThrows(DecodeException.class, () -> ServerHelloDone.decode(hex("00")));
        assertThrows(DecodeException.class, () -> HelloRequest.decode(hex("00")));
        assertEquals(0, ServerHelloDone.INSTANCE.encode().length);
    }

    @Test
    void alertsKeepUnknownDescriptions() throws DecodeException {
        Alert unknown = Alert.decode(hex("02fe"));
        assertTrue(unknown.isFatal());
        assertTrue(unknown.knownDescription().isEmpty());
        assertEquals("Alert[fatal unknown(254)]", unknown.toString());
        assertEquals("Alert[fatal handshake_failure]", Alert.fatal(AlertDescription.HANDSHAKE_FAILURE).toString());
        assertArrayEquals(hex("0228"), Alert.fatal(AlertDescription.HANDSHAKE_FAILURE).encode());
        assertThrows(DecodeException.class, () -> Alert.decode(hex("02")));
        assertThrows(DecodeException.class, () -> Alert.decode(hex("022800")));
    }

    @Test
    void changeCipherSpecIsTheSingleByteOne() throws DecodeException {
        assertEquals(ChangeCipherSpec.INSTANCE, ChangeCipherSpec.decode(hex("01")));
        assertThrows(DecodeException.class, () -> ChangeCipherSpec.decode(hex("02")));
        assertThrows(DecodeException.class, () -> ChangeCipherSpec.decode(hex("0101")));
        assertThrows(DecodeException.class, () -> ChangeCipherSpec.decode(new byte[0]));
    }

    @Test
    void decodeDispatchesOnTheType() throws DecodeException {
        assertEquals(ServerHelloDone.INSTANCE, HandshakeMessage.decode(HandshakeType.SERVER_HELLO_DONE, new byte[0], null));
        assertEquals(HelloRequest.INSTANCE, HandshakeMessage.decode(HandshakeType.HELLO_REQUEST, new byte[0], null));
        assertEquals(HandshakeType.FINISHED, HandshakeMessage.decode(HandshakeType.FINISHED, new byte[12], null).type());
    }
}
