package org.dtls4j.handshake.cookie;

import static org.dtls4j.handshake.cookie.Datagrams.DTLS_1_0;
import static org.dtls4j.handshake.cookie.Datagrams.HANDSHAKE;
import static org.dtls4j.handshake.cookie.Datagrams.clientHello;
import static org.dtls4j.handshake.cookie.Datagrams.concat;
import static org.dtls4j.handshake.cookie.Datagrams.cookieOf;
import static org.dtls4j.handshake.cookie.Datagrams.handshake;
import static org.dtls4j.handshake.cookie.Datagrams.record;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.DecodeException;
import org.dtls4j.crypto.JcaProviders;
import org.dtls4j.handshake.extension.ExtendedMasterSecret;
import org.dtls4j.handshake.extension.Extensions;
import org.dtls4j.handshake.message.ClientHello;
import org.dtls4j.handshake.message.HandshakeType;
import org.dtls4j.handshake.message.HelloVerifyRequest;
import org.dtls4j.handshake.message.OpenSslCapture;
import org.junit.jupiter.api.Test;

/**
 * The stateless cookie exchange, case by case, in the spirit of OpenSSL's dtlsv1listentest:
 * each hostile or malformed first datagram, and each way a cookie can be wrong.
 */
class CookieExchangeTest {
    static final Duration PERIOD = Duration.ofSeconds(30);
    static final long P = PERIOD.toNanos();
    static final InetSocketAddress PEER = peer(new byte[] {127, 0, 0, 1}, 40000);

    final CookieExchange exchange = new CookieExchange(new SecureRandom(), PERIOD, JcaProviders.defaults());

    static InetSocketAddress peer(byte[] address, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(address), port);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static ClientHello hello() {
        byte[] random = new byte[32];
        Arrays.fill(random, (byte) 7);
        return ClientHello.of(0xFEFD, random, new byte[0], new byte[0], List.of(0xC02B, 0xC02F),
                Extensions.of(ExtendedMasterSecret.INSTANCE.toExtension()));
    }

    CookieExchange.Result check(byte[] datagram, InetSocketAddress peer, long now) {
        return exchange.check(datagram, 0, datagram.length, peer, now);
    }

    /** The cookie the exchange hands to {@code peer} for {@code h} at {@code now}. */
    byte[] cookieFor(ClientHello h, InetSocketAddress peer, long now) {
        return cookieOf(assertInstanceOf(CookieExchange.Verify.class, check(clientHello(h, 0, 0), peer, now)));
    }

    DropReason dropped(byte[] datagram) {
        return assertInstanceOf(CookieExchange.Drop.class, check(datagram, PEER, 0)).kind();
    }

    @Test
    void noCookieGetsAHelloVerifyRequestThatEchoesTheSequenceNumbers() throws DecodeException {
        byte[] datagram = clientHello(hello(), 0, 5);
        CookieExchange.Verify verify = assertInstanceOf(CookieExchange.Verify.class, check(datagram, PEER, 0));
        ByteReader r = new ByteReader(verify.datagram());
        assertEquals(HANDSHAKE, r.u8());
        assertEquals(DTLS_1_0, r.u16());                              // RFC 6347 §4.2.1: DTLS 1.0 in HVR
        assertEquals(0, r.u16());                                     // epoch
        assertEquals(5, r.u48());                                     // the ClientHello's record sequence
        ByteReader record = r.sub16();
        r.expectEmpty("datagram");
        assertEquals(HandshakeType.HELLO_VERIFY_REQUEST.code(), record.u8());
        int length = record.u24();
        assertEquals(0, record.u16());                                // the ClientHello's message_seq
        assertEquals(0, record.u24());
        assertEquals(length, record.u24());
        HelloVerifyRequest hvr = HelloVerifyRequest.decode(record.rest());
        assertEquals(DTLS_1_0, hvr.serverVersion());
        assertEquals(CookieExchange.COOKIE_LENGTH, hvr.cookie().length);
        assertTrue(verify.datagram().length <= datagram.length);
        assertEquals(1, exchange.counters().verifies());
        assertEquals(0, exchange.counters().badCookies());
    }

    @Test
    void goodCookieIsAcceptedWithTheMessageAsReceived() {
        ClientHello withCookie = hello().withCookie(cookieFor(hello(), PEER, 0));
        byte[] datagram = clientHello(withCookie, 1, 1);
        CookieExchange.Accept accept = assertInstanceOf(CookieExchange.Accept.class, check(datagram, PEER, 1));
        assertEquals(withCookie, accept.hello());
        assertEquals(1, accept.messageSeq());
        assertEquals(1, accept.recordSequence());
        assertArrayEquals(Arrays.copyOfRange(datagram, 13, datagram.length), accept.handshakeMessage());
        assertEquals(1, exchange.counters().accepts());
    }

