package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.transport.DtlsClient;
import org.dtls4j.transport.DtlsConnection;
import org.dtls4j.transport.DtlsServer;
import org.dtls4j.transport.ServerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Raw public keys (RFC 7250) with Bouncy Castle 1.78.1 ({@link BcRpkPeer}): both roles,
 * TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, the client authenticated by its key, P-256 and Ed25519,
 * each side trusting exactly the other's key; and BC's key refused by a dtls4j server that trusts
 * another, with the bad_certificate alert reaching BC.
 */
@Timeout(60)
class Dtls4jBcRpkTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final CipherSuite SUITE = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;

    private static DtlsConfig dtls4j(RpkKeys own, RpkKeys trusted) {
        return DtlsConfig.builder().cipherSuites(SUITE).rawPublicKey(own.pair())
                .trustedRawPublicKeys(List.of(trusted.pair().getPublic())).build();
    }

    private static DtlsServer bind(DtlsConfig config) throws Exception {
        return DtlsServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), config, ServerOptions.defaults());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"P-256", "Ed25519"})
    void bcClientToDtls4jServer(String kind) throws Exception {
        RpkKeys server = RpkKeys.generate(kind);
        RpkKeys client = RpkKeys.generate(kind);
        try (DtlsServer s = bind(dtls4j(server, client));
             BcRpkPeer bc = new BcRpkPeer(false, client, server.pair().getPublic(), SUITE.id())) {
            bc.connect(s.localAddress(), WAIT);
            DtlsConnection conn = s.accept(WAIT);
            assertNotNull(conn, "no connection from Bouncy Castle");
            assertEquals(Optional.of(client.pair().getPublic()), conn.negotiated().peerRawPublicKey());
            assertArrayEquals(server.pair().getPublic().getEncoded(), bc.peerKey(), "BC checked dtls4j's key");
            byte[] ping = "ping from bc".getBytes(StandardCharsets.US_ASCII);
            bc.send(ping);
            assertArrayEquals(ping, conn.receive(WAIT));
            conn.send("pong".getBytes(StandardCharsets.US_ASCII));
            assertArrayEquals("pong".getBytes(StandardCharsets.US_ASCII), bc.receive(WAIT));
            conn.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"P-256", "Ed25519"})
    void dtls4jClientToBcServer(String kind) throws Exception {
        RpkKeys server = RpkKeys.generate(kind);
        RpkKeys client = RpkKeys.generate(kind);
        try (BcRpkPeer bc = new BcRpkPeer(true, server, client.pair().getPublic(), SUITE.id())) {
            CompletableFuture<Void> accepted = CompletableFuture.runAsync(() -> {
                try {
                    bc.accept(WAIT);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try (DtlsConnection conn = DtlsClient.connect(bc.address(), dtls4j(client, server), WAIT)) {
                accepted.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertEquals(Optional.of(server.pair().getPublic()), conn.negotiated().peerRawPublicKey());
                assertArrayEquals(client.pair().getPublic().getEncoded(), bc.peerKey(),
                        "BC required and checked dtls4j's key");
                conn.send("ping from dtls4j".getBytes(StandardCharsets.US_ASCII));
                assertArrayEquals("ping from dtls4j".getBytes(StandardCharsets.US_ASCII), bc.receive(WAIT));
                bc.send("pong".getBytes(StandardCharsets.US_ASCII));
                assertArrayEquals("pong".getBytes(StandardCharsets.US_ASCII), conn.receive(WAIT));
            }
        }
    }

    @Test
    void anUntrustedBcKeyIsRefusedWithBadCertificate() throws Exception {
        RpkKeys server = RpkKeys.generate("P-256");
        RpkKeys client = RpkKeys.generate("P-256");
        RpkKeys someoneElse = RpkKeys.generate("P-256");
        try (DtlsServer s = bind(dtls4j(server, someoneElse));
             BcRpkPeer bc = new BcRpkPeer(false, client, server.pair().getPublic(), SUITE.id())) {
            // BC's DTLS record layer reports the alert it received as a TlsFatalAlert of that description.
            org.bouncycastle.tls.TlsFatalAlert e = assertThrows(org.bouncycastle.tls.TlsFatalAlert.class,
                    () -> bc.connect(s.localAddress(), WAIT));
            assertEquals(org.bouncycastle.tls.AlertDescription.bad_certificate, e.getAlertDescription(), e::getMessage);
        }
    }
}
