package org.dtls4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.crypto.NamedGroup;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.handshake.DtlsTimeoutException;
import org.dtls4j.handshake.Negotiated;
import org.dtls4j.transport.ConnectionCounters;
import org.junit.jupiter.api.Test;

class DescribeTest {

    @Test
    void countersNameOnlyTheDiscardReasonsThatHappened() {
        ConnectionCounters some = new ConnectionCounters(10, 9, 2, 0, 0, 3, Map.of("REPLAY", 1L, "BAD_MAC", 2L, "OLD_EPOCH", 0L),
                4, 5, 0, 0);
        assertEquals("datagrams in 10, out 9; application sent 4, received 5; retransmissions 2;"
                + " records discarded 3 (bad_mac 2, replay 1)", Describe.counters(some));
        ConnectionCounters none = new ConnectionCounters(1, 1, 0, 0, 0, 0, Map.of("REPLAY", 0L), 0, 0, 0, 0);
        assertEquals("datagrams in 1, out 1; application sent 0, received 0; retransmissions 0; records discarded 0",
                Describe.counters(none));
    }

    @Test
    void briefLineForTheServerLog() {
        Negotiated psk = new Negotiated("DTLSv1.2", CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256,
                Optional.of(NamedGroup.X25519), true, List.of(), Optional.of("alice"), Optional.of("coap"),
                Optional.empty(), false, null);
        assertEquals("TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256, group x25519, psk identity 'alice', alpn coap",
                Describe.brief(psk));
        Negotiated resumed = new Negotiated("DTLSv1.2", CipherSuite.TLS_PSK_WITH_AES_128_CCM_8, Optional.empty(), true,
                List.of(), Optional.empty(), Optional.empty(), Optional.of("example.org"), true, null);
        assertEquals("TLS_PSK_WITH_AES_128_CCM_8, sni example.org, resumed", Describe.brief(resumed));
    }

    @Test
    void failedHandshakeLineNamesTheAlertWhoSentItAndTheCause() {
        InetSocketAddress v4 = new InetSocketAddress("127.0.0.1", 40000);
        assertEquals("handshake with 127.0.0.1:40000 failed: unknown_psk_identity (ours): unknown PSK identity 'mallory'",
                Describe.handshakeFailure(v4, new DtlsException(AlertDescription.UNKNOWN_PSK_IDENTITY,
                        "unknown PSK identity 'mallory'")));
        assertEquals("handshake with 127.0.0.1:40000 failed: bad_record_mac (peer's): peer sent fatal alert bad_record_mac",
                Describe.handshakeFailure(v4, DtlsException.fromPeer(AlertDescription.BAD_RECORD_MAC)));
        InetSocketAddress v6 = new InetSocketAddress("::1", 5684);
        assertEquals("handshake with [0:0:0:0:0:0:0:1]:5684 failed: timeout: handshake did not complete within 1500 ms"
                        + " (2 retransmissions)",
                Describe.handshakeFailure(v6, new DtlsTimeoutException("handshake did not complete within 1500 ms"
                        + " (2 retransmissions)")));
    }
}
