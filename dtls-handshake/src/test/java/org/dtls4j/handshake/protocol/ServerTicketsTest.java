package org.dtls4j.handshake.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.crypto.JcaProviders;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.DeterministicRandom;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.handshake.Negotiated;
import org.dtls4j.handshake.TestPeers;
import org.dtls4j.handshake.TestPeers.Auth;
import org.dtls4j.handshake.extension.ExtendedMasterSecret;
import org.dtls4j.handshake.extension.Extension;
import org.dtls4j.handshake.extension.Extensions;
import org.dtls4j.handshake.extension.SessionTicket;
import org.dtls4j.handshake.flight.Flight;
import org.dtls4j.handshake.fragment.HandshakeMessageBytes;
import org.dtls4j.handshake.message.ClientHello;
import org.dtls4j.handshake.ticket.MutableClock;
import org.dtls4j.handshake.ticket.SessionTickets;
import org.dtls4j.handshake.ticket.TicketFormat;
import org.dtls4j.handshake.ticket.TicketKey;
import org.dtls4j.handshake.ticket.TicketKeys;
import org.dtls4j.handshake.ticket.TicketRejection;
import org.dtls4j.handshake.ticket.TicketState;
import org.dtls4j.record.ProtocolVersion;
import org.dtls4j.record.RecordLayer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RFC 7627 §5.3 for tickets, as a table: the extended master secret of the ticket's session, of the
 * new ClientHello, and whether the server requires it, against what the server does.
 */
class ServerTicketsTest {
    private static final CipherSuite SUITE = CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256;
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final TicketKey KEY = TicketKey.generate(new DeterministicRandom(1));

    @ParameterizedTest(name = "session ems={0}, hello ems={1}, required={2}: {3}")
    @CsvSource({
            "true,  true,  true,  RESUME",
            "true,  true,  false, RESUME",
            "true,  false, false, HANDSHAKE_FAILURE",  // "the server MUST abort the abbreviated handshake"
            "false, true,  false, FULL",               // "MUST NOT perform the abbreviated handshake"
            "false, true,  true,  FULL",
            "false, false, true,  FULL",               // required: the full handshake then refuses the hello
            "false, false, false, RESUME"})            // legacy resumption, allowed when not required
    void extendedMasterSecretRules(boolean sessionEms, boolean helloEms, boolean required, String outcome)
            throws DtlsException {
        SessionTickets tickets = new SessionTickets(TicketKeys.of(KEY), Duration.ofHours(1), new MutableClock(NOW));
        DtlsConfig config = TestPeers.server(SUITE, Auth.SERVER).requireExtendedMasterSecret(required)
                .sessionTickets(tickets).build();
        ServerTickets serverTickets = new ServerTickets(config, new ServerNegotiation(config), new Hooks());
        TicketState state = new TicketState(SUITE, new byte[48], sessionEms, NOW.getEpochSecond(),
                TicketState.IdentityType.PSK_IDENTITY, TestPeers.PSK_IDENTITY, null);
        byte[] ticket = TicketFormat.seal(state, KEY, new DeterministicRandom(2), JcaProviders.defaults());
        ClientHello hello = hello(ticket, helloEms);
        switch (outcome) {
            case "RESUME" -> assertNotNull(serverTickets.resume(hello, helloEms));
            case "FULL" -> {
                assertNull(serverTickets.resume(hello, helloEms));
                assertEquals(1, tickets.counters().rejectedCount(TicketRejection.EXTENDED_MASTER_SECRET));
            }
            default -> {
                DtlsException e = assertThrows(DtlsException.class, () -> serverTickets.resume(hello, helloEms));
                assertEquals(AlertDescription.HANDSHAKE_FAILURE, e.alert());
            }
        }
    }

    private static ClientHello hello(byte[] ticket, boolean ems) {
        List<Extension> ext = new ArrayList<>();
        if (ems) {
            ext.add(ExtendedMasterSecret.INSTANCE.toExtension());
        }
        ext.add(new SessionTicket(ticket).toExtension());
        return ClientHello.of(ProtocolVersion.DTLS_1_2, new byte[32], new byte[32], new byte[0], List.of(SUITE.id()),
                Extensions.of(ext));
    }

    /** Hooks for a handshake that sends nothing. */
    private static final class Hooks implements HandshakeHooks {
        public RecordLayer recordLayer() { throw new UnsupportedOperationException(); }
        public void peerMessage(HandshakeMessageBytes message) { }
        public void sendFlight(Flight flight, boolean awaitsAnswer) { throw new UnsupportedOperationException(); }
        public void completed(Negotiated negotiated) { }
        public void trace(Supplier<String> line) { }
        public SocketAddress peerAddress() { return null; }
        public void recordLimits(RecordLimits limits) { }
    }
}
