package org.dtls4j.handshake.cookieattack;

import static org.dtls4j.handshake.cookieattack.Wire.APPLICATION_DATA;
import static org.dtls4j.handshake.cookieattack.Wire.CLIENT_HELLO;
import static org.dtls4j.handshake.cookieattack.Wire.DTLS_1_0;
import static org.dtls4j.handshake.cookieattack.Wire.DTLS_1_2;
import static org.dtls4j.handshake.cookieattack.Wire.HANDSHAKE;
import static org.dtls4j.handshake.cookieattack.Wire.HELLO_VERIFY_REQUEST;
import static org.dtls4j.handshake.cookieattack.Wire.concat;
import static org.dtls4j.handshake.cookieattack.Wire.datagram;
import static org.dtls4j.handshake.cookieattack.Wire.handshake;
import static org.dtls4j.handshake.cookieattack.Wire.record;
import static org.dtls4j.handshake.cookieattack.Wire.whole;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.DecodeException;
import org.dtls4j.crypto.JcaProviders;
import org.dtls4j.handshake.DeterministicRandom;
import org.dtls4j.handshake.cookie.CookieExchange;
import org.dtls4j.handshake.cookie.DropReason;
import org.dtls4j.handshake.message.ClientHello;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * First datagrams from an address the server holds nothing for, each with the answer RFC 6347
 * §4.2.1 calls for: a HelloVerifyRequest (verify), nothing (drop), or a new connection (accept).
 * The table follows the idea of OpenSSL's {@code test/dtlsv1listentest.c}: one named datagram per
 * row, the expected outcome beside it, and every outcome counted where the operator can see it.
 *
 * <p>The cookie package's own tests already cover the cookie-less hello, a flipped or shortened
 * cookie, the binding to address, port, IPv6, client_version, random, session_id, suite list,
 * suite order and compression methods, secret rotation, truncated headers and the simpler
 * malformed shapes. The rows here add what an attacker tries next: cookies of the wrong length or
 * from another server, valid cookies inside malformed or fragmented records, resumption
 * attempts, reflection of the server's own answer, and the header fields that are deliberately
 * not bound.
 */
class CookieVectorsTest {
    static final InetSocketAddress PEER = Wire.loopback(40_000);
    static final Duration PERIOD = Duration.ofSeconds(30);

    enum Expect { VERIFY, ACCEPT, DROP }

    /** What one row sends, and from where. */
    record Shot(byte[] datagram, InetSocketAddress from) {
        Shot(byte[] datagram) {
            this(datagram, PEER);
        }
    }

    /** A fresh exchange, the base hello and the valid cookie it earned at {@link #PEER}. */
    record Fixture(CookieExchange exchange, ClientHello hello, byte[] cookie) {
        ClientHello withCookie() {
            return hello.withCookie(cookie);
        }

        static Fixture create() {
            CookieExchange exchange = new CookieExchange(new DeterministicRandom(6347), PERIOD, JcaProviders.defaults());
            ClientHello hello = Wire.hello(7);
            return new Fixture(exchange, hello, earn(exchange, hello, PEER));
        }
    }

    record Vector(Expect expect, DropReason reason, Function<Fixture, Shot> shot) {
    }

    static byte[] earn(CookieExchange exchange, ClientHello hello, InetSocketAddress from) {
        byte[] d = datagram(hello);
        return Wire.cookieOf(assertInstanceOf(CookieExchange.Verify.class, exchange.check(d, 0, d.length, from, 0)));
    }

    static ClientHello with(ClientHello h, byte[] sessionId, List<Integer> suites, byte[] cookie) {
        return new ClientHello(h.clientVersion(), h.random(), sessionId, cookie, suites, h.compressionMethods(),
                h.extensions());
    }

    static Named<Vector> row(String name, Expect expect, DropReason reason, Function<Fixture, Shot> shot) {
        return Named.of(name, new Vector(expect, reason, shot));
    }

