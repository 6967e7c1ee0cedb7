package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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
 * Raw public keys (RFC 7250) with Eclipse Californium's Scandium 3.13, the DTLS stack of many
 * LwM2M servers and clients: both roles, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, the client
 * authenticated by its key (Scandium's server requires it), P-256 and Ed25519. Each side trusts
 * exactly the other's key, so both trust decisions are exercised; an untrusted dtls4j key is refused
 * by Scandium with bad_certificate.
 */
@Timeout(60)
class Dtls4jScandiumRpkTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final CipherSuite SUITE = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
    private static final org.eclipse.californium.scandium.dtls.cipher.CipherSuite SCANDIUM_SUITE =
            org.eclipse.californium.scandium.dtls.cipher.CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;

    private static DtlsConfig dtls4j(RpkKeys own, RpkKeys trusted) {
        return DtlsConfig.builder().cipherSuites(SUITE).rawPublicKey(own.pair())
                .trustedRawPublicKeys(List.of(trusted.pair().getPublic())).build();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"P-256", "Ed25519"})
    void scandiumClientToDtls4jServer(String kind) throws Exception {
        RpkKeys server = RpkKeys.generate(kind);
        RpkKeys client = RpkKeys.generate(kind);
        try (DtlsServer s = DtlsServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                dtls4j(server, client), ServerOptions.defaults());
             ScandiumRpkPeer scandium = new ScandiumRpkPeer(false, client, server.pair().getPublic(), SCANDIUM_SUITE)) {
            byte[] ping = "ping from scandium".getBytes(StandardCharsets.US_ASCII);
            scandium.send(ping, s.localAddress());
            DtlsConnection conn = s.accept(WAIT);
            assertNotNull(conn, "no connection from Scandium");
            assertEquals(Optional.of(client.pair().getPublic()), conn.negotiated().peerRawPublicKey());
            assertArrayEquals(ping, conn.receive(WAIT));
            byte[] pong = "pong from dtls4j".getBytes(StandardCharsets.US_ASCII);
            conn.send(pong);
            ScandiumRpkPeer.Received r = scandium.receive(WAIT);
            assertNotNull(r, "no answer reached Scandium");
            assertArrayEquals(pong, r.data());
            assertEquals(server.pair().getPublic(), r.peerKey(), "Scandium authenticated dtls4j's key");
            conn.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"P-256", "Ed25519"})
    void dtls4jClientToScandiumServer(String kind) throws Exception {
        RpkKeys server = RpkKeys.generate(kind);
        RpkKeys client = RpkKeys.generate(kind);
        try (ScandiumRpkPeer scandium = new ScandiumRpkPeer(true, server, client.pair().getPublic(), SCANDIUM_SUITE);
             DtlsConnection conn = DtlsClient.connect(scandium.address(), dtls4j(client, server), WAIT)) {
            assertEquals(Optional.of(server.pair().getPublic()), conn.negotiated().peerRawPublicKey());
            byte[] ping = "ping from dtls4j".getBytes(StandardCharsets.US_ASCII);
            conn.send(ping);
            ScandiumRpkPeer.Received r = scandium.receive(WAIT);
            assertNotNull(r, "nothing reached Scandium");
            assertArrayEquals(ping, r.data());
            assertEquals(client.pair().getPublic(), r.peerKey(), "Scandium required and authenticated dtls4j's key");
            scandium.send("pong".getBytes(StandardCharsets.US_ASCII), r.from());
            assertArrayEquals("pong".getBytes(StandardCharsets.US_ASCII), conn.receive(WAIT));
        }
    }

    @Test
    void scandiumRefusesAnUntrustedDtls4jKeyWithBadCertificate() throws Exception {
        RpkKeys server = RpkKeys.generate("P-256");
        RpkKeys client = RpkKeys.generate("P-256");
        RpkKeys someoneElse = RpkKeys.generate("P-256");
        try (ScandiumRpkPeer scandium = new ScandiumRpkPeer(true, server, someoneElse.pair().getPublic(), SCANDIUM_SUITE)) {
            DtlsException e = assertThrows(DtlsException.class,
                    () -> DtlsClient.connect(scandium.address(), dtls4j(client, server), WAIT).close());
            assertEquals(AlertDescription.BAD_CERTIFICATE, e.alert(), e::getMessage);
            assertTrue(e.isReceivedFromPeer(), e::getMessage);
        }
    }
}
