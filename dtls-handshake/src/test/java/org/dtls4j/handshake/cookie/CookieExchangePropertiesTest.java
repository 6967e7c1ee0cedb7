package org.dtls4j.handshake.cookie;

import static org.dtls4j.handshake.cookie.Datagrams.clientHello;
import static org.dtls4j.handshake.cookie.Datagrams.cookieOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.dtls4j.crypto.JcaProviders;
import org.dtls4j.handshake.message.ClientHello;
import org.dtls4j.handshake.message.MessageArbitraries;

/** Properties of the cookie exchange over random hellos and random bytes. */
class CookieExchangePropertiesTest {
    final CookieExchange exchange = new CookieExchange(new SecureRandom(), CookieExchangeTest.PERIOD,
            JcaProviders.defaults());

    /** RFC 6347 §4.2.1 amplification: the answer is never larger than the ClientHello. */
    @Property
    void helloVerifyRequestIsNeverLargerThanTheClientHello(@ForAll("firstHellos") ClientHello h,
            @ForAll @IntRange(max = 0xFFFF) int messageSeq, @ForAll @LongRange(max = 0xFFFF_FFFF_FFFFL) long recordSeq) {
        byte[] datagram = clientHello(h, messageSeq, recordSeq);
        CookieExchange.Verify v = assertInstanceOf(CookieExchange.Verify.class,
                exchange.check(datagram, 0, datagram.length, CookieExchangeTest.PEER, 0));
        assertTrue(v.datagram().length <= datagram.length, v.datagram().length + " > " + datagram.length);
    }

    /** Any hello that echoes its cookie is accepted, with its own sequence numbers. */
    @Property
    void echoedCookieIsAccepted(@ForAll("firstHellos") ClientHello h, @ForAll @IntRange(max = 0xFFFF) int messageSeq,
                                @ForAll @LongRange(max = 0xFFFF_FFFF_FFFFL) long recordSeq) {
        byte[] first = clientHello(h, 0, 0);
        byte[] cookie = cookieOf(assertInstanceOf(CookieExchange.Verify.class,
                exchange.check(first, 0, first.length, CookieExchangeTest.PEER, 0)));
        byte[] second = clientHello(h.withCookie(cookie), messageSeq, recordSeq);
        CookieExchange.Accept a = assertInstanceOf(CookieExchange.Accept.class,
                exchange.check(second, 0, second.length, CookieExchangeTest.PEER, 0));
        assertEquals(messageSeq, a.messageSeq());
        assertEquals(recordSeq, a.recordSequence());
    }

    /** Garbage is dropped, never answered, and never throws. */
    @Property(tries = 1000)
    void randomBytesAreDropped(@ForAll byte[] datagram, @ForAll long now) {
        assertInstanceOf(CookieExchange.Drop.class,
                exchange.check(datagram, 0, datagram.length, CookieExchangeTest.PEER, now));
    }

    /** Nearly valid datagrams (one byte of a real ClientHello datagram changed) never throw either. */
    @Property(tries = 1000)
    void mutatedClientHellosNeverThrow(@ForAll("firstHellos") ClientHello h, @ForAll int index, @ForAll byte value) {
        byte[] datagram = clientHello(h, 0, 0);
        datagram[Math.floorMod(index, datagram.length)] = value;
        assertNotNull(exchange.check(datagram, 0, datagram.length, CookieExchangeTest.PEER, 0));
    }

    @Provide
    Arbitrary<ClientHello> firstHellos() {
        // a DTLS client_version (0xFExx) and no cookie yet
        return MessageArbitraries.clientHello().map(h -> new ClientHello(0xFE00 | (h.clientVersion() & 0xFF),
                h.random(), h.sessionId(), new byte[0], h.cipherSuites(), h.compressionMethods(), h.extensions()));
    }
}
