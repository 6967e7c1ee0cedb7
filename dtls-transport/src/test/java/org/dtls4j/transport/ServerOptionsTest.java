package org.dtls4j.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServerOptionsTest {

    @Test
    void defaults() {
        ServerOptions d = ServerOptions.defaults();
        assertTrue(d.cookies());
        assertEquals(10_000, d.maxPeers());
        assertEquals(1_000, d.maxConcurrentHandshakes());
        assertEquals(Duration.ofMinutes(5), d.idleTimeout());
        assertEquals(HandshakeRate.perMinute(60), d.handshakeRate());
        assertEquals(Runtime.getRuntime().availableProcessors(), d.workers());
        assertEquals(Duration.ofSeconds(30), d.cookieRotation());
        assertEquals(1024, d.acceptQueue());
    }

    @Test
    void eachWitherChangesOneField() {
        ServerOptions d = ServerOptions.defaults();
        assertEquals(new ServerOptions(false, 10_000, 1_000, Duration.ofMinutes(5), HandshakeRate.perMinute(60),
                        Duration.ofSeconds(30), 1024, Runtime.getRuntime().availableProcessors()),
                d.withCookies(false));
        assertEquals(7, d.withMaxPeers(7).maxPeers());
        assertEquals(7, d.withMaxConcurrentHandshakes(7).maxConcurrentHandshakes());
        assertEquals(Duration.ofSeconds(7), d.withIdleTimeout(Duration.ofSeconds(7)).idleTimeout());
        assertEquals(HandshakeRate.perMinute(7), d.withHandshakesPerMinutePerAddress(7).handshakeRate());
        assertEquals(HandshakeRate.OFF, d.withHandshakeRate(HandshakeRate.OFF).handshakeRate());
        assertEquals(7, d.withWorkers(7).workers());
        assertEquals(Duration.ofSeconds(7), d.withCookieRotation(Duration.ofSeconds(7)).cookieRotation());
        assertEquals(7, d.withAcceptQueue(7).acceptQueue());
        assertFalse(d.withMaxPeers(7).equals(d));
    }

    @Test
    void nonsenseIsRefusedWithTheFieldsName() {
        ServerOptions d = ServerOptions.defaults();
        assertMessage("maxPeers", () -> d.withMaxPeers(0));
        assertMessage("maxConcurrentHandshakes", () -> d.withMaxConcurrentHandshakes(0));
        assertMessage("idleTimeout", () -> d.withIdleTimeout(Duration.ZERO));
        assertMessage("handshake rate", () -> d.withHandshakesPerMinutePerAddress(0));
        assertMessage("workers", () -> d.withWorkers(0));
        assertMessage("cookieRotation", () -> d.withCookieRotation(Duration.ofSeconds(-1)));
        assertMessage("acceptQueue", () -> d.withAcceptQueue(0));
    }

    private static void assertMessage(String field, org.junit.jupiter.api.function.Executable e) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage().contains(field), x.getMessage());
    }
}