    static Stream<Named<Vector>> vectors() {
        List<Named<Vector>> rows = new ArrayList<>();
        // --- cookies that are not ours
        rows.add(row("cookie of one zero byte", Expect.VERIFY, null,
                f -> new Shot(datagram(f.hello().withCookie(new byte[1])))));
        rows.add(row("valid cookie with one byte appended", Expect.VERIFY, null,
                f -> new Shot(datagram(f.hello().withCookie(concat(f.cookie(), new byte[] {0}))))));
        rows.add(row("cookie of the maximum 255 bytes", Expect.VERIFY, null,
                f -> new Shot(datagram(f.hello().withCookie(filled(255, 0x5A))))));
        rows.add(row("cookie made by another server's secret", Expect.VERIFY, null, f -> {
            CookieExchange other = new CookieExchange(new DeterministicRandom(4347), PERIOD, JcaProviders.defaults());
            return new Shot(datagram(f.hello().withCookie(earn(other, f.hello(), PEER))));
        }));
        rows.add(row("valid cookie, cipher suites with the renegotiation SCSV appended", Expect.VERIFY, null, f -> {
            List<Integer> suites = new ArrayList<>(f.hello().cipherSuites());
            suites.add(0x00FF);
            return new Shot(datagram(with(f.hello(), f.hello().sessionId(), suites, f.cookie())));
        }));
        rows.add(row("valid cookie, a random session_id (resumption of an unknown session)", Expect.VERIFY, null,
                f -> new Shot(datagram(with(f.hello(), filled(32, 0x33), f.hello().cipherSuites(), f.cookie())))));
        // --- header fields that are deliberately not bound: the same client may change them
        rows.add(row("valid cookie", Expect.ACCEPT, null, f -> new Shot(datagram(f.withCookie()))));
        rows.add(row("valid cookie in a DTLS 1.2 record (first hello used DTLS 1.0)", Expect.ACCEPT, null,
                f -> new Shot(datagram(f.withCookie(), DTLS_1_2, 1, 1))));
        rows.add(row("valid cookie, record sequence 2^48-1 and message_seq 65535", Expect.ACCEPT, null,
                f -> new Shot(datagram(f.withCookie(), DTLS_1_0, 0xFFFF_FFFF_FFFFL, 0xFFFF))));
        rows.add(row("valid cookie from the IPv4-mapped IPv6 form of the same address", Expect.ACCEPT, null,
                f -> new Shot(datagram(f.withCookie()),
                        Wire.peer(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 127, 0, 0, 1}, 40_000))));
        rows.add(row("valid cookie followed by a second record", Expect.ACCEPT, null,
                f -> new Shot(concat(datagram(f.withCookie()), record(APPLICATION_DATA, DTLS_1_2, 1, 0, new byte[40])))));
        rows.add(row("resumption attempt: random session_id with the cookie it earned", Expect.ACCEPT, null, f -> {
            ClientHello resume = with(f.hello(), filled(32, 0x44), f.hello().cipherSuites(), new byte[0]);
            return new Shot(datagram(resume.withCookie(earn(f.exchange(), resume, PEER))));
        }));
        // --- a valid cookie does not excuse a malformed or fragmented record
        rows.add(row("valid cookie, ClientHello fragment 0 of 2", Expect.DROP, DropReason.FRAGMENTED, f -> {
            byte[] body = f.withCookie().encode();
            return new Shot(record(HANDSHAKE, DTLS_1_0, 0, 1,
                    handshake(CLIENT_HELLO, body.length, 1, 0, 40, Arrays.copyOf(body, 40))));
        }));
        rows.add(row("valid cookie, both fragments in two records of one datagram", Expect.DROP,
                DropReason.FRAGMENTED, f -> {
                    byte[] body = f.withCookie().encode();
                    byte[] first = record(HANDSHAKE, DTLS_1_0, 0, 1,
                            handshake(CLIENT_HELLO, body.length, 1, 0, 40, Arrays.copyOf(body, 40)));
                    byte[] second = record(HANDSHAKE, DTLS_1_0, 0, 2, handshake(CLIENT_HELLO, body.length, 1, 40,
                            body.length - 40, Arrays.copyOfRange(body, 40, body.length)));
                    return new Shot(concat(first, second));
                }));
        rows.add(row("valid cookie, fragment_length and length claim one byte more than sent", Expect.DROP,
                DropReason.MALFORMED_CLIENT_HELLO, f -> {
                    byte[] body = f.withCookie().encode();
                    return new Shot(record(HANDSHAKE, DTLS_1_0, 0, 1,
                            handshake(CLIENT_HELLO, body.length + 1, 1, 0, body.length + 1, body)));
                }));
        rows.add(row("valid cookie, length 2^24-1 on a short body", Expect.DROP, DropReason.MALFORMED_CLIENT_HELLO,
                f -> {
                    byte[] body = f.withCookie().encode();
                    return new Shot(record(HANDSHAKE, DTLS_1_0, 0, 1,
                            handshake(CLIENT_HELLO, 0xFF_FFFF, 1, 0, 0xFF_FFFF, body)));
                }));
        rows.add(row("valid cookie, record length one byte short of the message", Expect.DROP,
                DropReason.MALFORMED_CLIENT_HELLO, f -> {
                    byte[] d = datagram(f.withCookie());
                    int length = ((d[11] & 0xFF) << 8 | (d[12] & 0xFF)) - 1;
                    d[11] = (byte) (length >>> 8);
                    d[12] = (byte) length;
                    return new Shot(d);
                }));
        rows.add(row("valid cookie in epoch 1", Expect.DROP, DropReason.NONZERO_EPOCH,
                f -> new Shot(record(HANDSHAKE, DTLS_1_2, 1, 1, whole(CLIENT_HELLO, 1, f.withCookie().encode())))));
        rows.add(row("valid cookie behind a leading application_data record", Expect.DROP, DropReason.NOT_HANDSHAKE,
                f -> new Shot(concat(record(APPLICATION_DATA, DTLS_1_2, 0, 0, new byte[8]), datagram(f.withCookie())))));
        rows.add(row("valid cookie with a trailing byte inside the ClientHello", Expect.DROP,
                DropReason.MALFORMED_CLIENT_HELLO, f -> {
                    byte[] body = concat(f.withCookie().encode(), new byte[] {0});
                    return new Shot(record(HANDSHAKE, DTLS_1_0, 0, 1, whole(CLIENT_HELLO, 1, body)));
                }));
        rows.add(row("valid cookie, record version TLS 1.2 (0x0303)", Expect.DROP, DropReason.BAD_VERSION,
                f -> new Shot(datagram(f.withCookie(), 0x0303, 1, 1))));
        // --- other first datagrams
        rows.add(row("the server's own HelloVerifyRequest reflected back", Expect.DROP, DropReason.NOT_CLIENT_HELLO,
                f -> {
                    byte[] d = datagram(f.hello());
                    return new Shot(assertInstanceOf(CookieExchange.Verify.class,
                            f.exchange().check(d, 0, d.length, PEER, 0)).datagram());
                }));
        rows.add(row("ClientHello padded with 1,200 zero bytes after its record", Expect.VERIFY, null,
                f -> new Shot(concat(datagram(f.hello()), new byte[1200]))));
        rows.add(row("ClientHello whose cipher_suites vector is empty", Expect.DROP, DropReason.MALFORMED_CLIENT_HELLO,
                f -> new Shot(record(HANDSHAKE, DTLS_1_0, 0, 0, whole(CLIENT_HELLO, 0, emptySuites(f.hello()))))));
        rows.add(row("ClientHello of client_version DTLS 1.0, then its cookie", Expect.ACCEPT, null, f -> {
            ClientHello h = new ClientHello(DTLS_1_0, f.hello().random(), new byte[0], new byte[0],
                    f.hello().cipherSuites(), f.hello().compressionMethods(), f.hello().extensions());
            return new Shot(datagram(h.withCookie(earn(f.exchange(), h, PEER))));
        }));
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void eachFirstDatagramGetsItsAnswer(Vector v) throws DecodeException {
        Fixture f = Fixture.create();
        Shot shot = v.shot().apply(f);
        long verifies = f.exchange().counters().verifies();
        long accepts = f.exchange().counters().accepts();
        long drops = f.exchange().counters().drops();
        CookieExchange.Result r = f.exchange().check(shot.datagram(), 0, shot.datagram().length, shot.from(), 0);
        switch (v.expect()) {
            case VERIFY -> {
                CookieExchange.Verify verify = assertInstanceOf(CookieExchange.Verify.class, r);
                assertTrue(verify.datagram().length <= shot.datagram().length,
                        verify.datagram().length + " bytes answer " + shot.datagram().length);
                assertEchoesSequenceNumbers(shot.datagram(), verify.datagram());
                assertEquals(verifies + 1, f.exchange().counters().verifies());
            }
            case ACCEPT -> {
                assertInstanceOf(CookieExchange.Accept.class, r);
                assertEquals(accepts + 1, f.exchange().counters().accepts());
            }
            case DROP -> {
                CookieExchange.Drop drop = assertInstanceOf(CookieExchange.Drop.class, r);
                assertEquals(v.reason(), drop.kind(), drop.reason());
                assertEquals(drops + 1, f.exchange().counters().drops());
                assertEquals(1, f.exchange().counters().drops(v.reason()));
            }
            default -> throw new AssertionError(v.expect());
        }
    }

