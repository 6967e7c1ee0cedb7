package org.dtls4j.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.dtls4j.transport.ConnectionClosedException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class IdleTimeoutTest {
    private static final Duration IDLE = Duration.ofMillis(300);
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void idlePeerIsClosedAndForgotten() throws Exception {
        ServerOptions options = ServerOptions.defaults().withIdleTimeout(IDLE);
        try (DtlsServer server = DtlsServer.bind(new InetSocketAddress("127.0.0.1", 0), Configs.pskServer(), options);
             DtlsConnection client = DtlsClient.connect(server.localAddress(), Configs.pskClient(), WAIT)) {
            DtlsConnection accepted = server.accept(WAIT);
            assertNotNull(accepted);

            Await.until(() -> server.peerCount() == 0, Duration.ofSeconds(5),
                    () -> "idle peer still held: " + server.counters());
            assertEquals(1, server.counters().idleEvictions());
            assertFalse(accepted.isOpen());
            ConnectionClosedException e = assertThrows(ConnectionClosedException.class, () -> accepted.receive(WAIT));
            assertEquals(Reason.IDLE_TIMEOUT, e.reason());

            // the server said close_notify, so the client learns it too
            ConnectionClosedException c = assertThrows(ConnectionClosedException.class, () -> client.receive(WAIT));
            assertEquals(Reason.CLOSED_BY_PEER, c.reason());
        }
    }

    @Test
    void activePeerIsKeptWhileAnIdleOneIsEvicted() throws Exception {
        ServerOptions options = ServerOptions.defaults().withIdleTimeout(IDLE);
        try (DtlsServer server = DtlsServer.bind(new InetSocketAddress("127.0.0.1", 0), Configs.pskServer(), options)) {
            EchoServer.on(server);
            // the active one connects last and talks at once: its idle clock starts at its handshake's end
            try (DtlsConnection idle = DtlsClient.connect(server.localAddress(), Configs.pskClient(), WAIT);
                 DtlsConnection active = DtlsClient.connect(server.localAddress(), Configs.pskClient(), WAIT)) {
                long end = System.nanoTime() + IDLE.toNanos() * 4;
                int rounds = 0;
                while (System.nanoTime() - end < 0 && rounds < 100) {
                    byte[] msg = {(byte) rounds++};
                    active.send(msg);
                    assertArrayEquals(msg, active.receive(WAIT));
                    // pace the talk at a third of the idle timeout; nothing is expected meanwhile
                    assertNull(active.receive(IDLE.dividedBy(3)));
                }
                Await.until(() -> !idle.isOpen(), Duration.ofSeconds(5), () -> "idle client was not told to close");
                assertTrue(active.isOpen());
                assertEquals(1, server.peerCount());
                assertEquals(1, server.counters().idleEvictions());
            }
        }
    }
}
