package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.junit.jupiter.api.Test;

/**
 * The NAT relay itself, checked with Scandium on both ends (no dtls4j involved): with a Connection
 * ID the session survives the client's new port and address, and every datagram after the
 * handshake is a tls12_cid record; without one, the server drops the client's records from the
 * new address. This is what the dtls4j Connection ID tests are compared with.
 */
class ScandiumRebindingTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void withAConnectionIdTheSessionFollowsTheClient() throws Exception {
        try (ScandiumPeer server = new ScandiumPeer(true, ScandiumPeer.Auth.PSK, 6, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8);
             Echo echo = new Echo(server);
             RebindingRelay nat = new RebindingRelay(server.address(), Duration.ofSeconds(60));
             ScandiumPeer client = new ScandiumPeer(false, ScandiumPeer.Auth.PSK, 0, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8)) {
            roundTrip(client, nat, "before");
            long afterHandshake = nat.count();
            nat.rebind(InetAddress.getByName("127.0.0.1"));
            roundTrip(client, nat, "new port");
            nat.rebind(InetAddress.getByName("127.0.0.2"));
            roundTrip(client, nat, "new address");

            List<RebindingRelay.Seen> later = nat.seen().subList((int) afterHandshake, (int) nat.count());
            assertTrue(later.stream().noneMatch(RebindingRelay.Seen::isEpochZeroHandshake), "no new handshake: " + later);
            assertTrue(later.stream().filter(s -> s.direction() == RebindingRelay.Direction.CLIENT_TO_SERVER)
                    .allMatch(RebindingRelay.Seen::isCidRecord), "the client's records carry the server's CID");
            assertEquals(3, nat.seen().stream().map(RebindingRelay.Seen::outside).distinct().count(),
                    "the first binding and two new ones");
        }
    }

    @Test
    void withoutAConnectionIdTheServerDropsTheMovedClient() throws Exception {
        try (ScandiumPeer server = new ScandiumPeer(true, ScandiumPeer.Auth.PSK, -1, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8);
             Echo echo = new Echo(server);
             RebindingRelay nat = new RebindingRelay(server.address(), Duration.ofSeconds(60));
             ScandiumPeer client = new ScandiumPeer(false, ScandiumPeer.Auth.PSK, -1, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8)) {
            roundTrip(client, nat, "before");
            nat.rebind(InetAddress.getByName("127.0.0.1"));
            client.send("lost".getBytes(StandardCharsets.US_ASCII), nat.address());
            assertNull(client.receive(Duration.ofSeconds(2)), "a record from an unknown address is not answered");
        }
    }

    private static void roundTrip(ScandiumPeer client, RebindingRelay nat, String text) throws InterruptedException {
        byte[] data = text.getBytes(StandardCharsets.US_ASCII);
        client.send(data, nat.address());
        ScandiumPeer.Received back = client.receive(WAIT);
        assertNotNull(back, "no echo for '" + text + "'");
        assertArrayEquals(data, back.data());
    }

    /** Sends every datagram the server receives back to where it came from. */
    static final class Echo implements AutoCloseable {
        private final Thread thread;
        private volatile boolean stop;

        Echo(ScandiumPeer server) {
            thread = new Thread(() -> {
                while (!stop) {
                    try {
                        ScandiumPeer.Received r = server.receive(Duration.ofMillis(100));
                        if (r != null) {
                            server.send(r.data(), r.from());
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "scandium-echo");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            thread.join(2000);
        }
    }
}
