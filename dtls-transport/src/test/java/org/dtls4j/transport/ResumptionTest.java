package org.dtls4j.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

/** RFC 5246 §7.3: an abbreviated handshake through {@code DtlsClient.connect(..., session, ...)}. */
@Timeout(60)
class ResumptionTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @ParameterizedTest
    @ValueSource(strings = {"psk", "ecdsa"})
    void secondConnectionResumesTheFirstSession(String kind) throws Exception {
        resume(kind, ServerOptions.defaults());
    }

    @ParameterizedTest
    @ValueSource(strings = {"psk", "ecdsa"})
    void secondConnectionResumesTheFirstSessionWithoutCookies(String kind) throws Exception {
        resume(kind, ServerOptions.defaults().withCookies(false));
    }

    private static void resume(String kind, ServerOptions options) throws Exception {
        boolean psk = kind.equals("psk");
        DtlsConfig serverConfig = psk ? Configs.pskServer() : Configs.ecdsaServer();
        DtlsConfig clientConfig = psk ? Configs.pskClient() : Configs.ecdsaClient();
        try (DtlsServer server = DtlsServer.bind(new InetSocketAddress("127.0.0.1", 0), serverConfig, options)) {
            EchoServer.on(server);
            DtlsSession session;
            try (DtlsConnection first = DtlsClient.connect(server.localAddress(), clientConfig, WAIT)) {
                assertFalse(first.negotiated().resumed());
                session = first.session();
                assertNotNull(session);
            }
            try (DtlsConnection second = DtlsClient.connect(server.localAddress(), clientConfig, session, WAIT)) {
                assertTrue(second.negotiated().resumed(), () -> "not resumed: " + second.negotiated());
                assertEquals(session.cipherSuite(), second.negotiated().cipherSuite());
                assertArrayEquals(session.sessionId(), second.session().sessionId());
                byte[] msg = "resumed".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                second.send(msg);
                assertArrayEquals(msg, second.receive(WAIT));
            }
            assertEquals(2, server.counters().handshakesCompleted());
        }
    }
}
