package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dtls4j.interop.UdpLossRelay.Direction;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * dtls4j and OpenSSL over a hostile path: a 300-byte link MTU that forces handshake messages into
 * fragments both ways (RFC 6347 §4.2.3), and a relay that drops a seeded 20 % of datagrams each
 * way during the handshake (RFC 6347 §4.2.4 retransmission).
 *
 * <p>MTU cases run with client authentication so that both flights that carry a Certificate
 * message are fragmented: the server's (a chain of two, or the RSA leaf) and the client's.
 */
@ExtendWith(InteropReport.class)
@Timeout(90)
class Dtls4jOpenSslNetworkTest {

    /** {@code -mtu 300} on OpenSSL's side, {@code maxDatagramSize(272)} on dtls4j's. */
    static final int MTU = 300;
    static final int DATAGRAM = MTU - Dtls4jConfigs.IP_UDP_HEADERS;
    /**
     * OpenSSL 3.0 may exceed its own limit by the AEAD expansion when it packs its last flight
     * into one datagram (see {@code LossAndMtuInteropTest}); dtls4j may not exceed it at all.
     */
    static final int OPENSSL_AEAD_SLACK = 24;

    // ---- small MTU

    @ParameterizedTest(name = "{0}")
    @CsvSource({"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"})
    void dtls4jClientAndOpenSslServerFragmentAtMtu300(Suite suite) {
        Interop.Outcome o = Matrix.run(small(Dtls4jPeer.DTLS4J, OpenSslPeer.FACTORY, suite));
        UdpLossRelay r = o.relay().orElseThrow();
        assertFragmented(r, Direction.CLIENT_TO_SERVER, DATAGRAM);
        assertFragmented(r, Direction.SERVER_TO_CLIENT, DATAGRAM + OPENSSL_AEAD_SLACK);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"})
    void openSslClientAndDtls4jServerFragmentAtMtu300(Suite suite) {
        Interop.Outcome o = Matrix.run(small(OpenSslPeer.FACTORY, Dtls4jPeer.DTLS4J, suite));
        UdpLossRelay r = o.relay().orElseThrow();
        assertFragmented(r, Direction.SERVER_TO_CLIENT, DATAGRAM);
        assertFragmented(r, Direction.CLIENT_TO_SERVER, DATAGRAM + OPENSSL_AEAD_SLACK);
    }

    private static InteropCase small(PeerFactory client, PeerFactory server, Suite suite) {
        // 200-byte datagrams: the most that fits in 272 bytes after the record header and AEAD expansion, rounded down.
        return InteropCase.of(client, server, suite).withMtu(MTU).withClientAuth().withPayloadSizes(2, 64, 200);
    }

    /** Every datagram of {@code d} at most {@code limit} bytes, and at least two handshake messages' worth of fragments. */
    private static void assertFragmented(UdpLossRelay r, Direction d, int limit) {
        assertTrue(r.largestDatagram(d) <= limit, d + ": a datagram over " + limit + " bytes: " + r.summary());
        assertTrue(r.partialHandshakeFragments(d) >= 2, d + ": the Certificate must arrive in fragments: " + r.summary());
    }

    // ---- loss

    /*
     * Seeds: the relay draws each direction's drops from Random(seed * 31 + direction); these
     * seeds drop one of the first three datagrams each way, so every case loses part of the
     * handshake in both directions (133 and 138: the very first ClientHello and the
     * HelloVerifyRequest or first flight).
     */

    @ParameterizedTest(name = "{0} seed {1}")
    @CsvSource({
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, 4",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,   76",
        "TLS_PSK_WITH_AES_128_CCM_8,              133"})
    void dtls4jClientToOpenSslServerAtTwentyPercentLoss(Suite suite, long seed) {
        assertDropped(Matrix.run(lossy(Dtls4jPeer.DTLS4J, OpenSslPeer.FACTORY, suite, seed)));
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @CsvSource({
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, 12",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,   110",
        "TLS_PSK_WITH_AES_128_CCM_8,              138"})
    void openSslClientToDtls4jServerAtTwentyPercentLoss(Suite suite, long seed) {
        assertDropped(Matrix.run(lossy(OpenSslPeer.FACTORY, Dtls4jPeer.DTLS4J, suite, seed)));
    }

    /**
     * Loss and fragments together: a lost fragment makes the sender resend the whole flight,
     * and OpenSSL may cut it differently the second time (after backing off its MTU), so the
     * receiver must reassemble from overlapping, re-fragmented pieces (RFC 6347 §4.2.3).
     */
    @ParameterizedTest(name = "{0} -> {1} seed {2}")
    @CsvSource({"dtls4j, openssl, 36", "openssl, dtls4j, 54"})
    void fragmentsAndLossTogether(String client, String server, long seed) {
        PeerFactory c = client.equals("dtls4j") ? Dtls4jPeer.DTLS4J : OpenSslPeer.FACTORY;
        PeerFactory s = server.equals("dtls4j") ? Dtls4jPeer.DTLS4J : OpenSslPeer.FACTORY;
        InteropCase k = small(c, s, Suite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256).withLoss(UdpLossRelay.DEFAULT_LOSS, seed);
        UdpLossRelay r = Matrix.run(k).relay().orElseThrow();
        assertDropped(r);
        Direction fromDtls4j = client.equals("dtls4j") ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT;
        assertTrue(r.largestDatagram(fromDtls4j) <= DATAGRAM, "dtls4j keeps its limit when it resends: " + r.summary());
    }

    private static InteropCase lossy(PeerFactory client, PeerFactory server, Suite suite, long seed) {
        return Matrix.plain(client, server, suite).withLoss(UdpLossRelay.DEFAULT_LOSS, seed);
    }

    static void assertDropped(Interop.Outcome o) {
        assertDropped(o.relay().orElseThrow());
    }

    /** Both directions lost datagrams: every handshake sends at least three each way, and the seeds drop one of the first three. */
    static void assertDropped(UdpLossRelay r) {
        assertTrue(r.dropped(Direction.CLIENT_TO_SERVER) > 0 && r.dropped(Direction.SERVER_TO_CLIENT) > 0,
                "the seed must make the relay drop datagrams both ways: " + r.summary());
    }
}
