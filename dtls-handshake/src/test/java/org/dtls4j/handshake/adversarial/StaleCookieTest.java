package org.dtls4j.handshake.adversarial;

import static org.dtls4j.handshake.adversarial.Association.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.TestPeers.Auth;
import org.dtls4j.handshake.sim.SimulatedLink.Direction;
import org.junit.jupiter.api.Test;

/**
 * Seen in the loss campaign (family 4, 50 % loss): the ClientHello with the cookie is lost until
 * its cookie has gone stale (the cookie secret rotates every 30 s and the previous one is still
 * accepted, so after 60 s at the latest). The server's stateless cookie exchange then answers the
 * retransmitted ClientHello (message_seq 1) with a fresh HelloVerifyRequest (message_seq 1, echoed
 * as RFC 6347 §4.2.1 describes), and the client must answer it with the new cookie, as OpenSSL's
 * client does (statem_clnt.c accepts a HelloVerifyRequest after any ClientHello of its own).
 */
class StaleCookieTest {
    @Test
    void aFreshHelloVerifyRequestAfterAStaleCookieIsAnswered() {
        Association a = Association.full(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8, Auth.SERVER, 61,
                b -> b.handshakeTimeout(Duration.ofSeconds(200)));
        // The ClientHello with the cookie (client datagram 1) and its retransmissions at 1, 3, 7,
        // 15 and 31 s are lost; the one at 63 s arrives, when its cookie is two periods old.
        a.link.dropRule((d, i, b) -> d == Direction.CLIENT_TO_SERVER && i >= 1 && a.link.now() < 62 * SECOND);
        a.handshake(200 * SECOND, 10_000);
        assertTrue(a.server.helloVerifyRequests() >= 2, "the stale cookie drew a second HelloVerifyRequest");
        a.assertConnected("after a second HelloVerifyRequest");
        assertEquals(2, a.clientKeyLog.size() + a.serverKeyLog.size());
    }
}
