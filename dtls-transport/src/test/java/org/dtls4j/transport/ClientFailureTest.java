package org.dtls4j.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.handshake.DtlsTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ClientFailureTest {

    @Test
    void clientWithoutServerFailsAtItsDeadlineSayingNobodyAnswered() throws Exception {
        InetSocketAddress nobody;
        try (DatagramChannel probe = DatagramChannel.open()) {
            probe.bind(new InetSocketAddress("127.0.0.1", 0));
            nobody = (InetSocketAddress) probe.getLocalAddress();
        } // closed again: nothing listens there now, and the kernel answers with ICMP port unreachable

        Duration timeout = Duration.ofSeconds(2);
        long start = System.nanoTime();
        DtlsTimeoutException e = assertThrows(DtlsTimeoutException.class,
                () -> DtlsClient.connect(nobody, Configs.pskClient(timeout)));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        assertTrue(tookMillis >= timeout.toMillis() - 50, "gave up after " + tookMillis + " ms, before its deadline");
        assertTrue(tookMillis < timeout.toMillis() + 2_000, "gave up only after " + tookMillis + " ms");
        assertTrue(e.getMessage().contains("nobody answered"), e.getMessage());
        assertTrue(e.getMessage().contains(nobody.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("retransmissions"), e.getMessage());
    }

    @Test
    void unknownPskIdentityFailsWithTheServersAlert() throws Exception {
        try (DtlsServer server = DtlsServer.bind(new InetSocketAddress("127.0.0.1", 0), Configs.pskServer())) {
            DtlsConfig client = DtlsConfig.builder().psk("stranger".getBytes(StandardCharsets.UTF_8), Configs.KEY).build();
            DtlsException e = assertThrows(DtlsException.class,
                    () -> DtlsClient.connect(server.localAddress(), client, Duration.ofSeconds(10)));
            // RFC 4279 §2: "the server MUST send an unknown_psk_identity alert"
            assertEquals(AlertDescription.UNKNOWN_PSK_IDENTITY, e.alert(), e::getMessage);
            assertTrue(e.isReceivedFromPeer(), e::getMessage);
            Await.until(() -> server.counters().handshakesFailed() == 1, Duration.ofSeconds(10),
                    () -> "server did not count the failed handshake: " + server.counters());
            assertEquals(0, server.peerCount());
            assertEquals(0, server.counters().handshakesCompleted());
        }
    }

    /**
     * With the wrong key, the client's Finished fails its record MAC and is discarded silently
     * (RFC 6347 §4.1.2.7); when the client's retransmitted flight brings it again, the server ends
     * the handshake with bad_record_mac, and the client reports the key mismatch (before the
     * server's KeyMismatchWatch existed, both sides timed out, and this test asserted that). Neither
     * may answer the other's flight retransmissions with retransmissions of its own beyond the timer
     * schedule of RFC 6347 §4.2.4.
     */
    @Test
    void wrongPskFailsNamedWithoutARetransmissionStorm() throws Exception {
        DtlsConfig serverConfig = Configs.pskServer().toBuilder().handshakeTimeout(Duration.ofSeconds(2)).build();
        try (DtlsServer server = DtlsServer.bind(new InetSocketAddress("127.0.0.1", 0), serverConfig)) {
            byte[] wrongKey = Arrays.copyOf(Configs.KEY, Configs.KEY.length);
            wrongKey[0] ^= 1;
            DtlsConfig client = DtlsConfig.builder().psk(Configs.IDENTITY, wrongKey).build();
            DtlsException e = assertThrows(DtlsException.class,
                    () -> DtlsClient.connect(server.localAddress(), client, Duration.ofSeconds(2)));
            assertEquals(AlertDescription.BAD_RECORD_MAC, e.alert(), e::getMessage);
            assertTrue(e.getMessage().contains("different pre-shared key for PSK identity"), e.getMessage());
            Await.until(() -> server.counters().handshakesFailed() == 1 && server.peerCount() == 0, Duration.ofSeconds(10),
                    () -> "server did not fail the handshake: " + server.counters());
            assertEquals(0, server.counters().handshakeTimeouts(), server.counters()::toString);
            // a handful of flights each way within 2 s, not thousands
            assertTrue(server.counters().datagramsIn() < 50, server.counters()::toString);
        }
    }

    @Test
    void untrustedServerCertificateFails() throws Exception {
        try (DtlsServer server = DtlsServer.bind(new InetSocketAddress("127.0.0.1", 0), Configs.ecdsaServer())) {
            DtlsConfig trustsSomeoneElse = DtlsConfig.builder()
                    .trustedCertificates(java.util.List.of(org.dtls4j.credentials.ThrowawayCredentials
                            .selfSigned("P-256", "other", "localhost").leaf()))
                    .serverName("localhost")
                    .build();
            DtlsException e = assertThrows(DtlsException.class,
                    () -> DtlsClient.connect(server.localAddress(), trustsSomeoneElse, Duration.ofSeconds(10)));
            assertTrue(e.alert() == AlertDescription.BAD_CERTIFICATE || e.alert() == AlertDescription.UNKNOWN_CA
                    || e.alert() == AlertDescription.CERTIFICATE_UNKNOWN, e::getMessage);
        }
    }
}
