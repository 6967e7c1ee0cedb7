package org.dtls4j.handshake.cookie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import org.dtls4j.crypto.JcaProviders;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.junit.jupiter.api.Test;

/** RFC 6347 §4.2.8 as {@link KnownPeerHello} decides it, on hellos a real client engine writes. */
class KnownPeerHelloTest {
    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 40000);
    private final CookieExchange cookies = new CookieExchange(new SecureRandom(), Duration.ofSeconds(30), JcaProviders.defaults());

    @Test
    void theCookieAndTheClientRandomDecide() {
        byte[] first = firstHello();
        ClientHelloPeek firstPeek = ClientHelloPeek.of(first, 0, first.length);
        assertNotNull(firstPeek);
        CookieExchange.Result noCookie = cookies.check(first, 0, first.length, PEER, 0);
        assertEquals(KnownPeerHello.VERIFY, KnownPeerHello.decide(noCookie, firstPeek, new byte[32]));

        // the same client answers the HelloVerifyRequest: the second hello carries the cookie
        DtlsEngine client = DtlsEngine.client(DtlsConfig.builder().psk("id".getBytes(java.nio.charset.StandardCharsets.US_ASCII), new byte[16]).build(), new SecureRandom());
        client.start(0);
        byte[] hello = bytes(client.pollDatagram());
        client.receive(((CookieExchange.Verify) cookies.check(hello, 0, hello.length, PEER, 0)).datagram(), 0);
        byte[] withCookie = bytes(client.pollDatagram());
        ClientHelloPeek peek = ClientHelloPeek.of(withCookie, 0, withCookie.length);
        assertNotNull(peek);
        CookieExchange.Result accepted = cookies.check(withCookie, 0, withCookie.length, PEER, 0);
        assertEquals(KnownPeerHello.CURRENT_ASSOCIATION, KnownPeerHello.decide(accepted, peek, peek.clientRandom()));
        assertEquals(KnownPeerHello.NEW_ASSOCIATION, KnownPeerHello.decide(accepted, peek, firstPeek.clientRandom()));

        // a cookie made for another address does not verify: answered, the association untouched
        CookieExchange.Result elsewhere = cookies.check(withCookie, 0, withCookie.length,
                new InetSocketAddress("127.0.0.2", 40000), 0);
        assertEquals(KnownPeerHello.VERIFY, KnownPeerHello.decide(elsewhere, peek, firstPeek.clientRandom()));

        // a hello cut short is dropped by the exchange
        CookieExchange.Result cut = cookies.check(withCookie, 0, withCookie.length - 3, PEER, 0);
        assertEquals(KnownPeerHello.DROP, KnownPeerHello.decide(cut, peek, peek.clientRandom()));
    }

    @Test
    void withoutCookiesANewRandomReplacesAtOnce() {
        byte[] a = firstHello();
        byte[] b = firstHello();
        ClientHelloPeek pa = ClientHelloPeek.of(a, 0, a.length);
        ClientHelloPeek pb = ClientHelloPeek.of(b, 0, b.length);
        assertEquals(KnownPeerHello.CURRENT_ASSOCIATION, KnownPeerHello.decideWithoutCookies(pa, pa.clientRandom()));
        assertEquals(KnownPeerHello.NEW_ASSOCIATION, KnownPeerHello.decideWithoutCookies(pb, pa.clientRandom()));
    }

    private static byte[] firstHello() {
        DtlsEngine client = DtlsEngine.client(DtlsConfig.builder().psk("id".getBytes(java.nio.charset.StandardCharsets.US_ASCII), new byte[16]).build(), new SecureRandom());
        client.start(0);
        return bytes(client.pollDatagram());
    }

    private static byte[] bytes(java.nio.ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
