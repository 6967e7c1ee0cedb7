package org.dtls4j.jmh.flood;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded slice of {@link CookieFlood} for the build: both servers started as the harness starts
 * them, one cookie round trip each, one second of hellos at a modest rate each, and the servers'
 * own counters at the end. It asserts what must hold on any machine (every answer is a
 * well-formed HelloVerifyRequest, a returned cookie is accepted, every process is gone at the
 * end), never a speed. Skipped where the C compiler or OpenSSL's headers are missing.
 */
class CookieFloodSmokeTest {
    private static final Duration FLOOD = Duration.ofSeconds(1);
    private static final long RATE = 20_000;

    @TempDir
    Path work;

    @Test
    @Timeout(60)
    void bothServersAnswerCookielessHellosWithHelloVerifyRequestsAndAcceptTheirCookies() throws Exception {
        OpenSslListenServer.Build build = OpenSslListenServer.build(work);
        assumeTrue(build.executable() != null, build::missing);
        CookieFlood.Options options = CookieFlood.Options.parse(new String[] {"--rounds", "1", "--seconds", "1",
            "--warmup", "1"});

        try (ServerProcess dtls4j = CookieFlood.startDtls4j(options);
             ServerProcess openssl = OpenSslListenServer.start(build.executable(), Duration.ofSeconds(60))) {
            // dtls4j goes on with the handshake: its next record is a ServerHello (RFC 6347 §4.2.1)
            assertEquals(2, FloodGenerator.cookieRoundTrip(address(dtls4j), Duration.ofSeconds(5)));
            // the OpenSSL loop only counts the accepted cookie (checked below) and answers nothing
            assertEquals(-1, FloodGenerator.cookieRoundTrip(address(openssl), Duration.ofMillis(500)));

            FloodGenerator.Result fromDtls4j = flood(dtls4j);
            FloodGenerator.Result fromOpenSsl = flood(openssl);

            Map<String, Long> ours = dtls4j.stop(Duration.ofSeconds(5));
            Map<String, Long> theirs = openssl.stop(Duration.ofSeconds(5));
            assertEquals(1L, ours.get("COOKIES_ACCEPTED"), ours::toString);
            assertEquals(1L, theirs.get("COOKIES_ACCEPTED"), theirs::toString);
            assertTrue(ours.get("HELLO_VERIFY_REQUESTS") >= fromDtls4j.answered() + 1, ours::toString);
            assertTrue(theirs.get("HELLO_VERIFY_REQUESTS") >= fromOpenSsl.answered() + 1, theirs::toString);
            assertFalse(ProcessHandle.of(dtls4j.pid()).map(ProcessHandle::isAlive).orElse(false));
            assertFalse(ProcessHandle.of(openssl.pid()).map(ProcessHandle::isAlive).orElse(false));
        }
    }

    private static FloodGenerator.Result flood(ServerProcess server) throws Exception {
        try (FloodGenerator g = new FloodGenerator(address(server), 8)) {
            FloodGenerator.Result r = g.run(FLOOD, RATE);
            assertTrue(r.sent() > 0, server.name() + ": " + r);
            assertTrue(r.answered() > 0, server.name() + ": " + r);
            assertEquals(0, r.notAnswers(), server.name() + " sent datagrams that are not HelloVerifyRequests: " + r);
            return r;
        }
    }

    private static InetSocketAddress address(ServerProcess server) {
        return new InetSocketAddress("127.0.0.1", server.port());
    }
}
