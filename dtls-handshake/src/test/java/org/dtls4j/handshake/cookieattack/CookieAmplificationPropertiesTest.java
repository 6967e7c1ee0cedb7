package org.dtls4j.handshake.cookieattack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.DecodeException;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.crypto.JcaProviders;
import org.dtls4j.handshake.DeterministicRandom;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.TestPeers;
import org.dtls4j.handshake.cookie.CookieExchange;
import org.dtls4j.handshake.message.ClientHello;
import org.dtls4j.handshake.message.MessageArbitraries;

/**
 * RFC 6347 §4.2.1: "An attacker can use the server as an amplifier by sending connection initiation
 * messages with a forged source of the victim." Before a cookie has verified, the server may send
 * no more bytes than it received, whatever it received, and what it sends is a HelloVerifyRequest
 * and nothing else (no certificate ever goes to an unverified address).
 *
 * <p>Inputs: ClientHellos made by our client engine (PSK, certificate, every suite), the same with a
 * random session_id (a resumption attempt with a session the server never issued), and random
 * well-formed hellos; each cut, extended, bit-flipped, spliced and with its length fields poked.
 */
class CookieAmplificationPropertiesTest {
    private static final List<byte[]> ENGINE_HELLOS = engineHellos();
    private final CookieExchange exchange = new CookieExchange(new SecureRandom(), Duration.ofSeconds(30),
            JcaProviders.defaults());

    @Property(tries = 1500)
    void beforeTheCookieTheAnswerIsNeverLargerThanTheQuestion(@ForAll("hellos") byte[] base, @ForAll("hellos") byte[] other,
                                                              @ForAll @IntRange(max = 6) int rounds,
                                                              @ForAll @IntRange(min = 1, max = 6) int datagrams,
                                                              @ForAll long seed) throws DecodeException {
        Random random = new Random(seed);
        long in = 0;
        long out = 0;
        for (int i = 0; i < datagrams; i++) {
            byte[] d = Mutator.mutate(base, other, rounds, random);
            InetSocketAddress from = Wire.loopback(1024 + random.nextInt(60_000));
            CookieExchange.Result r = exchange.check(d, 0, d.length, from, random.nextInt(1_000_000));
            assertFalse(r instanceof CookieExchange.Accept, "accepted without a cookie: " + r);
            in += d.length;
            if (r instanceof CookieExchange.Verify v) {
                byte[] answer = v.datagram();
                assertTrue(answer.length <= d.length, answer.length + " bytes answer " + d.length);
                assertOnlyAHelloVerifyRequest(answer);
                out += answer.length;
            }
        }
        assertTrue(out <= in, out + " bytes out for " + in + " in");
    }

    /** A resumption attempt earns no more than a fresh hello: the same HelloVerifyRequest size. */
    @Property(tries = 200)
    void unknownSessionIdsGetTheSameSmallAnswer(@ForAll("engineHello") byte[] hello,
                                                @ForAll @IntRange(min = 1, max = 32) int sessionIdLength,
                                                @ForAll long seed) throws DecodeException {
        byte[] resume = withRandomSessionId(hello, sessionIdLength, new Random(seed));
        CookieExchange.Verify plain = (CookieExchange.Verify) exchange.check(hello, 0, hello.length, Wire.loopback(5000), 0);
        CookieExchange.Verify resumed = (CookieExchange.Verify) exchange.check(resume, 0, resume.length,
                Wire.loopback(5000), 0);
        assertEquals(plain.datagram().length, resumed.datagram().length);
        assertTrue(resumed.datagram().length < resume.length);
        assertOnlyAHelloVerifyRequest(resumed.datagram());
    }

    @Provide
    Arbitrary<byte[]> engineHello() {
        return Arbitraries.of(ENGINE_HELLOS);
    }

    @Provide
    Arbitrary<byte[]> hellos() {
        Arbitrary<byte[]> engine = Arbitraries.of(ENGINE_HELLOS);
        Arbitrary<byte[]> resumption = Arbitraries.of(ENGINE_HELLOS).flatMap(h -> Arbitraries.longs()
                .map(seed -> withRandomSessionId(h, 32, new Random(seed))));
        Arbitrary<byte[]> generated = MessageArbitraries.clientHello()
                .map(h -> new ClientHello(0xFE00 | (h.clientVersion() & 0xFF), h.random(), h.sessionId(), new byte[0],
                        h.cipherSuites(), h.compressionMethods(), h.extensions()))
                .map(Wire::datagram);
        return Arbitraries.oneOf(engine, resumption, generated);
    }

    /** One record of type handshake, epoch 0, holding exactly one whole HelloVerifyRequest. */
    static void assertOnlyAHelloVerifyRequest(byte[] answer) throws DecodeException {
        ByteReader r = new ByteReader(answer);
        assertEquals(Wire.HANDSHAKE, r.u8());
        r.u16();
        assertEquals(0, r.u16(), "epoch");
        r.u48();
        ByteReader record = r.sub16();
        r.expectEmpty("answer");
        assertEquals(Wire.HELLO_VERIFY_REQUEST, record.u8(), "handshake type");
        int length = record.u24();
        record.u16();
        assertEquals(0, record.u24());
        assertEquals(length, record.u24());
        assertEquals(length, record.remaining());
    }

    private static byte[] withRandomSessionId(byte[] helloDatagram, int length, Random random) {
        try {
            ByteReader r = new ByteReader(helloDatagram);
            r.bytes(Wire.RECORD_HEADER + Wire.HANDSHAKE_HEADER);
            ClientHello h = ClientHello.decode(r);
            byte[] sessionId = new byte[length];
            random.nextBytes(sessionId);
            return Wire.datagram(new ClientHello(h.clientVersion(), h.random(), sessionId, h.cookie(), h.cipherSuites(),
                    h.compressionMethods(), h.extensions()));
        } catch (DecodeException e) {
            throw new AssertionError(e);
        }
    }

    /** First datagrams of our client engine under several configurations. */
    private static List<byte[]> engineHellos() {
        List<DtlsConfig> configs = List.of(
                TestPeers.client(CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256, TestPeers.Auth.SERVER).build(),
                TestPeers.client(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TestPeers.Auth.SERVER).build(),
                DtlsConfig.builder().cipherSuites(List.of(CipherSuite.values())).psk(TestPeers.PSK_IDENTITY,
                        TestPeers.PSK_KEY).serverName("localhost").applicationProtocols("coap", "h3").build());
        List<byte[]> hellos = new ArrayList<>();
        int seed = 0;
        for (DtlsConfig c : configs) {
            for (int i = 0; i < 4; i++) {
                DtlsEngine e = DtlsEngine.client(c, new DeterministicRandom(seed++));
                e.start(0);
                ByteBuffer b = e.pollDatagram();
                byte[] d = new byte[b.remaining()];
                b.get(d);
                hellos.add(d);
            }
        }
        return hellos;
    }
}
