package org.dtls4j.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.ClientAuth;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsTimeoutException;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.credentials.Credentials;
import org.dtls4j.credentials.ThrowawayCredentials;
import org.dtls4j.transport.FailureReports.Report;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link DtlsServer#onHandshakeFailure}: every handshake the server held state for and that failed
 * is reported once, with the client's address and the engine's cause; successes and strangers
 * without a valid cookie (RFC 6347 §4.2.1) are not.
 *
 * <p>"Exactly once" and "not at all" are shown with a marker: a second client that fails at once
 * (unknown PSK identity) after the case under test. The server's single I/O thread reports in
 * order, so when the marker's report arrives, anything the first case would have caused was
 * reported before it.
 */
@Timeout(60)
class HandshakeFailureHookTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration SHORT_HANDSHAKE = Duration.ofMillis(1500);
    private static final int HELLO_VERIFY_REQUEST = 3;

    @Test
    void unknownPskIdentityIsReportedOnceWithOurAlertOnTheIoThread() throws Exception {
        FailureReports reports = new FailureReports();
        try (DtlsServer server = DtlsServer.bind(new InetSocketAddress("127.0.0.1", 0), Configs.pskServer())) {
            server.onHandshakeFailure(reports);
            InetSocketAddress client = failWithUnknownIdentity(server, "mallory");

            Report r = reports.next(WAIT);
            assertEquals(client, r.peer());
            // RFC 4279 §2: "the server MUST send an unknown_psk_identity alert"
            assertEquals(AlertDescription.UNKNOWN_PSK_IDENTITY, r.failure().alert(), r::toString);
            assertFalse(r.failure().isReceivedFromPeer(), "our verdict, not the peer's alert");
            assertTrue(r.failure().getMessage().contains("'mallory'"), r::toString);
            assertEquals("dtls4j-server-" + server.localAddress().getPort(), r.thread());
            assertEquals(0, server.peerCount(), "the peer was forgotten before the report");

            assertOnlyTheMarkerFollows(server, reports, 2);
        }
    }

    @Test
    void untrustedClientCertificateIsReportedWithTheTrustReason() throws Exception {
        Credentials trusted = ThrowawayCredentials.selfSigned("P-256", "trusted client");
        Credentials stranger = ThrowawayCredentials.selfSigned("P-256", "stranger");
        DtlsConfig serverConfig = Configs.ecdsaServer().toBuilder()
                .clientAuth(ClientAuth.REQUIRED)
                .trustedCertificates(List.of(trusted.leaf()))
                .build();
        FailureReports reports = new FailureReports();
        try (DtlsServer server = DtlsServer.bind(new InetSocketAddress("127.0.0.1", 0), serverConfig);
             RawClient client = new RawClient(server.localAddress())) {
            server.onHandshakeFailure(reports);
            DtlsConfig clientConfig = Configs.ecdsaClient().toBuilder()
                    .certificate(stranger.chain(), stranger.privateKey())
                    .build();
            assertEquals(EngineState.FAILED, client.start(clientConfig).handshake(WAIT));

            Report r = reports.next(WAIT);
            assertEquals(client.localAddress(), r.peer());
            assertEquals(AlertDescription.BAD_CERTIFICATE, r.failure().alert(), r::toString);
            assertFalse(r.failure().isReceivedFromPeer(), r::toString);
            assertTrue(r.failure().getMessage().startsWith("client certificate not trusted: "), r::toString);
            // and the client heard the same verdict as an alert
            assertEquals(AlertDescription.BAD_CERTIFICATE, client.engine().failure().alert());
            assertTrue(client.engine().failure().isReceivedFromPeer());

            assertOnlyTheMarkerFollows(server, reports, 2);
        }
    }

    @Test
    void clientThatRejectsTheServerCertificateIsReportedAsThePeersAlert() throws Exception {
        FailureReports reports = new FailureReports();
        try (DtlsServer server = DtlsServer.bind(new InetSocketAddress("127.0.0.1", 0), Configs.ecdsaServer());
             RawClient client = new RawClient(server.localAddress())) {
            server.onHandshakeFailure(reports);
            DtlsConfig trustsSomeoneElse = DtlsConfig.builder()
                    .trustedCertificates(List.of(ThrowawayCredentials.selfSigned("P-256", "other", "localhost").leaf()))
                    .serverName("localhost")
                    .build();
            assertEquals(EngineState.FAILED, client.start(trustsSomeoneElse).handshake(WAIT));
            AlertDescription sent = client.engine().failure().alert();

            Report r = reports.next(WAIT);
            assertEquals(client.localAddress(), r.peer());
            assertTrue(r.failure().isReceivedFromPeer(), r::toString);
            assertEquals(sent, r.failure().alert(), r::toString);
            assertTrue(r.failure().getMessage().contains(sent.rfcName()), r::toString);
        }
    }

    /**
     * The client passes the cookie exchange, sends its verified ClientHello and falls silent. For a
     * handshaking peer the handshake deadline is the idle timeout: the report is a timeout, and it
     * comes no earlier than {@code config.handshakeTimeout()} after that hello.
     */
    @Test
    void clientSilentAfterItsVerifiedHelloIsReportedAsATimeoutAtTheDeadline() throws Exception {
        DtlsConfig serverConfig = Configs.pskServer().toBuilder().handshakeTimeout(SHORT_HANDSHAKE).build();
        FailureReports reports = new FailureReports();
        try (DtlsServer server = DtlsServer.bind(new InetSocketAddress("127.0.0.1", 0), serverConfig);
             RawClient client = new RawClient(server.localAddress())) {
            server.onHandshakeFailure(reports);
            client.start(Configs.pskClient());
            byte[] verify = client.awaitHandshakeMessage(HELLO_VERIFY_REQUEST, WAIT);
            assertNotNull(verify, "no HelloVerifyRequest");
            long sentVerifiedHello = System.nanoTime();
            client.deliver(verify); // the ClientHello with the cookie; then nothing more
            Await.until(() -> server.counters().handshakesStarted() == 1, WAIT, () -> server.counters().toString());
            assertNull(reports.poll(), "reported before the deadline");

            Report r = reports.next(SHORT_HANDSHAKE.plus(WAIT));
            long afterMillis = (r.atNanos() - sentVerifiedHello) / 1_000_000;
            assertEquals(client.localAddress(), r.peer());
            DtlsTimeoutException timeout = assertInstanceOf(DtlsTimeoutException.class, r.failure());
            assertTrue(timeout.getMessage().contains("did not complete within " + SHORT_HANDSHAKE.toMillis() + " ms"),
                    timeout::getMessage);
            assertFalse(timeout.isReceivedFromPeer());
            assertTrue(afterMillis >= SHORT_HANDSHAKE.toMillis() - 50, "reported after " + afterMillis + " ms");
            assertEquals(1, server.counters().handshakeTimeouts(), server.counters()::toString);
            assertEquals(0, server.counters().idleEvictions(), server.counters()::toString);
        }
    }

    /**
     * With the wrong key, the client's Finished fails its record MAC and is discarded silently
     * (RFC 6347 §4.1.2.7: invalid records "SHOULD be silently discarded"). When the client's
     * retransmitted flight brings it again the server knows the keys differ: the report is our
     * bad_record_mac naming the PSK identity (it was a timeout, and this test said so, before the
     * server's KeyMismatchWatch existed).
     */
    @Test
    void wrongPskKeyIsReportedAsAKeyMismatch() throws Exception {
        DtlsConfig serverConfig = Configs.pskServer().toBuilder().handshakeTimeout(SHORT_HANDSHAKE).build();
        FailureReports reports = new FailureReports();
        try (DtlsServer server = DtlsServer.bind(new InetSocketAddress("127.0.0.1", 0), serverConfig);
             RawClient client = new RawClient(server.localAddress())) {
            server.onHandshakeFailure(reports);
            byte[] wrongKey = Arrays.copyOf(Configs.KEY, Configs.KEY.length);
            wrongKey[0] ^= 1;
            DtlsConfig clientConfig = DtlsConfig.builder().psk(Configs.IDENTITY, wrongKey)
                    .handshakeTimeout(SHORT_HANDSHAKE).build();
            assertEquals(EngineState.FAILED, client.start(clientConfig).handshake(SHORT_HANDSHAKE.plus(WAIT)));

            Report r = reports.next(WAIT);
            assertEquals(client.localAddress(), r.peer());
            assertEquals(AlertDescription.BAD_RECORD_MAC, r.failure().alert(), r.failure()::getMessage);
            assertFalse(r.failure().isReceivedFromPeer());
            assertTrue(r.failure().getMessage().contains("different pre-shared key for PSK identity"),
                    r.failure()::getMessage);
            assertOnlyTheMarkerFollows(server, reports, 2);
        }
    }

    @Test
    void successfulHandshakeIsNotReported() throws Exception {
        FailureReports reports = new FailureReports();
        try (DtlsServer server = DtlsServer.bind(new InetSocketAddress("127.0.0.1", 0), Configs.pskServer())) {
            server.onHandshakeFailure(reports);
            EchoServer.on(server);
            byte[] text = "fine".getBytes(StandardCharsets.UTF_8);
            try (DtlsConnection c = DtlsClient.connect(server.localAddress(), Configs.pskClient(), WAIT)) {
                c.send(text);
                assertArrayEquals(text, c.receive(WAIT));
            }
            Await.until(() -> server.peerCount() == 0, WAIT, () -> "closed client still held: " + server.counters());
            assertOnlyTheMarkerFollows(server, reports, 1);
            assertEquals(1, server.counters().handshakesCompleted());
        }
    }

    @Test
    void throwingHandlerIsLoggedAndTheServerGoesOn() throws Exception {
        FailureReports reports = new FailureReports();
        try (DtlsServer server = DtlsServer.bind(new InetSocketAddress("127.0.0.1", 0), Configs.pskServer())) {
            server.onHandshakeFailure((peer, failure) -> {
                reports.accept(peer, failure);
                throw new IllegalStateException("a handler with a bug");
            });
            EchoServer.on(server);
            InetSocketAddress first = failWithUnknownIdentity(server, "first");
            assertEquals(first, reports.next(WAIT).peer());

            // the I/O thread lives: a good client is served, and the next failure is reported too
            byte[] text = "still here".getBytes(StandardCharsets.UTF_8);
            try (DtlsConnection c = DtlsClient.connect(server.localAddress(), Configs.pskClient(), WAIT)) {
                c.send(text);
                assertArrayEquals(text, c.receive(WAIT));
            }
            InetSocketAddress second = failWithUnknownIdentity(server, "second");
            assertEquals(second, reports.next(WAIT).peer());
            assertTrue(server.isOpen());
        }
    }

    /**
     * Spoofed garbage, ClientHellos without or with a guessed cookie, a truncated hello: the server
     * keeps no state for any of them (RFC 6347 §4.2.1), so there is no handshake to report.
     */
    @Test
    void strangersWithoutAValidCookieAreNotReported() throws Exception {
        Random random = new Random(4279);
        FailureReports reports = new FailureReports();
        try (DtlsServer server = DtlsServer.bind(new InetSocketAddress("127.0.0.1", 0), Configs.pskServer());
             DatagramChannel source = DatagramChannel.open()) {
            server.onHandshakeFailure(reports);
            source.bind(new InetSocketAddress("127.0.0.1", 0));
            byte[] hello = RawClient.cookielessHello(Configs.pskClient());
            byte[] guessed = new byte[32];
            random.nextBytes(guessed);
            byte[] junk = new byte[100];
            random.nextBytes(junk);
            junk[0] = 23; // application_data in epoch 0
            List<byte[]> hostile = List.of(hello, RawClient.withCookie(hello, guessed), Arrays.copyOf(hello, hello.length - 10),
                    junk, Arrays.copyOf(junk, 5));
            for (byte[] d : hostile) {
                source.send(ByteBuffer.wrap(d), server.localAddress());
            }
            Await.until(() -> server.counters().datagramsIn() == hostile.size(), WAIT, () -> server.counters().toString());
            assertEquals(0, server.counters().handshakesStarted(), server.counters()::toString);
            assertOnlyTheMarkerFollows(server, reports, 1);
        }
    }

    /** Without cookies a peer gets an engine on its first hello, and its failure is reported. */
    @Test
    void withoutCookiesAFailedHandshakeIsReportedToo() throws Exception {
        FailureReports reports = new FailureReports();
        ServerOptions options = ServerOptions.defaults().withCookies(false);
        try (DtlsServer server = DtlsServer.bind(new InetSocketAddress("127.0.0.1", 0), Configs.pskServer(), options)) {
            server.onHandshakeFailure(reports);
            InetSocketAddress client = failWithUnknownIdentity(server, "no cookie");
            Report r = reports.next(WAIT);
            assertEquals(client, r.peer());
            assertEquals(AlertDescription.UNKNOWN_PSK_IDENTITY, r.failure().alert());
        }
    }

    /**
     * Runs a PSK client with an identity the server does not know to its end, from a fresh socket,
     * and returns that socket's address. It fails at once: a server with a PSK store refuses it
     * with unknown_psk_identity; against a certificate server it rejects the certificate itself.
     */
    private static InetSocketAddress failWithUnknownIdentity(DtlsServer server, String identity) throws Exception {
        try (RawClient client = new RawClient(server.localAddress())) {
            DtlsConfig config = DtlsConfig.builder().psk(identity.getBytes(StandardCharsets.UTF_8), Configs.KEY).build();
            assertEquals(EngineState.FAILED, client.start(config).handshake(WAIT));
            return client.localAddress();
        }
    }

    /**
     * Fails one more handshake (the marker) and checks that its report is the next and the last, and
     * that the server counted {@code failedInAll} failed handshakes, each reported once.
     */
    private static void assertOnlyTheMarkerFollows(DtlsServer server, FailureReports reports, int failedInAll)
            throws Exception {
        InetSocketAddress marker = failWithUnknownIdentity(server, "marker");
        Report r = reports.next(WAIT);
        assertEquals(marker, r.peer(), () -> "a report other than the marker's came first: " + r);
        assertNull(reports.poll(), "a report after the marker's");
        assertEquals(failedInAll, server.counters().handshakesFailed(), server.counters()::toString);
        assertEquals(failedInAll, reports.count(), "reports in all");
    }
}
