package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dtls4j.interop.UdpLossRelay.Direction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Handshakes against OpenSSL through a lossy relay (RFC 6347 §4.2.4 retransmission) and with a
 * small server MTU (RFC 6347 §4.2.3 fragmentation).
 */
@ExtendWith(InteropReport.class)
@Timeout(60)
class LossAndMtuInteropTest {

    private static final Suite ECDSA = Suite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
    /** OpenSSL's {@code -mtu} is the link MTU: it subtracts 28 bytes of IPv4 + UDP headers. */
    private static final int MTU = 300;
    /**
     * OpenSSL 3.0 packs the final flight (NewSessionTicket, ChangeCipherSpec, Finished) into one
     * datagram while counting the AEAD Finished record without its 8-byte explicit nonce and
     * 16-byte tag, so that datagram may exceed {@code MTU - 28} by up to 24 bytes.
     */
    private static final int OPENSSL_AEAD_SLACK = 24;

    @Test
    void jdkClientToOpenSslServerAtTwentyPercentLoss() {
        InteropCase c = InteropCase.of(JdkDtlsPeer.FACTORY, OpenSslPeer.FACTORY, ECDSA)
                .withLoss(UdpLossRelay.DEFAULT_LOSS, 20);
        Interop.Outcome o = Interop.run(c);
        UdpLossRelay relay = o.relay().orElseThrow();
        assertTrue(relay.dropped(Direction.CLIENT_TO_SERVER) + relay.dropped(Direction.SERVER_TO_CLIENT) > 0,
                "the seed must make the relay drop something: " + relay.summary());
        assertEquals(ECDSA.name(), o.clientSuite());
    }

    @Test
    void bcPskClientToOpenSslServerAtTwentyPercentLoss() {
        InteropCase c = InteropCase.of(BcDtlsPeer.FACTORY, OpenSslPeer.FACTORY, Suite.TLS_PSK_WITH_AES_128_CCM_8)
                .withLoss(UdpLossRelay.DEFAULT_LOSS, 3);
        Interop.Outcome o = Interop.run(c);
        UdpLossRelay relay = o.relay().orElseThrow();
        assertTrue(relay.dropped(Direction.CLIENT_TO_SERVER) + relay.dropped(Direction.SERVER_TO_CLIENT) > 0,
                "the seed must make the relay drop something: " + relay.summary());
    }

    @Test
    void openSslServerWithMtu300FragmentsAndTheJdkClientCompletes() {
        assertFragmentedAndSmall(Interop.run(
                InteropCase.of(JdkDtlsPeer.FACTORY, OpenSslPeer.FACTORY, ECDSA).withMtu(MTU).withPayloadSizes(64, 150)));
    }

    @Test
    void openSslServerWithMtu300FragmentsAndTheBcClientCompletes() {
        assertFragmentedAndSmall(Interop.run(
                InteropCase.of(BcDtlsPeer.FACTORY, OpenSslPeer.FACTORY, ECDSA).withMtu(MTU).withPayloadSizes(64, 150)));
    }

    private static void assertFragmentedAndSmall(Interop.Outcome o) {
        UdpLossRelay relay = o.relay().orElseThrow();
        assertTrue(relay.largestDatagram(Direction.SERVER_TO_CLIENT) <= MTU - 28 + OPENSSL_AEAD_SLACK, relay.summary());
        // The Certificate message (a chain of two) cannot fit in 272 bytes, so it must arrive in fragments.
        assertTrue(relay.partialHandshakeFragments(Direction.SERVER_TO_CLIENT) >= 2, relay.summary());
        assertEquals(ECDSA.name(), o.serverSuite());
    }
}