    @Test
    void realOpenSslClientHelloGetsVerifiedThenAccepted() throws DecodeException {
        byte[] first = OpenSslCapture.find(OpenSslCapture.load(OpenSslCapture.ECDHE_ECDSA), true,
                HandshakeType.CLIENT_HELLO, 0).datagram();
        CookieExchange.Verify verify = assertInstanceOf(CookieExchange.Verify.class, check(first, PEER, 0));
        assertTrue(verify.datagram().length < first.length);
        ClientHello h = ClientHello.decode(Arrays.copyOfRange(first, 25, first.length)).withCookie(cookieOf(verify));
        CookieExchange.Accept accept = assertInstanceOf(CookieExchange.Accept.class, check(clientHello(h, 1, 1), PEER, 0));
        assertEquals("example.com", new String(accept.hello().extensions().find(0).orElseThrow().data(), 5, 11,
                java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void badCookieIsAnsweredAgain() {
        byte[] cookie = cookieFor(hello(), PEER, 0);
        cookie[7] ^= 1;
        assertInstanceOf(CookieExchange.Verify.class, check(clientHello(hello().withCookie(cookie), 1, 1), PEER, 0));
        assertInstanceOf(CookieExchange.Verify.class,
                check(clientHello(hello().withCookie(Arrays.copyOf(cookie, 31)), 1, 1), PEER, 0));
        assertEquals(3, exchange.counters().verifies());
        assertEquals(2, exchange.counters().badCookies());
        assertEquals(0, exchange.counters().accepts());
    }

    @Test
    void cookieIsBoundToAddressAndPort() {
        ClientHello withCookie = hello().withCookie(cookieFor(hello(), PEER, 0));
        byte[] datagram = clientHello(withCookie, 1, 1);
        assertInstanceOf(CookieExchange.Verify.class, check(datagram, peer(new byte[] {127, 0, 0, 2}, 40000), 0));
        assertInstanceOf(CookieExchange.Verify.class, check(datagram, peer(new byte[] {127, 0, 0, 1}, 40001), 0));
        byte[] v6 = new byte[16];
        v6[15] = 1;
        assertInstanceOf(CookieExchange.Verify.class, check(datagram, peer(v6, 40000), 0));
        assertInstanceOf(CookieExchange.Accept.class, check(datagram, PEER, 0));
    }

    @Test
    void cookieIsBoundToTheFieldsThatMustNotChange() {
        ClientHello h = hello();
        byte[] cookie = cookieFor(h, PEER, 0);
        byte[] otherRandom = h.random();
        otherRandom[31] ^= 1;
        List<ClientHello> changed = List.of(
                new ClientHello(0xFEFF, h.random(), h.sessionId(), cookie, h.cipherSuites(), h.compressionMethods(), h.extensions()),
                new ClientHello(0xFEFD, otherRandom, h.sessionId(), cookie, h.cipherSuites(), h.compressionMethods(), h.extensions()),
                new ClientHello(0xFEFD, h.random(), new byte[] {1}, cookie, h.cipherSuites(), h.compressionMethods(), h.extensions()),
                new ClientHello(0xFEFD, h.random(), h.sessionId(), cookie, List.of(0xC02B), h.compressionMethods(), h.extensions()),
                new ClientHello(0xFEFD, h.random(), h.sessionId(), cookie, List.of(0xC02F, 0xC02B), h.compressionMethods(), h.extensions()),
                new ClientHello(0xFEFD, h.random(), h.sessionId(), cookie, h.cipherSuites(), List.of(0, 1), h.extensions()));
        for (ClientHello c : changed) {
            assertInstanceOf(CookieExchange.Verify.class, check(clientHello(c, 1, 1), PEER, 0), c.toString());
        }
        // extensions are deliberately not covered: some clients change them in the second hello
        ClientHello otherExtensions = new ClientHello(0xFEFD, h.random(), h.sessionId(), cookie, h.cipherSuites(),
                h.compressionMethods(), Extensions.EMPTY);
        assertInstanceOf(CookieExchange.Accept.class, check(clientHello(otherExtensions, 1, 1), PEER, 0));
    }

    @Test
    void previousSecretIsAcceptedAndTheOneBeforeIsNot() {
        byte[] cookie = cookieFor(hello(), PEER, 0);                  // period 0
        byte[] datagram = clientHello(hello().withCookie(cookie), 1, 1);
        assertInstanceOf(CookieExchange.Accept.class, check(datagram, PEER, P - 1));        // same period
        assertInstanceOf(CookieExchange.Accept.class, check(datagram, PEER, P));            // period 1: previous
        byte[] newer = cookieFor(hello(), PEER, P + 5);               // made in period 1
        assertInstanceOf(CookieExchange.Verify.class, check(datagram, PEER, 2 * P));        // period 2: too old
        assertInstanceOf(CookieExchange.Accept.class, check(clientHello(hello().withCookie(newer), 1, 1), PEER, 2 * P));
    }

    @Test
    void afterAQuietGapOldCookiesExpire() {
        byte[] cookie = cookieFor(hello(), PEER, 0);
        // nothing checked during period 1: in period 2 the period-0 secret is two periods old
        assertInstanceOf(CookieExchange.Verify.class, check(clientHello(hello().withCookie(cookie), 1, 1), PEER, 2 * P));
    }

    @Test
    void clockReadingsSlightlyBehindDoNotRotateBack() {
        byte[] cookie = cookieFor(hello(), PEER, P);                  // period 1
        assertInstanceOf(CookieExchange.Accept.class, check(clientHello(hello().withCookie(cookie), 1, 1), PEER, P - 1));
    }

    @Test
    void fragmentedClientHelloIsDropped() {
        byte[] body = hello().encode();
        assertEquals(DropReason.FRAGMENTED, dropped(record(HANDSHAKE, DTLS_1_0, 0, 0, handshake(1, body, 0, 0, 20))));
        assertEquals(DropReason.FRAGMENTED,
                dropped(record(HANDSHAKE, DTLS_1_0, 0, 0, handshake(1, body, 0, 20, body.length - 20))));
        assertEquals(1 + 1, exchange.counters().drops(DropReason.FRAGMENTED));
    }

    @Test
    void truncatedHeadersAreDropped() {
        byte[] datagram = clientHello(hello(), 0, 0);
        for (int len = 0; len < 13; len++) {
            assertEquals(DropReason.TRUNCATED_RECORD_HEADER, dropped(Arrays.copyOf(datagram, len)));
        }
        for (int len = 13; len < 25; len++) {
            // the record length field still claims the whole hello
            assertEquals(DropReason.TRUNCATED_RECORD, dropped(Arrays.copyOf(datagram, len)));
        }
        for (int fragment = 0; fragment < 12; fragment++) {
            byte[] shortRecord = record(HANDSHAKE, DTLS_1_0, 0, 0, Arrays.copyOfRange(datagram, 13, 13 + fragment));
            assertEquals(DropReason.TRUNCATED_HANDSHAKE_HEADER, dropped(shortRecord));
        }
        assertEquals(DropReason.TRUNCATED_RECORD, dropped(Arrays.copyOf(datagram, datagram.length - 1)));
    }

    @Test
    void nonZeroEpochIsDropped() {
        byte[] hs = Arrays.copyOfRange(clientHello(hello(), 0, 0), 13, clientHello(hello(), 0, 0).length);
        assertEquals(DropReason.NONZERO_EPOCH, dropped(record(HANDSHAKE, DTLS_1_0, 1, 0, hs)));
    }

    @Test
    void otherShapesAreDroppedWithTheirReason() {
        byte[] body = hello().encode();
        byte[] hs = handshake(1, body, 0, 0, body.length);
        assertEquals(DropReason.NOT_HANDSHAKE, dropped(record(23, DTLS_1_0, 0, 0, hs)));
        assertEquals(DropReason.BAD_VERSION, dropped(record(HANDSHAKE, 0x0303, 0, 0, hs)));
        assertEquals(DropReason.NOT_CLIENT_HELLO, dropped(record(HANDSHAKE, DTLS_1_0, 0, 0, handshake(2, body, 0, 0, body.length))));
        assertEquals(DropReason.MALFORMED_CLIENT_HELLO, dropped(record(HANDSHAKE, DTLS_1_0, 0, 0, concat(hs, new byte[1]))));
        byte[] badBody = body.clone();
        badBody[34 + 1 + 1] = (byte) 0xFF;                            // cipher_suites length far too long
        assertEquals(DropReason.MALFORMED_CLIENT_HELLO,
                dropped(record(HANDSHAKE, DTLS_1_0, 0, 0, handshake(1, badBody, 0, 0, badBody.length))));
        ClientHello tls = new ClientHello(0x0303, hello().random(), new byte[0], new byte[0], List.of(0xC02B), List.of(0),
                Extensions.EMPTY);
        assertEquals(DropReason.BAD_VERSION, dropped(clientHello(tls, 0, 0)));
        assertEquals(6, exchange.counters().drops());
        assertEquals(0, exchange.counters().verifies());
    }

    /** Hellos the full decoder rejects are dropped as before, though no hello is decoded before its cookie. */
    @Test
    void malformedBodiesAreDroppedWithoutAnAnswer() {
        ClientHello h = hello();
        byte[] twice = new ByteWriter().bytes(new ClientHello(0xFEFD, h.random(), h.sessionId(), h.cookie(),
                h.cipherSuites(), h.compressionMethods(), Extensions.EMPTY).encode())
                .lengthPrefixed16(block -> block.u16(23).u16(0).u16(23).u16(0)).toByteArray();
        byte[] noNullCompression = new ByteWriter().u16(0xFEFD).bytes(h.random()).u8(0).u8(0).u16(2).u16(0xC02B)
                .u8(1).u8(1).toByteArray();
        byte[] oddSuites = new ByteWriter().u16(0xFEFD).bytes(h.random()).u8(0).u8(0).u16(3).u16(0xC02B).u8(0)
                .u8(1).u8(0).toByteArray();
        byte[] longSessionId = new ByteWriter().u16(0xFEFD).bytes(h.random()).opaque8(new byte[33]).u8(0).u16(2)
                .u16(0xC02B).u8(1).u8(0).toByteArray();
        for (byte[] body : List.of(twice, noNullCompression, oddSuites, longSessionId)) {
            byte[] datagram = record(HANDSHAKE, DTLS_1_0, 0, 0, handshake(1, body, 0, 0, body.length));
            assertEquals(DropReason.MALFORMED_CLIENT_HELLO, dropped(datagram));
        }
        assertEquals(0, exchange.counters().verifies());
    }

    /** Two threads at once: each cookie is right whichever thread made it and on whichever {@code Mac}. */
    @Test
    void concurrentChecksMakeGoodCookies() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int port = 41000 + t * 1000;
                results.add(pool.submit(() -> {
                    int accepted = 0;
                    for (int i = 0; i < 500; i++) {
                        InetSocketAddress peer = peer(new byte[] {127, 0, 0, 1}, port + i);
                        ClientHello withCookie = hello().withCookie(cookieFor(hello(), peer, 0));
                        if (check(clientHello(withCookie, 1, 1), peer, 0) instanceof CookieExchange.Accept) {
                            accepted++;
                        }
                    }
                    return accepted;
                }));
            }
            for (Future<Integer> r : results) {
                assertEquals(500, r.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void onlyTheFirstRecordCounts() {
        byte[] two = concat(clientHello(hello(), 0, 0), new byte[] {23, (byte) 0xFE, (byte) 0xFD, 0, 1});
        assertInstanceOf(CookieExchange.Verify.class, check(two, PEER, 0));
    }

    @Test
    void readsTheDatagramAtItsOffset() {
        byte[] datagram = clientHello(hello().withCookie(cookieFor(hello(), PEER, 0)), 1, 1);
        byte[] buffer = concat(concat(new byte[7], datagram), new byte[9]);
        assertInstanceOf(CookieExchange.Accept.class, exchange.check(buffer, 7, datagram.length, PEER, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> exchange.check(buffer, 7, buffer.length, PEER, 0));
    }

    @Test
    void unresolvedPeerIsDropped() {
        InetSocketAddress unresolved = InetSocketAddress.createUnresolved("peer.invalid", 5684);
        byte[] datagram = clientHello(hello(), 0, 0);
        CookieExchange.Drop drop = assertInstanceOf(CookieExchange.Drop.class,
                exchange.check(datagram, 0, datagram.length, unresolved, 0));
        assertEquals(DropReason.BAD_PEER_ADDRESS, drop.kind());
    }

    @Test
    void rotationPeriodMustBePositive() {
        assertThrows(IllegalArgumentException.class,
                () -> new CookieExchange(new SecureRandom(), Duration.ZERO, JcaProviders.defaults()));
    }

    @Test
    void countersReadable() {
        check(clientHello(hello(), 0, 0), PEER, 0);
        check(new byte[3], PEER, 0);
        assertEquals("CookieCounters[verifies=1, badCookies=0, accepts=0, truncated_record_header=1]",
                exchange.counters().toString());
    }
}
