package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dtls4j.interop.UdpLossRelay.Direction;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * dtls4j against the JDK's SSLEngine and Bouncy Castle beyond the suite matrix, both roles:
 * client certificates (RFC 5246 §7.4.4), ALPN (RFC 7301), SNI (RFC 6066 §3), ECDSA P-384 and
 * Ed25519 server keys (RFC 8422), one ECDHE group forced on dtls4j's side, a 300-byte MTU
 * (RFC 6347 §4.2.3) and 20 % seeded loss (RFC 6347 §4.2.4).
 *
 * <p>Each case names the other implementation ({@code jdk} or {@code bc}) and dtls4j's role.
 */
@ExtendWith(InteropReport.class)
@Timeout(90)
class Dtls4jInProcessFeaturesTest {

    private static final Suite ECDSA = Suite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;

    /** The other implementation by name. */
    private static PeerFactory peer(String name) {
        return switch (name) {
            case "jdk" -> JdkDtlsPeer.FACTORY;
            case "bc" -> BcDtlsPeer.FACTORY;
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** {@code peer} and dtls4j in the given dtls4j role, as (client, server). */
    private static InteropCase between(String peer, String dtls4jRole, Suite suite) {
        boolean client = dtls4jRole.equals("client");
        return Matrix.plain(client ? Dtls4jPeer.DTLS4J : peer(peer), client ? peer(peer) : Dtls4jPeer.DTLS4J, suite);
    }

    @ParameterizedTest(name = "{0}, dtls4j {1}, {2}")
    @CsvSource({
        "jdk, client, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "jdk, server, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "bc,  client, TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
        "bc,  server, TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8"})
    void clientCertificateRequired(String peer, String role, Suite suite) {
        Matrix.run(between(peer, role, suite).withClientAuth());
    }

    @ParameterizedTest(name = "{0}, dtls4j {1}")
    @CsvSource({"jdk, client", "jdk, server", "bc, client", "bc, server"})
    void alpn(String peer, String role) {
        InteropCase c = between(peer, role, ECDSA).withAlpn("coap");
        Interop.run(c, Matrix.negotiated(c).andThen((client, server) -> {
            assertEquals("coap", Matrix.dtls4j(client, server).negotiated().applicationProtocol().orElseThrow());
            DtlsPeer other = client instanceof Dtls4jPeer ? server : client;
            if (other instanceof JdkDtlsPeer jdk) {
                assertEquals("coap", jdk.engine().getApplicationProtocol(), "what the JDK agreed on");
            }
        }));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"jdk", "bc"})
    void sniReachesTheDtls4jServer(String peer) {
        InteropCase c = between(peer, "server", Suite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256).withSni("localhost");
        Interop.run(c, Matrix.negotiated(c).andThen((client, server) ->
                assertEquals("localhost", ((Dtls4jPeer) server).negotiated().serverName().orElseThrow())));
    }

    /**
     * A P-384 server key with a SHA-256 suite and a SHA-384 one. Bouncy Castle's server here signs
     * with ecdsa+sha256 whatever the curve, which TLS 1.2 allows (RFC 5246 §7.4.1.4.1 pairs a hash
     * with an algorithm, not with a curve): dtls4j's client must accept it.
     */
    @ParameterizedTest(name = "{0}, dtls4j {1}, {2}")
    @CsvSource({
        "jdk, client, TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        "jdk, server, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "bc,  client, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "bc,  server, TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"})
    void ecdsaP384ServerKey(String peer, String role, Suite suite) {
        Matrix.run(between(peer, role, suite).withServerKey(InteropCase.ServerKey.ECDSA_P384));
    }

    /** RFC 8422 §5.10: EdDSA certificates with ECDHE_ECDSA suites in TLS 1.2. */
    @ParameterizedTest(name = "{0}, dtls4j {1}")
    @CsvSource({"jdk, client", "jdk, server", "bc, client", "bc, server"})
    void ed25519ServerKey(String peer, String role) {
        Matrix.run(between(peer, role, Suite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256)
                .withServerKey(InteropCase.ServerKey.ED25519));
    }

    /** dtls4j offers (client) or accepts (server) only this group; the other side has all three. */
    @ParameterizedTest(name = "{0}, dtls4j {1}, {2}")
    @CsvSource({
        "jdk, client, secp384r1, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "jdk, server, x25519,    TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
        "bc,  client, x25519,    TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256",
        "bc,  server, secp384r1, TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256"})
    void oneGroup(String peer, String role, String group, Suite suite) {
        Matrix.run(between(peer, role, suite).withGroup(group));
    }

    /**
     * 272-byte datagrams both ways: the Certificate messages (server chain, client leaf) in
     * fragments. Payloads up to 150 bytes: Bouncy Castle's transport sends at most
     * {@code mtu - 92} = 208 bytes, and refuses a larger record with internal_error.
     */
    @ParameterizedTest(name = "{0}, dtls4j {1}")
    @CsvSource({"jdk, client", "jdk, server", "bc, client", "bc, server"})
    void mtu300(String peer, String role) {
        InteropCase c = between(peer, role, ECDSA).withMtu(Dtls4jOpenSslNetworkTest.MTU).withClientAuth()
                .withPayloadSizes(2, 64, 150);
        UdpLossRelay r = Matrix.run(c).relay().orElseThrow();
        Direction fromDtls4j = role.equals("client") ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT;
        for (Direction d : Direction.values()) {
            assertTrue(r.largestDatagram(d) <= Dtls4jOpenSslNetworkTest.DATAGRAM, d + ": " + r.summary());
            assertTrue(r.partialHandshakeFragments(d) >= 2, d + " in fragments: " + r.summary());
        }
        assertTrue(r.largestDatagram(fromDtls4j) > 0, r.summary());
    }

    /** Seeds that drop one of the first three datagrams each way (see {@link Dtls4jOpenSslNetworkTest}). */
    @ParameterizedTest(name = "{0}, dtls4j {1}, {2}, seed {3}")
    @CsvSource({
        "jdk, client, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, 18",
        "jdk, server, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,   48",
        "bc,  client, TLS_PSK_WITH_AES_128_CCM_8,              69",
        "bc,  server, TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8,      115"})
    void twentyPercentLoss(String peer, String role, Suite suite, long seed) {
        Dtls4jOpenSslNetworkTest.assertDropped(Matrix.run(between(peer, role, suite).withLoss(UdpLossRelay.DEFAULT_LOSS, seed)));
    }
}
