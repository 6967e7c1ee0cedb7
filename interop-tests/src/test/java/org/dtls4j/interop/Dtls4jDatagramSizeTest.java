package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.dtls4j.transport.ServerCounters;
import org.dtls4j.transport.ServerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Datagram sizes with dtls4j's default {@code maxDatagramSize} (1400), which the rest of the
 * matrix raises to 1472 so that 1,400-byte application datagrams fit (1,400 + 13-byte header +
 * 24 bytes of AEAD nonce and tag = 1,437 bytes on the wire).
 */
@ExtendWith(InteropReport.class)
@Timeout(60)
class Dtls4jDatagramSizeTest {

    private static final PeerFactory DEFAULT_SIZE = Dtls4jPeer.factory("dtls4j-1400", ServerOptions.defaults(),
            config -> config.toBuilder().maxDatagramSize(1400).build());

    /** The client's receive buffer holds any UDP datagram: a 1,437-byte record from s_server arrives. */
    @Test
    void dtls4jClientWithTheDefaultSizeReceivesA1437ByteDatagram() {
        Matrix.run(InteropCase.of(DEFAULT_SIZE, OpenSslPeer.FACTORY, Suite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256)
                .withPayloadSizes(64, 1300));
    }

    /**
     * Regression: the server once dropped every datagram longer than its own {@code maxDatagramSize}
     * ({@code ServerCounters.oversizedDropped}), so a peer that sent a 1,400-byte line got no
     * answer: the 1,437-byte record never reached the engine. A datagram limit is a send limit
     * (the path MTU, RFC 6347 §4.1.1.1); what arrives is bounded by the record layer's own limit
     * (2^14 bytes of plaintext plus expansion, RFC 6347 §4.1). The same drop would also end a
     * handshake whenever a peer's datagram overshoots by a few bytes, as OpenSSL's last flight
     * does under {@code -mtu} (see {@code LossAndMtuInteropTest}).
     */
    @Test
    void dtls4jServerWithTheDefaultSizeReceivesA1437ByteDatagram() {
        InteropCase c = InteropCase.of(OpenSslPeer.FACTORY, DEFAULT_SIZE, Suite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256)
                .withPayloadSizes(64, 1300);
        Interop.run(c, Matrix.negotiated(c).andThen((client, server) -> {
            // One way only: the server may receive what it could not send itself (1,400 bytes of
            // data need a 1,437-byte datagram, more than its own 1,400-byte limit).
            byte[] big = Payloads.line(1400, new java.util.Random(5));
            client.send(big);
            assertArrayEquals(big, server.receive(java.time.Duration.ofSeconds(10)));
            ServerCounters n = ((Dtls4jPeer) server).server().counters();
            assertEquals(0, n.oversizedDropped(), n::toString);
        }));
    }
}
