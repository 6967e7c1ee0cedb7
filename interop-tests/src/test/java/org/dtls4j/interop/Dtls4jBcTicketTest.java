package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.ExtensionType;
import org.bouncycastle.tls.NewSessionTicket;
import org.bouncycastle.tls.PSKTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SessionParameters;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsSession;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UDPTransport;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.ticket.SessionTickets;
import org.dtls4j.handshake.ticket.TicketKey;
import org.dtls4j.handshake.ticket.TicketKeys;
import org.dtls4j.transport.DtlsConnection;
import org.dtls4j.transport.DtlsServer;
import org.dtls4j.transport.ServerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bouncy Castle's DTLS 1.2 client resumes by session ticket (RFC 5077) with a dtls4j server that
 * issues them. BC hands the client the NewSessionTicket ({@code notifyNewSessionTicket}) but keeps
 * no ticket itself, and our server answers a ticket request with an empty session ID (RFC 5077
 * §3.4), so BC's own session is not resumable by ID. The client therefore keeps the ticket and the
 * session's parameters, and offers them again under a session ID of its own choosing; RFC 5077
 * §3.4 says a server that accepts the ticket echoes that ID, which is how BC (resuming only when
 * the ServerHello repeats its session ID) recognises the abbreviated handshake.
 *
 * <p>The ticket key does not rotate here: BC's client expects no NewSessionTicket in an abbreviated
 * handshake (it reads the server's Finished right after the ServerHello), so a ticket the server
 * renews under a newer key would break BC's resumption.
 */
@Timeout(60)
class Dtls4jBcTicketTest {
    private static final Suite SUITE = Suite.TLS_PSK_WITH_AES_128_GCM_SHA256;
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final InteropCase CASE = InteropCase.of(Dtls4jPeer.DTLS4J, Dtls4jPeer.DTLS4J, SUITE);

    @Test
    void bouncyCastleClientResumesByOurTicket() throws Exception {
        SessionTickets tickets = new SessionTickets(TicketKeys.of(TicketKey.generate(new SecureRandom())));
        DtlsConfig config = Dtls4jConfigs.forCase(CASE, DtlsPeer.Role.SERVER, null).toBuilder()
                .sessionTickets(tickets).build();
        try (DtlsServer server = DtlsServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), config,
                ServerOptions.defaults())) {
            TicketClient first = new TicketClient(null, null);
            try (Association a = Association.open(server, first)) {
                assertFalse(a.connection.negotiated().resumed(), a.connection.negotiated().toString());
                assertFalse(first.resumed, "BC: a full handshake");
                assertTrue(a.connection.negotiated().extendedMasterSecret(), "RFC 7627, needed by BC to resume");
                a.echo(1);
            }
            assertNotNull(first.ticket, "BC received a NewSessionTicket");
            assertTrue(first.ticket.getTicket().length > 0, "a non-empty ticket");
            assertEquals(0, first.sessionId.length, "RFC 5077 §3.4: an empty session ID with a new ticket");
            assertEquals(1, tickets.counters().issuedCount(), tickets.counters().toString());

            byte[] sessionId = new byte[32];
            new SecureRandom().nextBytes(sessionId);
            TlsSession toResume = TlsUtils.importSession(sessionId, first.parameters);
            TicketClient second = new TicketClient(toResume, first.ticket.getTicket());
            try (Association a = Association.open(server, second)) {
                assertTrue(a.connection.negotiated().resumed(), "dtls4j: abbreviated handshake: " + a.connection.negotiated());
                assertTrue(second.resumed, "BC: abbreviated handshake");
                assertArrayEquals(sessionId, second.sessionId, "RFC 5077 §3.4: the server echoed our session ID");
                assertEquals(SUITE.name(), a.connection.negotiated().cipherSuite().ianaName());
                a.echo(2);
            }
            assertEquals(1, tickets.counters().resumedCount(), tickets.counters().toString());
            assertEquals(0, tickets.counters().rejectedCount(), tickets.counters().toString());
            assertEquals(0, tickets.counters().renewedCount(), tickets.counters().toString());
        }
    }

    /** A BC handshake with the dtls4j server, from a socket of its own, and the connection the server accepted. */
    private static final class Association implements AutoCloseable {
        private final DatagramSocket socket;
        private final DTLSTransport transport;
        private final DtlsConnection connection;

        private Association(DatagramSocket socket, DTLSTransport transport, DtlsConnection connection) {
            this.socket = socket;
            this.transport = transport;
            this.connection = connection;
        }

        static Association open(DtlsServer server, TicketClient client) throws Exception {
            DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            try {
                socket.connect(server.localAddress());
                CompletableFuture<DTLSTransport> bc = CompletableFuture.supplyAsync(() -> {
                    try {
                        return new DTLSClientProtocol().connect(client, new UDPTransport(socket, 1400));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                DtlsConnection connection = server.accept(WAIT);
                assertNotNull(connection, "the server accepted no connection");
                return new Association(socket, bc.get(WAIT.toSeconds(), TimeUnit.SECONDS), connection);
            } catch (Exception | AssertionError e) {
                socket.close();
                throw e;
            }
        }

        /** One application datagram each way. */
        void echo(long seed) throws Exception {
            Random random = new Random(seed);
            byte[] up = Payloads.line(100, random);
            transport.send(up, 0, up.length);
            assertArrayEquals(up, connection.receive(WAIT));
            byte[] down = Payloads.line(300, random);
            connection.send(down);
            byte[] buf = new byte[transport.getReceiveLimit()];
            long deadline = System.nanoTime() + WAIT.toNanos();
            int n = -1;
            while (n < 0 && System.nanoTime() < deadline) {
                n = transport.receive(buf, 0, buf.length, (int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
            assertArrayEquals(down, Arrays.copyOf(buf, Math.max(n, 0)), "BC received the server's datagram");
        }

        @Override
        public void close() throws IOException {
            try {
                connection.close();
                transport.close();
            } finally {
                socket.close();
            }
        }
    }

    /**
     * A PSK client that asks for a ticket (an empty SessionTicket extension, RFC 5077 §3.2) or
     * presents one, and keeps what it needs to resume by it: the ticket and the session's parameters.
     */
    private static final class TicketClient extends PSKTlsClient {
        private final TlsSession toResume;
        private final byte[] presented;
        volatile NewSessionTicket ticket;
        volatile SessionParameters parameters;
        volatile byte[] sessionId;
        volatile boolean resumed;

        /** @param toResume the session to offer, or null; @param presented its ticket, or null to ask for one */
        TicketClient(TlsSession toResume, byte[] presented) {
            super(new JcaTlsCryptoProvider().create(new SecureRandom()),
                    InteropCase.PSK_IDENTITY.getBytes(StandardCharsets.UTF_8), CASE.pskKey());
            this.toResume = toResume;
            this.presented = presented;
        }

        @Override
        public int getHandshakeTimeoutMillis() {
            return (int) WAIT.toMillis(); // bounded: a failed test leaves no handshake waiting
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return new int[] {SUITE.code()};
        }

        @Override
        public TlsSession getSessionToResume() {
            return toResume;
        }

        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        public Hashtable getClientExtensions() throws IOException {
            Hashtable ext = TlsExtensionsUtils.ensureExtensionsInitialised(super.getClientExtensions());
            ext.put(ExtensionType.session_ticket, presented == null ? new byte[0] : presented.clone());
            return ext;
        }

        @Override
        public void notifyNewSessionTicket(NewSessionTicket newSessionTicket) {
            ticket = newSessionTicket;
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            TlsSession session = context.getSession();
            sessionId = session.getSessionID();
            parameters = session.exportSessionParameters();
            resumed = context.getSecurityParametersConnection().isResumedSession();
        }
    }
}
