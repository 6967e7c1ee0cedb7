package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dtls4j.interop.UdpLossRelay.Direction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * dtls4j's Netty handlers ({@code dtls4j-netty}) against OpenSSL in both roles, with certificates
 * and with PSK, against dtls4j's own socket client and server, through a relay that drops 20 % of
 * the handshake's datagrams, and with a 300-byte MTU that fragments the certificate.
 */
@ExtendWith(InteropReport.class)
@Timeout(90)
class NettyInteropTest {
    private static final Suite ECDSA = Suite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
    private static final Suite PSK = Suite.TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256;
    private static final Suite PLAIN_PSK = Suite.TLS_PSK_WITH_AES_128_GCM_SHA256;
    /** OpenSSL's {@code -mtu} and the case's MTU count 28 bytes of IPv4 and UDP headers. */
    private static final int MTU = 300;

    @Test
    void openSslClientToNettyServerWithCertificate() {
        assertEquals(ECDSA.name(), Interop.run(InteropCase.of(OpenSslPeer.FACTORY, NettyPeer.FACTORY, ECDSA)).clientSuite());
    }

    @Test
    void openSslClientToNettyServerWithPsk() {
        Interop.run(InteropCase.of(OpenSslPeer.FACTORY, NettyPeer.FACTORY, PSK));
        Interop.run(InteropCase.of(OpenSslPeer.FACTORY, NettyPeer.FACTORY, PLAIN_PSK));
    }

    @Test
    void nettyClientToOpenSslServerWithCertificate() {
        assertEquals(ECDSA.name(), Interop.run(InteropCase.of(NettyPeer.FACTORY, OpenSslPeer.FACTORY, ECDSA)).serverSuite());
    }

    @Test
    void nettyClientToOpenSslServerWithPsk() {
        Interop.run(InteropCase.of(NettyPeer.FACTORY, OpenSslPeer.FACTORY, PSK));
        Interop.run(InteropCase.of(NettyPeer.FACTORY, OpenSslPeer.FACTORY, PLAIN_PSK));
    }

    @Test
    void dtls4jSocketsOnTheOtherSide() {
        Interop.run(InteropCase.of(Dtls4jPeer.DTLS4J, NettyPeer.FACTORY, ECDSA));
        Interop.run(InteropCase.of(NettyPeer.FACTORY, Dtls4jPeer.DTLS4J, ECDSA));
        Interop.run(InteropCase.of(Dtls4jPeer.DTLS4J, NettyPeer.FACTORY, PSK));
        Interop.run(InteropCase.of(NettyPeer.FACTORY, Dtls4jPeer.DTLS4J, PSK));
        Interop.run(InteropCase.of(NettyPeer.FACTORY, NettyPeer.FACTORY, ECDSA));
    }

    @Test
    void twentyPercentLossDuringTheHandshake() {
        // seeds whose drops fall among the first four datagrams of both directions
        assertDropped(Interop.run(InteropCase.of(OpenSslPeer.FACTORY, NettyPeer.FACTORY, ECDSA)
                .withLoss(UdpLossRelay.DEFAULT_LOSS, 25)));
        assertDropped(Interop.run(InteropCase.of(NettyPeer.FACTORY, OpenSslPeer.FACTORY, ECDSA)
                .withLoss(UdpLossRelay.DEFAULT_LOSS, 12)));
        assertDropped(Interop.run(InteropCase.of(Dtls4jPeer.DTLS4J, NettyPeer.FACTORY, PSK)
                .withLoss(UdpLossRelay.DEFAULT_LOSS, 30)));
        assertDropped(Interop.run(InteropCase.of(NettyPeer.FACTORY, NettyPeer.FACTORY, PSK)
                .withLoss(UdpLossRelay.DEFAULT_LOSS, 9)));
    }

    @Test
    void mtu300FragmentsTheNettyServersCertificate() {
        for (PeerFactory client : new PeerFactory[] {OpenSslPeer.FACTORY, Dtls4jPeer.DTLS4J}) {
            Interop.Outcome o = Interop.run(InteropCase.of(client, NettyPeer.FACTORY, ECDSA).withMtu(MTU)
                    .withPayloadSizes(64, 150));
            UdpLossRelay relay = o.relay().orElseThrow();
            assertTrue(relay.largestDatagram(Direction.SERVER_TO_CLIENT) <= MTU - 28, relay.summary());
            // a chain of two certificates cannot fit in 272 bytes: it must arrive in fragments
            assertTrue(relay.partialHandshakeFragments(Direction.SERVER_TO_CLIENT) >= 2, relay.summary());
        }
    }

    @Test
    void mtu300FromTheNettyClient() {
        Interop.Outcome o = Interop.run(InteropCase.of(NettyPeer.FACTORY, OpenSslPeer.FACTORY, ECDSA).withMtu(MTU)
                .withClientAuth().withPayloadSizes(64, 150));
        UdpLossRelay relay = o.relay().orElseThrow();
        assertTrue(relay.largestDatagram(Direction.CLIENT_TO_SERVER) <= MTU - 28, relay.summary());
        assertTrue(relay.partialHandshakeFragments(Direction.CLIENT_TO_SERVER) >= 2, relay.summary());
    }

    private static void assertDropped(Interop.Outcome o) {
        UdpLossRelay relay = o.relay().orElseThrow();
        assertTrue(relay.dropped(Direction.CLIENT_TO_SERVER) + relay.dropped(Direction.SERVER_TO_CLIENT) > 0,
                "the seed must make the relay drop something: " + relay.summary());
    }
}
