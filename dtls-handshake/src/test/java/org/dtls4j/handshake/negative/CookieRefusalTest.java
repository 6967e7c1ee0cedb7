package org.dtls4j.handshake.negative;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.DecodeException;
import org.dtls4j.handshake.DeterministicRandom;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.TestPeers;
import org.dtls4j.handshake.TestPeers.Auth;
import org.dtls4j.handshake.fragment.HandshakeFragment;
import org.dtls4j.handshake.message.ClientHello;
import org.dtls4j.handshake.message.HandshakeType;
import org.dtls4j.handshake.message.HelloVerifyRequest;
import org.dtls4j.handshake.sim.CookieServer;
import org.junit.jupiter.api.Test;

/**
 * The server side of the cookie exchange (RFC 6347 §4.2.1) as a transport runs it: a ClientHello
 * with a wrong, stale or borrowed cookie is answered like one without a cookie ("If a server
 * receives a ClientHello with an invalid cookie, it SHOULD treat it the same as a ClientHello with
 * no cookie"), with a fresh HelloVerifyRequest and no connection state; only a valid cookie
 * creates an engine. (The statelessness and amplification bounds have their own tests.)
 */
class CookieRefusalTest {
    private static final long SECOND = 1_000_000_000L;

    private final CookieServer server = new CookieServer(TestPeers.server(Peers.ECDSA, Auth.SERVER).build(), new DeterministicRandom(7));
    private final ScriptedClient client = new ScriptedClient(null, new DeterministicRandom(8), Peers.ECDSA);

    /** Sends {@code hello}; returns the cookie of the HelloVerifyRequest that answers it, or null for any other answer. */
    private byte[] offer(ClientHello hello, long now) {
        server.receive(client.clientHello(hello), now);
        ByteBuffer answer = server.pollDatagram();
        return answer == null ? null : cookieOf(answer);
    }

    private static byte[] cookieOf(ByteBuffer datagram) {
        byte[] d = new byte[datagram.remaining()];
        datagram.get(d);
        try {
            HandshakeFragment f = HandshakeFragment.decode(new ByteReader(d, 13, d.length - 13));
            return f.msgType() == HandshakeType.HELLO_VERIFY_REQUEST.code() ? HelloVerifyRequest.decode(f.body()).cookie() : null;
        } catch (DecodeException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aValidCookieCreatesTheEngine() {
        byte[] cookie = offer(client.hello(), 0);
        assertNotNull(cookie);
        assertNull(offer(client.hello().withCookie(cookie), SECOND));
        assertNotNull(server.engine());
        assertEquals(EngineState.HANDSHAKING, server.engine().state());
    }

    @Test
    void aWrongCookieGetsAFreshHelloVerifyRequestAndNoState() {
        byte[] cookie = offer(client.hello(), 0);
        byte[] wrong = cookie.clone();
        wrong[0] ^= 1;
        byte[] again = offer(client.hello().withCookie(wrong), SECOND);
        assertArrayEquals(cookie, again, "the same fresh cookie, as for a hello without one");
        assertNull(server.engine());
    }

    /** Secrets rotate every 30 s and the previous one stays valid: a cookie lives 30 to 60 s. */
    @Test
    void aStaleCookieGetsAFreshHelloVerifyRequestAndNoState() {
        byte[] cookie = offer(client.hello(), 0);
        byte[] fresh = offer(client.hello().withCookie(cookie), 61 * SECOND);
        assertNotNull(fresh, "two rotations later the cookie is refused");
        assertNull(server.engine());
        assertNull(offer(client.hello().withCookie(fresh), 62 * SECOND));
        assertNotNull(server.engine());
    }

    /** The cookie binds the hello's fields (RFC 6347 §4.2.1): another client_random cannot borrow it. */
    @Test
    void aCookieBorrowedByAnotherHelloIsRefused() {
        byte[] cookie = offer(client.hello(), 0);
        ClientHello other = new ScriptedClient(null, new DeterministicRandom(9), Peers.ECDSA).hello().withCookie(cookie);
        assertNotNull(offer(other, SECOND));
        assertNull(server.engine());
    }
}
