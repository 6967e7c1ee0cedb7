package org.dtls4j.handshake.rpk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.ClientAuth;
import org.dtls4j.handshake.DeterministicRandom;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsSession;
import org.dtls4j.handshake.TestPeers;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.sim.CookieServer;
import org.dtls4j.handshake.sim.SimulatedLink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Raw public keys (RFC 7250) between two dtls4j engines on the simulated link, through the cookie
 * exchange: both sides authenticated by a bare key, the refusals with the alert that reaches the
 * peer, resumption, and the verifier's view of the peer's address.
 */
class RawPublicKeyHandshakeTest {
    private static final long MINUTE = 60_000_000_000L;
    private static final CipherSuite ECDSA_SUITE = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
    private static final KeyPair SERVER = keyPair("EC");
    private static final KeyPair CLIENT = keyPair("EC");
    private static final KeyPair STRANGER = keyPair("EC");

    static KeyPair keyPair(String algorithm) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            if (algorithm.equals("EC")) {
                g.initialize(new ECGenParameterSpec("secp256r1"));
            } else if (algorithm.equals("RSA")) {
                g.initialize(2048);
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An endpoint with its own raw public key that trusts exactly {@code peer}. */
    private static DtlsConfig.Builder rpk(KeyPair own, PublicKey peer) {
        return DtlsConfig.builder().cipherSuites(ECDSA_SUITE).rawPublicKey(own).trustedRawPublicKeys(List.of(peer));
    }

    private static SimulatedLink run(DtlsEngine client, CookieServer server, long seed) {
        SimulatedLink link = new SimulatedLink(client, server, seed).start();
        link.driveHandshake(MINUTE, 10_000);
        link.flush(100); // a failing side's alert reaches the other
        return link;
    }

    private static void assertConnected(DtlsEngine client, CookieServer server) {
        assertEquals(EngineState.CONNECTED, client.state(), () -> "client: " + client.failure());
        assertEquals(EngineState.CONNECTED, server.state(), () -> "server: " + server.engine().failure());
    }

    @Test
    void bothSidesAuthenticateWithRawPublicKeysAndExchangeData() {
        DtlsEngine client = DtlsEngine.client(rpk(CLIENT, SERVER.getPublic()).build(), new DeterministicRandom(1));
        CookieServer server = new CookieServer(rpk(SERVER, CLIENT.getPublic()).build(), new DeterministicRandom(2));
        SimulatedLink link = run(client, server, 1);
        assertConnected(client, server);
        assertEquals(Optional.of(SERVER.getPublic()), client.negotiated().peerRawPublicKey());
        assertEquals(Optional.of(CLIENT.getPublic()), server.engine().negotiated().peerRawPublicKey(),
                "the server asked for the client's key and got it");
        assertTrue(client.negotiated().peerCertificates().isEmpty());
        assertTrue(client.negotiated().toString().contains("peer=EC raw public key"), client.negotiated()::toString);
        client.send(new byte[] {1, 2, 3});
        link.collect();
        link.flush(100);
        ByteBuffer in = server.engine().pollApplicationData();
        byte[] got = new byte[in.remaining()];
        in.get(got);
        assertArrayEquals(new byte[] {1, 2, 3}, got);
    }

    /** RFC 8422 §2: the ECDHE_ECDSA suites also carry EdDSA keys; ECDHE_RSA an RSA key, as a raw key too. */
    @ParameterizedTest
    @ValueSource(strings = {"Ed25519", "RSA"})
    void otherKeyTypesWork(String algorithm) {
        CipherSuite suite = algorithm.equals("RSA") ? CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 : ECDSA_SUITE;
        KeyPair server = keyPair(algorithm);
        KeyPair client = keyPair(algorithm);
        DtlsEngine c = DtlsEngine.client(rpk(client, server.getPublic()).cipherSuites(suite).build(), new DeterministicRandom(3));
        CookieServer s = new CookieServer(rpk(server, client.getPublic()).cipherSuites(suite).build(), new DeterministicRandom(4));
        run(c, s, 2);
        assertConnected(c, s);
        assertEquals(Optional.of(server.getPublic()), c.negotiated().peerRawPublicKey());
        assertEquals(Optional.of(client.getPublic()), s.engine().negotiated().peerRawPublicKey());
    }

    @Test
    void aServerKeyNotAmongTheTrustedOnesIsABadCertificateOnTheWire() {
        DtlsEngine client = DtlsEngine.client(rpk(CLIENT, STRANGER.getPublic()).build(), new DeterministicRandom(5));
        CookieServer server = new CookieServer(rpk(SERVER, CLIENT.getPublic()).build(), new DeterministicRandom(6));
        SimulatedLink link = run(client, server, 3);
        assertEquals(EngineState.FAILED, client.state());
        assertEquals(AlertDescription.BAD_CERTIFICATE, client.failure().alert());
        String message = client.failure().getMessage();
        assertTrue(message.startsWith("server raw public key EC key sha-256 "), message);
        assertTrue(message.endsWith(" is not one of the 1 trusted raw public keys [bad_certificate]"), message);
        assertEquals(EngineState.FAILED, server.state());
        assertEquals(AlertDescription.BAD_CERTIFICATE, server.engine().failure().alert());
        assertTrue(server.engine().failure().isReceivedFromPeer(), "the client's alert went over the link");
        assertTrue(link.transmissions().stream().anyMatch(t -> t.direction() == SimulatedLink.Direction.CLIENT_TO_SERVER
                && t.datagram()[0] == 21), "an alert record was sent");
    }

    @Test
    void aClientKeyRefusedByTheVerifierIsABadCertificate() {
        List<PublicKey> asked = new ArrayList<>();
        DtlsConfig serverConfig = DtlsConfig.builder().cipherSuites(ECDSA_SUITE).rawPublicKey(SERVER)
                .rawPublicKeyVerifier((key, peer) -> asked.add(key) && false).build();
        DtlsEngine client = DtlsEngine.client(rpk(STRANGER, SERVER.getPublic()).build(), new DeterministicRandom(7));
        CookieServer server = new CookieServer(serverConfig, new DeterministicRandom(8));
        run(client, server, 4);
        assertEquals(List.of(STRANGER.getPublic()), asked);
        assertEquals(EngineState.FAILED, server.state());
        String message = server.engine().failure().getMessage();
        assertTrue(message.startsWith("client raw public key EC key sha-256 "), message);
        assertTrue(message.endsWith(" was refused by the raw public key verifier [bad_certificate]"), message);
        assertEquals(AlertDescription.BAD_CERTIFICATE, client.failure().alert());
        assertTrue(client.failure().isReceivedFromPeer());
    }

    /** The default client (X.509 only, RFC 5246) meets a server that has only a raw public key. */
    @Test
    void anX509OnlyClientGetsUnsupportedCertificateFromAnRpkOnlyServer() {
        DtlsEngine client = DtlsEngine.client(TestPeers.client(ECDSA_SUITE, TestPeers.Auth.SERVER).build(),
                new DeterministicRandom(9));
        CookieServer server = new CookieServer(rpk(SERVER, CLIENT.getPublic()).build(), new DeterministicRandom(10));
        run(client, server, 5);
        assertEquals(EngineState.FAILED, server.state());
        assertEquals(AlertDescription.UNSUPPORTED_CERTIFICATE, server.engine().failure().alert());
        assertEquals(AlertDescription.UNSUPPORTED_CERTIFICATE, client.failure().alert());
        assertTrue(client.failure().isReceivedFromPeer(), "the alert is on the wire");
    }

    /** An RPK-only client meets a dtls4j server that has only a certificate. */
    @Test
    void anRpkOnlyClientGetsUnsupportedCertificateFromAnX509OnlyServer() {
        DtlsEngine client = DtlsEngine.client(rpk(CLIENT, SERVER.getPublic()).build(), new DeterministicRandom(11));
        CookieServer server = new CookieServer(TestPeers.server(ECDSA_SUITE, TestPeers.Auth.SERVER).build(),
                new DeterministicRandom(12));
        run(client, server, 6);
        assertEquals(AlertDescription.UNSUPPORTED_CERTIFICATE, server.engine().failure().alert());
        assertTrue(server.engine().failure().getMessage().contains("client accepts [raw public key] from the server"),
                server.engine().failure()::getMessage);
        assertTrue(client.failure().isReceivedFromPeer());
    }

    /** A server that requires the client's raw public key, and a client that has none to send. */
    @Test
    void aClientWithoutARawPublicKeyIsRefusedByAServerThatRequiresOne() {
        DtlsConfig anonymous = DtlsConfig.builder().cipherSuites(ECDSA_SUITE).trustedRawPublicKeys(List.of(SERVER.getPublic()))
                .build();
        DtlsEngine client = DtlsEngine.client(anonymous, new DeterministicRandom(13));
        CookieServer server = new CookieServer(rpk(SERVER, CLIENT.getPublic()).build(), new DeterministicRandom(14));
        run(client, server, 7);
        assertEquals(AlertDescription.UNSUPPORTED_CERTIFICATE, server.engine().failure().alert());
        assertEquals("client can send [X.509], and this server accepts only [raw public key] (RFC 7250 §4.2)"
                + " [unsupported_certificate]", server.engine().failure().getMessage());
    }

    /** Certificates stay the default: a server with both serves a plain client X.509, an RPK client its key. */
    @Test
    void aServerWithBothServesEachClientWhatItAsksFor() {
        DtlsConfig both = TestPeers.server(ECDSA_SUITE, TestPeers.Auth.SERVER)
                .rawPublicKey(new KeyPair(TestPeers.ECDSA.leaf().leaf().getPublicKey(), TestPeers.ECDSA.leaf().privateKey()))
                .build();
        DtlsEngine plain = DtlsEngine.client(TestPeers.client(ECDSA_SUITE, TestPeers.Auth.SERVER).build(), new DeterministicRandom(15));
        CookieServer s1 = new CookieServer(both, new DeterministicRandom(16));
        run(plain, s1, 8);
        assertConnected(plain, s1);
        assertEquals(TestPeers.ECDSA.chain(), plain.negotiated().peerCertificates());
        assertEquals(Optional.empty(), plain.negotiated().peerRawPublicKey());

        DtlsEngine raw = DtlsEngine.client(DtlsConfig.builder().cipherSuites(ECDSA_SUITE)
                .trustedRawPublicKeys(List.of(TestPeers.ECDSA.leaf().leaf().getPublicKey())).build(), new DeterministicRandom(17));
        CookieServer s2 = new CookieServer(both, new DeterministicRandom(18));
        run(raw, s2, 9);
        assertConnected(raw, s2);
        assertEquals(Optional.of(TestPeers.ECDSA.leaf().leaf().getPublicKey()), raw.negotiated().peerRawPublicKey());
    }

    @Test
    void aSessionResumesWithThePeersKeyAndNotUnderOtherTrust() {
        DtlsConfig serverConfig = rpk(SERVER, CLIENT.getPublic()).build();
        DtlsEngine first = DtlsEngine.client(rpk(CLIENT, SERVER.getPublic()).build(), new DeterministicRandom(19));
        run(first, new CookieServer(serverConfig, new DeterministicRandom(20)), 10);
        assertEquals(EngineState.CONNECTED, first.state(), () -> "client: " + first.failure());
        DtlsSession session = first.negotiated().session();
        assertEquals(Optional.of(SERVER.getPublic()), session.peerRawPublicKey());

        DtlsEngine again = DtlsEngine.client(rpk(CLIENT, SERVER.getPublic()).build(), new DeterministicRandom(21), session);
        CookieServer server = new CookieServer(serverConfig, new DeterministicRandom(22));
        run(again, server, 11);
        assertConnected(again, server);
        assertTrue(again.negotiated().resumed());
        assertEquals(Optional.of(SERVER.getPublic()), again.negotiated().peerRawPublicKey());
        assertEquals(Optional.of(CLIENT.getPublic()), server.engine().negotiated().peerRawPublicKey());

        // The server's configuration, derived to trust another client key, shares the session cache.
        DtlsConfig derived = serverConfig.toBuilder().trustedRawPublicKeys(List.of(STRANGER.getPublic())).build();
        DtlsEngine other = DtlsEngine.client(rpk(CLIENT, SERVER.getPublic()).build(), new DeterministicRandom(23), session);
        CookieServer cs = new CookieServer(derived, new DeterministicRandom(24));
        run(other, cs, 12);
        assertEquals(EngineState.FAILED, cs.state(), "a full handshake ran and checked the client's key");
        assertEquals(AlertDescription.BAD_CERTIFICATE, cs.engine().failure().alert());
    }

    /** The verifier learns where the peer is: the source the engines were given with each datagram. */
    @Test
    void theVerifierSeesThePeersAddress() {
        SocketAddress clientAt = new InetSocketAddress("127.0.0.1", 40001);
        SocketAddress serverAt = new InetSocketAddress("127.0.0.1", 5684);
        List<SocketAddress> seenByServer = new ArrayList<>();
        List<SocketAddress> seenByClient = new ArrayList<>();
        DtlsEngine client = DtlsEngine.client(DtlsConfig.builder().cipherSuites(ECDSA_SUITE).rawPublicKey(CLIENT)
                .rawPublicKeyVerifier((key, peer) -> seenByClient.add(peer)).build(), new DeterministicRandom(25));
        DtlsEngine server = DtlsEngine.serverWithoutCookie(DtlsConfig.builder().cipherSuites(ECDSA_SUITE).rawPublicKey(SERVER)
                .rawPublicKeyVerifier((key, peer) -> seenByServer.add(peer)).build(), new DeterministicRandom(26));
        client.start(0);
        for (int i = 0; i < 20 && !(client.state() == EngineState.CONNECTED && server.state() == EngineState.CONNECTED); i++) {
            for (ByteBuffer d; (d = client.pollDatagram()) != null; ) {
                server.receive(bytes(d), 0, d.limit(), clientAt, 0);
            }
            for (ByteBuffer d; (d = server.pollDatagram()) != null; ) {
                client.receive(bytes(d), 0, d.limit(), serverAt, 0);
            }
        }
        assertEquals(EngineState.CONNECTED, client.state(), () -> "client: " + client.failure());
        assertEquals(EngineState.CONNECTED, server.state(), () -> "server: " + server.failure());
        assertEquals(List.of(serverAt), seenByClient);
        assertEquals(List.of(clientAt), seenByServer);
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    @Test
    void theConfigurationNamesWhatDoesNotFit() {
        KeyPair leaf = new KeyPair(TestPeers.ECDSA.leaf().leaf().getPublicKey(), TestPeers.ECDSA.leaf().privateKey());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DtlsConfig.builder().certificate(TestPeers.ECDSA.chain(), leaf.getPrivate()).rawPublicKey(CLIENT).build());
        assertTrue(e.getMessage().contains("certificate and rawPublicKey must share one key pair"), e.getMessage());
        DtlsConfig server = rpk(SERVER, CLIENT.getPublic()).build();
        assertEquals(ClientAuth.REQUIRED, server.clientAuth(), "trust in client keys asks for them");
        assertEquals(SERVER.getPublic(), server.toBuilder().build().rawPublicKey());
        assertEquals(List.of(CLIENT.getPublic()), server.toBuilder().build().trustedRawPublicKeys());
        assertTrue(server.isTrustedRawPublicKey(CLIENT.getPublic()));
        assertFalse(server.isTrustedRawPublicKey(STRANGER.getPublic()));
        server.checkServer(); // a raw public key is enough for a server
        assertFalse(DtlsConfig.builder().build().acceptsRawPublicKeys(), "X.509 stays the default");
    }
}
