package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsSession;
import org.dtls4j.handshake.ticket.SessionTickets;
import org.dtls4j.handshake.ticket.TicketKey;
import org.dtls4j.handshake.ticket.TicketKeys;
import org.dtls4j.transport.DtlsClient;
import org.dtls4j.transport.DtlsConnection;
import org.dtls4j.transport.DtlsServer;
import org.dtls4j.transport.ServerOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Session tickets (RFC 5077) with GnuTLS 3.7, both roles: {@code gnutls-cli --resume} resumes by
 * the ticket a dtls4j server issued (its second connection says "This is a resumed session"), and
 * a dtls4j client resumes by the ticket {@code gnutls-serv} issued (tickets are on by default
 * there). Skipped when gnutls-bin is not installed.
 */
@Timeout(60)
class Dtls4jGnuTlsTicketTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Pattern RESUMED = Pattern.compile("^\\*\\*\\* This is a resumed session");
    private static final String PRIORITY = "--priority=NORMAL:-VERS-ALL:+VERS-DTLS1.2";

    @BeforeAll
    static void gnuTlsInstalled() {
        assumeTrue(GnuTls.available(), "gnutls-cli and gnutls-serv (Debian: gnutls-bin) are not installed");
    }

    private static TestPki.Credential serverKey() {
        return TestPki.get().serverEcdsa();
    }

    @Test
    void gnuTlsClientResumesByOurTicket() throws Exception {
        SessionTickets tickets = new SessionTickets(TicketKeys.of(TicketKey.generate(new SecureRandom())));
        DtlsConfig config = DtlsConfig.builder().cipherSuites(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256)
                .certificate(serverKey().chain(), serverKey().privateKey()).sessionTickets(tickets).build();
        try (DtlsServer server = DtlsServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), config,
                ServerOptions.defaults());
             OpenSslProcess client = GnuTls.client(server.localAddress().getPort(), List.of(PRIORITY, "--resume",
                     "--x509cafile=" + TestPki.get().caFile(), "--verify-hostname=localhost"))) {
            DtlsConnection first = server.accept(WAIT);
            assertNotNull(first, () -> "no first connection: " + client.transcript());
            assertFalse(first.negotiated().resumed());
            DtlsConnection second = server.accept(WAIT);
            assertNotNull(second, () -> "no second connection: " + client.transcript());
            assertTrue(second.negotiated().resumed(), second.negotiated() + "\n" + client.transcript());
            client.awaitStdout(RESUMED, WAIT);
            assertEquals(1, tickets.counters().resumedCount(), tickets.counters().toString());
            String line = "resumed by ticket, from gnutls-cli";
            client.write(line + "\n");
            byte[] got = second.receive(WAIT);
            assertNotNull(got, () -> "nothing from gnutls-cli: " + client.transcript());
            assertEquals(line, new String(got, StandardCharsets.UTF_8).strip());
            second.close();
        }
    }

    @Test
    void dtls4jClientResumesByGnuTlsTicket() throws Exception {
        DtlsConfig config = DtlsConfig.builder().cipherSuites(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256)
                .trustedCertificates(List.of(TestPki.get().caCertificate())).serverName("localhost").build();
        int port = OpenSsl.freeUdpPort();
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        try (OpenSslProcess gnutls = GnuTls.server(port, List.of(PRIORITY,
                "--x509certfile=" + serverKey().leafFile(), "--x509keyfile=" + serverKey().keyFile()))) {
            gnutls.awaitStderr(GnuTls.SERVER_READY, WAIT);
            DtlsSession session;
            try (DtlsConnection first = DtlsClient.connect(address, config, WAIT)) {
                assertFalse(first.negotiated().resumed());
                session = first.session();
                assertTrue(session.ticket().isPresent(), "gnutls-serv issued a ticket: " + session);
                echo(first, "full handshake", gnutls);
            }
            try (DtlsConnection second = DtlsClient.connect(address, config, session, WAIT)) {
                assertTrue(second.negotiated().resumed(), second.negotiated() + "\n" + gnutls.transcript());
                echo(second, "resumed by ticket", gnutls);
            }
        }
    }

    private static void echo(DtlsConnection c, String text, OpenSslProcess gnutls) throws Exception {
        byte[] hello = (text + "\n").getBytes(StandardCharsets.US_ASCII);
        c.send(hello);
        assertArrayEquals(hello, c.receive(WAIT), gnutls.transcript());
    }
}