    /** RFC 6347 §4.2.1 as OpenSSL's DTLSv1_listen does it: the answer repeats the hello's numbers. */
    private static void assertEchoesSequenceNumbers(byte[] hello, byte[] answer) throws DecodeException {
        ByteReader in = new ByteReader(hello);
        ByteReader out = new ByteReader(answer);
        assertEquals(HANDSHAKE, out.u8());
        in.u8();
        in.u16();
        out.u16();
        assertEquals(0, out.u16());
        in.u16();
        assertEquals(in.u48(), out.u48(), "record sequence number");
        ByteReader outRecord = out.sub16();
        out.expectEmpty("HelloVerifyRequest datagram");
        in.u16();
        assertEquals(HELLO_VERIFY_REQUEST, outRecord.u8());
        in.u8();
        outRecord.u24();
        in.u24();
        assertEquals(in.u16(), outRecord.u16(), "message_seq");
    }

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    /** The body of {@code h} with its cipher_suites vector cut to length 0 (the constructor forbids it). */
    private static byte[] emptySuites(ClientHello h) {
        byte[] body = h.encode();
        int suitesAt = 2 + 32 + 1 + h.sessionId().length + 1 + h.cookie().length;
        int suitesLength = (body[suitesAt] & 0xFF) << 8 | (body[suitesAt + 1] & 0xFF);
        byte[] out = concat(Arrays.copyOf(body, suitesAt), new byte[2],
                Arrays.copyOfRange(body, suitesAt + 2 + suitesLength, body.length));
        return out;
    }
}
