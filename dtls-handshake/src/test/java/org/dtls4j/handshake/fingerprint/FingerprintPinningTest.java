package org.dtls4j.handshake.fingerprint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.credentials.Credentials;
import org.dtls4j.credentials.ThrowawayCredentials;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.ClientAuth;
import org.dtls4j.handshake.DeterministicRandom;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsSession;
import org.dtls4j.handshake.SrtpKeyingMaterial;
import org.dtls4j.handshake.SrtpProfile;
import org.dtls4j.handshake.TestPeers;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.sim.CookieServer;
import org.dtls4j.handshake.sim.SimulatedLink;
import org.junit.jupiter.api.Test;

/**
 * The WebRTC model (RFC 8842 §5, RFC 8122 §5): self-signed certificates on both ends, each pinned
 * by the fingerprint the other sent out of band; no PKIX, no host name.
 */
class FingerprintPinningTest {
    private static final long MINUTE = 60_000_000_000L;
    private static final CipherSuite SUITE = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
    private static final Credentials SERVER = ThrowawayCredentials.forFingerprint(null);
    private static final Credentials CLIENT = ThrowawayCredentials.forFingerprint(null);
    private static final Credentials STRANGER = ThrowawayCredentials.forFingerprint(null);

    private static DtlsConfig.Builder peer(Credentials mine, Credentials theirs) {
        return DtlsConfig.builder().cipherSuites(SUITE).certificate(mine.chain(), mine.privateKey())
                .peerCertificateFingerprint(theirs.fingerprint().toSdp());
    }

    private static SimulatedLink run(DtlsEngine client, CookieServer server, long seed) {
        SimulatedLink link = new SimulatedLink(client, server, seed).start();
        link.driveHandshake(MINUTE, 10_000);
        link.flush(100); // the failing side's alert reaches the other
        return link;
    }

    @Test
    void selfSignedPeersPinnedBothWaysConnectAndExportTheSameSrtpKeys() {
        DtlsEngine client = DtlsEngine.client(peer(CLIENT, SERVER).srtpProfiles(SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_80).build(),
                new DeterministicRandom(1));
        CookieServer server = new CookieServer(peer(SERVER, CLIENT).srtpProfiles(SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_80).build(),
                new DeterministicRandom(2));
        run(client, server, 1);
        assertEquals(EngineState.CONNECTED, client.state(), () -> "client: " + client.failure());
        assertEquals(EngineState.CONNECTED, server.state(), () -> "server: " + server.engine().failure());
        assertEquals(List.of(SERVER.leaf()), client.negotiated().peerCertificates());
        assertEquals(List.of(CLIENT.leaf()), server.engine().negotiated().peerCertificates(),
                "the pinning server requested the client's certificate");
        assertArrayEquals(SrtpKeyingMaterial.of(client.negotiated()).clientMasterKey(),
                SrtpKeyingMaterial.of(server.engine().negotiated()).clientMasterKey());
    }

    @Test
    void aServerCertificateOtherThanThePinnedOneFailsWithBadCertificateNamingBoth() {
        DtlsEngine client = DtlsEngine.client(peer(CLIENT, STRANGER).build(), new DeterministicRandom(3));
        CookieServer server = new CookieServer(peer(SERVER, CLIENT).build(), new DeterministicRandom(4));
        run(client, server, 2);
        assertEquals(EngineState.FAILED, client.state());
        assertEquals(AlertDescription.BAD_CERTIFICATE, client.failure().alert());
        assertEquals("server certificate fingerprint mismatch: expected " + STRANGER.fingerprint().toSdp()
                + ", received " + SERVER.fingerprint().toSdp() + " [bad_certificate]", client.failure().getMessage());
        assertEquals(EngineState.FAILED, server.state());
        assertEquals(AlertDescription.BAD_CERTIFICATE, server.engine().failure().alert(), "the alert reached the server");
    }

    @Test
    void aClientCertificateOtherThanThePinnedOneFailsAtTheServer() {
        DtlsEngine client = DtlsEngine.client(peer(STRANGER, SERVER).build(), new DeterministicRandom(5));
        CookieServer server = new CookieServer(peer(SERVER, CLIENT).build(), new DeterministicRandom(6));
        run(client, server, 3);
        assertEquals(EngineState.FAILED, server.state());
        assertEquals("client certificate fingerprint mismatch: expected " + CLIENT.fingerprint().toSdp()
                + ", received " + STRANGER.fingerprint().toSdp() + " [bad_certificate]", server.engine().failure().getMessage());
        assertEquals(EngineState.FAILED, client.state());
        assertEquals(AlertDescription.BAD_CERTIFICATE, client.failure().alert());
    }

