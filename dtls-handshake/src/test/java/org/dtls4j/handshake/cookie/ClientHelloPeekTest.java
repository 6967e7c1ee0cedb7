package org.dtls4j.handshake.cookie;

import static org.dtls4j.handshake.cookie.Datagrams.DTLS_1_0;
import static org.dtls4j.handshake.cookie.Datagrams.DTLS_1_2;
import static org.dtls4j.handshake.cookie.Datagrams.HANDSHAKE;
import static org.dtls4j.handshake.cookie.Datagrams.clientHello;
import static org.dtls4j.handshake.cookie.Datagrams.concat;
import static org.dtls4j.handshake.cookie.Datagrams.handshake;
import static org.dtls4j.handshake.cookie.Datagrams.record;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.DecodeException;
import org.dtls4j.crypto.JcaProviders;
import org.dtls4j.handshake.message.ClientHello;
import org.dtls4j.handshake.message.HandshakeType;
import org.dtls4j.handshake.message.OpenSslCapture;
import org.dtls4j.handshake.message.OpenSslCapture.Captured;
import org.dtls4j.record.RecordHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ClientHelloPeek} case by case: real hellos, other first records, every truncation. */
class ClientHelloPeekTest {
    /** Where the cookie exchange's tests start: a hello without cookie from 127.0.0.1. */
    static final ClientHello HELLO = CookieExchangeTest.hello();

    static ClientHelloPeek peek(byte[] datagram) {
        return ClientHelloPeek.of(datagram, 0, datagram.length);
    }

