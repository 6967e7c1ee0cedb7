package org.dtls4j.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.sim.SimulatedLink;
import org.junit.jupiter.api.Test;

/**
 * A client with a PSK and no trust configured offers PSK suites only (ClientOffer), as the
 * {@code dtls4j} command does with {@code --psk} and no {@code --cafile}: against a
 * certificate-only server it fails at once with "no cipher suite in common", not late on the
 * JDK's default trust. With trust or insecureSkipVerification it offers certificate suites too.
 */
class PskOnlyOfferTest {
    private static final long MINUTE = 60_000_000_000L;

    /** A server with a certificate only and every suite (the defaults). */
    private static DtlsEngine certificateOnlyServer() {
        DtlsConfig c = DtlsConfig.builder()
                .certificate(TestPeers.ECDSA.chain(), TestPeers.ECDSA.leaf().privateKey()).build();
        return DtlsEngine.serverWithoutCookie(c, new DeterministicRandom(2));
    }

    private static DtlsConfig.Builder pskClient() {
        return DtlsConfig.builder().psk(TestPeers.PSK_IDENTITY, TestPeers.PSK_KEY).serverName("localhost");
    }

    private static SimulatedLink run(DtlsEngine client, DtlsEngine server) {
        SimulatedLink link = new SimulatedLink(client, server, 5).start();
        link.driveHandshake(MINUTE, 1000);
        link.flush(100);
        return link;
    }

    @Test
    void aPskClientWithoutTrustOffersOnlyPskSuitesAndFailsWithNoSuiteInCommon() {
        DtlsEngine client = DtlsEngine.client(pskClient().build(), new DeterministicRandom(1));
        DtlsEngine server = certificateOnlyServer();
        run(client, server);

        assertEquals(EngineState.FAILED, server.state());
        DtlsException s = server.failure();
        assertEquals(AlertDescription.HANDSHAKE_FAILURE, s.alert());
        assertTrue(s.getMessage().startsWith("no cipher suite in common: client offered "), s::getMessage);
        String offered = s.getMessage().substring(0, s.getMessage().indexOf(", server can use"));
        assertTrue(offered.contains("PSK"), offered);
        for (CipherSuite suite : CipherSuite.all()) {
            if (!suite.keyExchange().usesPsk()) {
                assertFalse(offered.contains(suite.ianaName()), () -> "offered " + suite + ": " + offered);
            }
        }
        assertEquals(EngineState.FAILED, client.state());
        assertEquals(AlertDescription.HANDSHAKE_FAILURE, client.failure().alert());
        assertTrue(client.failure().isReceivedFromPeer(), client.failure()::toString);
    }

    @Test
    void aPskClientWithTrustOffersCertificateSuitesToo() {
        DtlsConfig config = pskClient().trustedCertificates(List.of(TestPeers.ECDSA.ca())).build();
        DtlsEngine client = DtlsEngine.client(config, new DeterministicRandom(1));
        DtlsEngine server = certificateOnlyServer();
        run(client, server);

        assertEquals(EngineState.CONNECTED, client.state(), () -> "client: " + client.failure());
        assertTrue(client.negotiated().cipherSuite().keyExchange().usesCertificate());
    }

    @Test
    void aPskClientThatSkipsVerificationOffersCertificateSuitesToo() {
        DtlsEngine client = DtlsEngine.client(pskClient().insecureSkipVerification().build(), new DeterministicRandom(1));
        DtlsEngine server = certificateOnlyServer();
        run(client, server);

        assertEquals(EngineState.CONNECTED, client.state(), () -> "client: " + client.failure());
        assertTrue(client.negotiated().cipherSuite().keyExchange().usesCertificate());
    }

    /** No PSK suite configured: the certificate suites are offered as before (and checked with the default trust). */
    @Test
    void aPskClientWithOnlyCertificateSuitesConfiguredStillOffersThem() {
        DtlsConfig config = pskClient().cipherSuites(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256).build();
        DtlsEngine client = DtlsEngine.client(config, new DeterministicRandom(1));
        DtlsEngine server = certificateOnlyServer();
        run(client, server);
        assertEquals(EngineState.FAILED, client.state());
        assertFalse(client.failure().isReceivedFromPeer(), "the server chose the offered suite: " + server.failure());
        assertTrue(client.failure().getMessage().contains("certificate"), client.failure()::getMessage);
    }
}
