package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.handshake.DtlsTimeoutException;
import org.dtls4j.transport.DtlsServer;
import org.dtls4j.transport.ServerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A dtls4j server against {@code openssl s_client -dtls1_2 -psk <wrong key>}: the client's Finished
 * fails record authentication (RFC 6347 §4.1.2.7 discards it), OpenSSL retransmits its flight, and
 * the server ends the handshake at the retransmission with a fatal bad_record_mac that names the
 * PSK identity, long before its 30 s handshake timeout; s_client reports the alert.
 */
@Timeout(60)
class Dtls4jOpenSslPskMismatchTest {
    private static final String IDENTITY = InteropCase.PSK_IDENTITY;
    private static final byte[] KEY = "the server's key".getBytes(StandardCharsets.UTF_8);
    private static final byte[] WRONG = "not the same key".getBytes(StandardCharsets.UTF_8);

    @Test
    void openSslClientWithAWrongPskFailsFastAndNamed() throws Exception {
        byte[] identity = IDENTITY.getBytes(StandardCharsets.UTF_8);
        DtlsConfig config = DtlsConfig.builder()
                .cipherSuites(CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256)
                .pskStore(id -> MessageDigest.isEqual(id, identity) ? KEY.clone() : null)
                .build();
        CompletableFuture<DtlsException> failure = new CompletableFuture<>();
        try (TraceCapture trace = TraceCapture.install();
             DtlsServer server = DtlsServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), config,
                ServerOptions.defaults())) {
            server.onHandshakeFailure((peer, e) -> failure.complete(e));
            OpenSsl.Command cmd = OpenSsl.sClient(server.localAddress()).args("-nocommands")
                    .cipher("PSK-AES128-GCM-SHA256").psk(WRONG, IDENTITY);
            long start = System.nanoTime();
            try (OpenSslProcess client = cmd.start(TestDirs.under("openssl-logs"))) {
                DtlsException e;
                try {
                    e = failure.get(20, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException t) {
                    throw new AssertionError("no failure reported; server trace:\n" + trace.tail(80)
                            + "\n" + client.transcript(), t);
                }
                long took = System.nanoTime() - start;
                assertNotNull(e);
                assertFalse(e instanceof DtlsTimeoutException, e::toString);
                assertEquals(AlertDescription.BAD_RECORD_MAC, e.alert());
                assertFalse(e.isReceivedFromPeer());
                assertTrue(e.getMessage().contains("pre-shared key for PSK identity '" + IDENTITY + "'"), e::getMessage);
                // OpenSSL retransmits after 1 s; the server ends at that retransmission.
                assertTrue(took < TimeUnit.SECONDS.toNanos(10), "took " + took / 1_000_000 + " ms");
                client.awaitStderr(Pattern.compile("(?i)alert.*bad record mac"), Duration.ofSeconds(10));
            }
        }
    }
}