    @Test
    void aPinningServerRequiresAClientCertificate() {
        DtlsConfig server = peer(SERVER, CLIENT).build();
        assertEquals(ClientAuth.REQUIRED, server.clientAuth());
        assertEquals(ClientAuth.OPTIONAL, peer(SERVER, CLIENT).clientAuth(ClientAuth.OPTIONAL).build().clientAuth());
        DtlsConfig anonymous = DtlsConfig.builder().cipherSuites(SUITE)
                .peerCertificateFingerprint(SERVER.fingerprint().toSdp()).build();
        DtlsEngine client = DtlsEngine.client(anonymous, new DeterministicRandom(7));
        CookieServer cs = new CookieServer(server, new DeterministicRandom(8));
        run(client, cs, 4);
        assertEquals(EngineState.FAILED, cs.state());
        assertEquals(AlertDescription.HANDSHAKE_FAILURE, cs.engine().failure().alert());
    }

    @Test
    void aPinReplacesPkiAndTheHostNameCheck() {
        // The server's certificate is issued by a CA the client does not trust, for another name.
        DtlsConfig.Builder server = TestPeers.server(SUITE, TestPeers.Auth.SERVER);
        Credentials leaf = TestPeers.ECDSA.leaf();
        DtlsEngine client = DtlsEngine.client(DtlsConfig.builder().cipherSuites(SUITE).serverName("elsewhere.example")
                .peerCertificateFingerprint(leaf.fingerprint().bytes()).build(), new DeterministicRandom(9));
        CookieServer cs = new CookieServer(server.build(), new DeterministicRandom(10));
        run(client, cs, 5);
        assertEquals(EngineState.CONNECTED, client.state(), () -> "client: " + client.failure());
    }

    @Test
    void aSessionSetUpUnderAnotherPinIsNotResumed() {
        DtlsConfig serverConfig = peer(SERVER, CLIENT).build();
        DtlsEngine first = DtlsEngine.client(peer(CLIENT, SERVER).build(), new DeterministicRandom(11));
        run(first, new CookieServer(serverConfig, new DeterministicRandom(12)), 6);
        assertEquals(EngineState.CONNECTED, first.state(), () -> "client: " + first.failure());
        DtlsSession session = first.negotiated().session();

        DtlsEngine same = DtlsEngine.client(peer(CLIENT, SERVER).build(), new DeterministicRandom(13), session);
        run(same, new CookieServer(serverConfig, new DeterministicRandom(14)), 7);
        assertTrue(same.negotiated().resumed(), "the same pin resumes");

        DtlsEngine other = DtlsEngine.client(peer(CLIENT, STRANGER).build(), new DeterministicRandom(15), session);
        run(other, new CookieServer(serverConfig, new DeterministicRandom(16)), 8);
        assertEquals(EngineState.FAILED, other.state(), "a full handshake ran and the server's certificate was checked");
        assertEquals(AlertDescription.BAD_CERTIFICATE, other.failure().alert());

        // The server side: a configuration derived with another client pin shares the session cache.
        DtlsConfig derived = serverConfig.toBuilder().peerCertificateFingerprint(STRANGER.fingerprint().toSdp()).build();
        DtlsEngine again = DtlsEngine.client(peer(CLIENT, SERVER).build(), new DeterministicRandom(17), session);
        CookieServer cs = new CookieServer(derived, new DeterministicRandom(18));
        run(again, cs, 9);
        assertEquals(EngineState.FAILED, cs.state());
        assertEquals(AlertDescription.BAD_CERTIFICATE, cs.engine().failure().alert());
    }

    @Test
    void theConfigShowsThePinAndRefusesContradictions() throws Exception {
        String sdp = SERVER.fingerprint().toSdp();
        assertEquals(Optional.of(sdp), DtlsConfig.builder().peerCertificateFingerprint(sdp.toLowerCase()).build()
                .peerCertificateFingerprint());
        byte[] raw = MessageDigest.getInstance("SHA-256").digest(SERVER.leaf().getEncoded());
        assertEquals(Optional.of(sdp), DtlsConfig.builder().peerCertificateFingerprint(raw).build().peerCertificateFingerprint());
        assertEquals(Optional.empty(), DtlsConfig.builder().build().peerCertificateFingerprint());
        assertEquals(Optional.empty(), DtlsConfig.builder().peerCertificateFingerprint(sdp).peerCertificateFingerprint((String) null)
                .build().peerCertificateFingerprint());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DtlsConfig.builder().peerCertificateFingerprint("sha-1 AB:CD"));
        assertTrue(e.getMessage().contains("hash function 'sha-1' is not one of sha-256, sha-384, sha-512"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DtlsConfig.builder().peerCertificateFingerprint(new byte[31]));
        e = assertThrows(IllegalArgumentException.class, () -> DtlsConfig.builder().peerCertificateFingerprint(sdp)
                .trustedCertificates(List.of(SERVER.leaf())).build());
        assertTrue(e.getMessage().contains("peerCertificateFingerprint replaces trustManager"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DtlsConfig.builder().peerCertificateFingerprint(sdp)
                .insecureSkipVerification().build());
        assertTrue(e.getMessage().contains("contradict"), e.getMessage());
        assertFalse(DtlsConfig.builder().peerCertificateFingerprint(sdp).build().toBuilder().build()
                .peerCertificateFingerprint().isEmpty(), "toBuilder keeps the pin");
    }
}
