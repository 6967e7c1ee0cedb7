package org.dtls4j.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.dtls4j.crypto.KeyExchangeAlgorithm;
import org.dtls4j.handshake.DtlsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class EchoTest {
    private static final InetSocketAddress ANY_LOOPBACK_PORT = new InetSocketAddress("127.0.0.1", 0);
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void pskEchoWithCookies() throws Exception {
        try (DtlsServer server = DtlsServer.bind(ANY_LOOPBACK_PORT, Configs.pskServer())) {
            try (DtlsConnection client = DtlsClient.connect(server.localAddress(), Configs.pskClient(), WAIT)) {
                DtlsConnection accepted = server.accept(WAIT);
                assertNotNull(accepted, "server accepted nothing");
                assertEquals(client.localAddress(), accepted.peer());
                assertEquals("client1", accepted.negotiated().pskIdentity().orElseThrow());
                assertTrue(client.negotiated().cipherSuite().keyExchange().usesPsk());

                client.send("ping".getBytes(StandardCharsets.UTF_8));
                byte[] got = accepted.receive(WAIT);
                assertArrayEquals("ping".getBytes(StandardCharsets.UTF_8), got);
                accepted.send(got);
                assertArrayEquals("ping".getBytes(StandardCharsets.UTF_8), client.receive(WAIT));

                ServerCounters c = server.counters();
                assertEquals(1, c.cookieVerifies(), c::toString);
                assertEquals(1, c.cookieAccepts(), c::toString);
                assertEquals(1, c.handshakesStarted(), c::toString);
                assertEquals(0, c.associationsReplaced(), c::toString);
                assertEquals(1, c.handshakesCompleted(), c::toString);
                assertEquals(1, server.peerCount());
            }
        }
    }

    @Test
    void ecdsaCertificateEchoWithCookies() throws Exception {
        try (DtlsServer server = DtlsServer.bind(ANY_LOOPBACK_PORT, Configs.ecdsaServer())) {
            try (DtlsConnection client = DtlsClient.connect(server.localAddress(), Configs.ecdsaClient(), WAIT)) {
                DtlsConnection accepted = server.accept(WAIT);
                assertNotNull(accepted);
                assertEquals(KeyExchangeAlgorithm.ECDHE_ECDSA, client.negotiated().cipherSuite().keyExchange());
                assertEquals(Configs.ecdsaServerCredentials().leaf(), client.negotiated().peerCertificates().get(0));
                assertEquals("localhost", accepted.negotiated().serverName().orElseThrow());

                byte[] big = new byte[client.maxApplicationDataSize()];
                big[0] = 42;
                client.send(big);
                byte[] got = accepted.receive(WAIT);
                assertArrayEquals(big, got);
                accepted.send(got);
                assertArrayEquals(big, client.receive(WAIT));
                assertThrows(IllegalArgumentException.class, () -> client.send(new byte[client.maxApplicationDataSize() + 1]));
            }
        }
    }
}