    @ParameterizedTest
    @ValueSource(strings = {OpenSslCapture.ECDHE_ECDSA, OpenSslCapture.PSK, OpenSslCapture.ECDHE_PSK})
    void seesBothOfOpenSslsClientHellos(String capture) throws DecodeException {
        List<Captured> records = OpenSslCapture.load(capture);
        for (int n = 0; n < 2; n++) {
            Captured c = OpenSslCapture.find(records, true, HandshakeType.CLIENT_HELLO, n);
            ClientHello decoded = ClientHello.decode(c.body());
            ClientHelloPeek p = assertInstanceOf(ClientHelloPeek.class, peek(c.datagram()), capture + " #" + n);
            assertEquals(n, p.messageSeq(), "OpenSSL numbers its two hellos 0 and 1");
            assertEquals(sequenceNumber(c.recordHeader()), p.recordSequenceNumber());
            assertArrayEquals(decoded.random(), p.clientRandom());
            assertArrayEquals(decoded.cookie(), p.cookie());
            assertEquals(n == 1, p.cookie().length > 0, "the second hello carries the cookie");
            assertTrue(p.hasClientRandom(decoded.random()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {OpenSslCapture.ECDHE_ECDSA, OpenSslCapture.PSK, OpenSslCapture.ECDHE_PSK})
    void seesNoClientHelloInTheRestOfTheCapture(String capture) {
        for (Captured c : OpenSslCapture.load(capture)) {
            boolean hello = c.contentType() == HANDSHAKE && c.handshakeType() == HandshakeType.CLIENT_HELLO.code();
            if (c.epoch() == 0 && !hello) {
                assertNull(peek(c.datagram()), "content type " + c.contentType() + ", handshake type " + c.handshakeType());
            }
        }
    }

    @Test
    void aHelloVerifyRequestIsNotAClientHello() {
        Captured openssl = OpenSslCapture.find(OpenSslCapture.load(OpenSslCapture.ECDHE_ECDSA), false,
                HandshakeType.HELLO_VERIFY_REQUEST, 0);
        assertNull(peek(openssl.datagram()));
        byte[] hello = clientHello(HELLO, 0, 0);
        CookieExchange exchange = new CookieExchange(new SecureRandom(), CookieExchangeTest.PERIOD, JcaProviders.defaults());
        CookieExchange.Verify ours = assertInstanceOf(CookieExchange.Verify.class,
                exchange.check(hello, 0, hello.length, CookieExchangeTest.PEER, 0));
        assertNull(peek(ours.datagram()));
    }

    @Test
    void aClientHelloInEpochOneIsNot() {
        byte[] body = HELLO.encode();
        byte[] hs = handshake(1, body, 0, 0, body.length);
        assertNotNull(peek(record(HANDSHAKE, DTLS_1_2, 0, 0, hs)));
        assertNull(peek(record(HANDSHAKE, DTLS_1_2, 1, 0, hs)));
        assertNull(peek(record(HANDSHAKE, DTLS_1_2, 0xFFFF, 0, hs)));
    }

    @Test
    void otherContentTypesAreNot() {
        byte[] body = HELLO.encode();
        byte[] hs = handshake(1, body, 0, 0, body.length);
        for (int type : new int[] {20, 21, 23, 0, 99, 255}) {
            assertNull(peek(record(type, DTLS_1_0, 0, 0, hs)), "content type " + type);
        }
    }

    @Test
    void fieldsComeFromTheirOwnHeaders() {
        byte[] cookie = new byte[255];
        Arrays.fill(cookie, (byte) 0x5A);
        ClientHello h = new ClientHello(0xFEFD, HELLO.random(), new byte[32], cookie, List.of(0xC02B), List.of(0),
                HELLO.extensions());
        ClientHelloPeek p = peek(clientHello(h, 0xFFFF, 0xFFFF_FFFF_FFFFL));
        assertEquals(0xFFFF, p.messageSeq());
        assertEquals(0xFFFF_FFFF_FFFFL, p.recordSequenceNumber());
        assertArrayEquals(cookie, p.cookie());
        assertArrayEquals(HELLO.random(), p.clientRandom());
        byte[] other = HELLO.random();
        other[31] ^= 1;
        assertFalse(p.hasClientRandom(other));
        assertFalse(p.hasClientRandom(new byte[31]), "a shorter array is not the random");
    }

    /** The record header claims the whole hello: every shorter datagram is missing part of the record. */
    @Test
    void truncatedAtEveryLengthIsNot() {
        byte[] datagram = clientHello(HELLO, 0, 0);
        for (int len = 0; len < datagram.length; len++) {
            assertNull(peek(Arrays.copyOf(datagram, len)), "length " + len);
        }
        assertNotNull(peek(datagram));
    }

    /**
     * Records cut short with consistent lengths: a first fragment of {@code n} body bytes is seen as
     * soon as it holds the cookie; fewer bytes, or a record cut inside the fragment, are not.
     */
    @Test
    void aFirstFragmentIsSeenOnceItHoldsTheCookie() {
        byte[] cookie = {1, 2, 3};
        ClientHello h = HELLO.withCookie(cookie);
        byte[] body = h.encode();
        int throughCookie = 2 + 32 + 1 + 0 + 1 + cookie.length;
        for (int n = 0; n <= body.length; n++) {
            ClientHelloPeek p = peek(record(HANDSHAKE, DTLS_1_0, 0, 3, handshake(1, body, 7, 0, n)));
            assertEquals(n >= throughCookie, p != null, "fragment of " + n + " bytes");
            if (p != null) {
                assertArrayEquals(cookie, p.cookie());
                assertEquals(7, p.messageSeq());
                assertEquals(3, p.recordSequenceNumber());
            }
            byte[] fragmentCutShort = Arrays.copyOf(handshake(1, body, 7, 0, body.length), 12 + n);
            assertEquals(n == body.length, peek(record(HANDSHAKE, DTLS_1_0, 0, 3, fragmentCutShort)) != null,
                    "record cut to " + n + " body bytes");
        }
    }

    @Test
    void aLaterFragmentIsNot() {
        byte[] body = HELLO.encode();
        assertNull(peek(record(HANDSHAKE, DTLS_1_0, 0, 0, handshake(1, body, 0, 40, body.length - 40))));
        assertNull(peek(record(HANDSHAKE, DTLS_1_0, 0, 0, handshake(1, body, 0, 1, body.length - 1))));
    }

    @Test
    void aFragmentReachingPastItsMessageIsNot() {
        byte[] body = HELLO.encode();
        ByteWriter hs = new ByteWriter();
        hs.u8(1).u24(body.length - 1).u16(0).u24(0).u24(body.length).bytes(body); // length < fragment_length
        assertNull(peek(record(HANDSHAKE, DTLS_1_0, 0, 0, hs.toByteArray())));
    }

    @Test
    void aSessionIdLongerThan32BytesIsNot() {
        // RFC 5246 §7.4.1.2: opaque SessionID<0..32>
        ByteWriter body = new ByteWriter();
        body.u16(0xFEFD).bytes(HELLO.random()).opaque8(new byte[33]).opaque8(new byte[0]).u16(2).u16(0xC02B).u8(1).u8(0);
        byte[] b = body.toByteArray();
        assertNull(peek(record(HANDSHAKE, DTLS_1_0, 0, 0, handshake(1, b, 0, 0, b.length))));
    }

    @Test
    void onlyTheFirstRecordCounts() {
        byte[] hello = clientHello(HELLO, 0, 0);
        assertNull(peek(concat(record(23, DTLS_1_2, 1, 0, new byte[8]), hello)));
        assertNotNull(peek(concat(hello, record(23, DTLS_1_2, 1, 0, new byte[8]))));
        assertNotNull(peek(concat(hello, new byte[1200])));
    }

    @Test
    void readsTheDatagramAtItsOffset() {
        byte[] datagram = clientHello(HELLO.withCookie(new byte[] {9, 9}), 1, 1);
        byte[] buffer = concat(concat(new byte[7], datagram), new byte[9]);
        ClientHelloPeek p = ClientHelloPeek.of(buffer, 7, datagram.length);
        assertArrayEquals(new byte[] {9, 9}, p.cookie());
        assertArrayEquals(HELLO.random(), p.clientRandom());
        assertNull(ClientHelloPeek.of(buffer, 6, datagram.length));
        assertNull(ClientHelloPeek.of(buffer, 7, datagram.length - 1), "the record no longer fits");
        assertThrows(IndexOutOfBoundsException.class, () -> ClientHelloPeek.of(buffer, 7, buffer.length));
        assertThrows(IndexOutOfBoundsException.class, () -> ClientHelloPeek.of(buffer, -1, 3));
    }

    @Test
    void readable() {
        assertEquals("ClientHelloPeek[recordSequenceNumber=5, messageSeq=1, cookie=2 bytes]",
                peek(clientHello(HELLO.withCookie(new byte[] {9, 9}), 1, 5)).toString());
    }

    private static long sequenceNumber(byte[] recordHeader) throws DecodeException {
        return RecordHeader.decode(new ByteReader(recordHeader)).sequenceNumber();
    }
}
