package org.dtls4j.interop;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of the interop matrix: which implementation plays client and which plays server, and
 * the conditions of the handshake (RFC 6347 §4.2: flights over an unreliable link).
 *
 * <p>Build with {@link #of} and the {@code with*} methods:
 * <pre>{@code
 * InteropCase.of(JdkDtlsPeer.FACTORY, OpenSslPeer.FACTORY, Suite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256)
 *         .withLoss(0.2, 7).withClientAuth()
 * }</pre>
 *
 * @param client       who plays the client
 * @param server       who plays the server
 * @param suite        the only suite offered and accepted
 * @param mtu          the server's path MTU in bytes (0 = the implementation's default)
 * @param loss         fraction of datagrams a {@link UdpLossRelay} drops each way (0 = no loss)
 * @param seed         seed of the relay's drop decisions
 * @param clientAuth   whether the server requires a client certificate (certificate mode only)
 * @param alpn         an ALPN protocol both ends offer (RFC 7301), if any
 * @param sni          the server name the client sends (RFC 6066 §3), if any
 * @param payloadSizes sizes of the application datagrams sent each way after the handshake
 * @param group        the only ECDHE group (RFC 8422 §5.1.1) offered and accepted, by its IANA name
 *                     ({@code x25519}, {@code secp256r1}, {@code secp384r1}), where the peer lets
 *                     the harness restrict it (OpenSSL {@code -groups}, dtls4j); empty = defaults
 * @param serverKey    the server's certificate and key (certificate mode)
 * @param listen       OpenSSL server only: {@code -listen}, the stateless {@code DTLSv1_listen}
 *                     cookie exchange before any state (true, the default), or the cookie
 *                     exchange inside {@code SSL_accept} (false)
 */
public record InteropCase(PeerFactory client, PeerFactory server, Suite suite, int mtu, double loss, long seed,
                          boolean clientAuth, Optional<String> alpn, Optional<String> sni,
                          List<Integer> payloadSizes, Optional<String> group, ServerKey serverKey, boolean listen) {

    /** How the peers authenticate. */
    public enum Mode { CERTIFICATE, PSK }

    /** Which certificate a server presents, all issued by the {@link TestPki} CA. */
    public enum ServerKey {
        /** ECDSA P-256 leaf sent with the CA: a chain of two. The default of ECDHE_ECDSA suites. */
        ECDSA_P256_CHAIN,
        /** RSA 2048 leaf alone. The only key of ECDHE_RSA suites. */
        RSA_2048,
        /** ECDSA P-384 leaf alone: its curve and the signature hash need not match in TLS 1.2. */
        ECDSA_P384,
        /** Ed25519 leaf alone (RFC 8422 §5.10 allows EdDSA with ECDHE_ECDSA suites). */
        ED25519;

        /** The files and loaded objects of this key. */
        public TestPki.Credential credential() {
            TestPki pki = TestPki.get();
            return switch (this) {
                case ECDSA_P256_CHAIN -> pki.serverEcdsa();
                case RSA_2048 -> pki.serverRsa();
                case ECDSA_P384 -> pki.serverP384();
                case ED25519 -> pki.serverEd25519();
            };
        }
    }

    /** The PSK identity every PSK case uses (RFC 4279 §2). */
    public static final String PSK_IDENTITY = "dtls4j-interop";
    /** The hint a PSK server sends. */
    public static final String PSK_HINT = "dtls4j-interop-hint";
    private static final byte[] PSK_KEY = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** Validates the combination. */
    public InteropCase {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(serverKey, "serverKey");
        if (loss < 0 || loss >= 1) {
            throw new IllegalArgumentException("loss must be in [0, 1): " + loss);
        }
        if (clientAuth && suite.mode() == Mode.PSK) {
            throw new IllegalArgumentException("client certificates need a certificate suite, not " + suite);
        }
        if (suite.mode() == Mode.CERTIFICATE && suite.rsa() != (serverKey == ServerKey.RSA_2048)) {
            throw new IllegalArgumentException(suite + " cannot use a " + serverKey + " server key");
        }
        payloadSizes = List.copyOf(payloadSizes);
    }

    /** A plain case: no loss, default MTU, no client certificate, a 64-byte and a 1,400-byte datagram each way. */
    public static InteropCase of(PeerFactory client, PeerFactory server, Suite suite) {
        return new InteropCase(client, server, suite, 0, 0, 1, false, Optional.empty(), Optional.empty(),
                List.of(64, 1400), Optional.empty(), suite.rsa() ? ServerKey.RSA_2048 : ServerKey.ECDSA_P256_CHAIN, true);
    }

    /** The same case with the server's MTU set to {@code bytes}. */
    public InteropCase withMtu(int bytes) {
        return new InteropCase(client, server, suite, bytes, loss, seed, clientAuth, alpn, sni, payloadSizes, group,
                serverKey, listen);
    }

    /** The same case through a {@link UdpLossRelay} dropping {@code fraction} of datagrams, seeded. */
    public InteropCase withLoss(double fraction, long lossSeed) {
        return new InteropCase(client, server, suite, mtu, fraction, lossSeed, clientAuth, alpn, sni, payloadSizes,
                group, serverKey, listen);
    }

    /** The same case with a client certificate required. */
    public InteropCase withClientAuth() {
        return new InteropCase(client, server, suite, mtu, loss, seed, true, alpn, sni, payloadSizes, group,
                serverKey, listen);
    }

    /** The same case with ALPN protocol {@code protocol} offered by both ends. */
    public InteropCase withAlpn(String protocol) {
        return new InteropCase(client, server, suite, mtu, loss, seed, clientAuth, Optional.of(protocol), sni,
                payloadSizes, group, serverKey, listen);
    }

    /** The same case with the client sending SNI {@code hostName}. */
    public InteropCase withSni(String hostName) {
        return new InteropCase(client, server, suite, mtu, loss, seed, clientAuth, alpn, Optional.of(hostName),
                payloadSizes, group, serverKey, listen);
    }

    /** The same case with these application datagram sizes. */
    public InteropCase withPayloadSizes(Integer... sizes) {
        return new InteropCase(client, server, suite, mtu, loss, seed, clientAuth, alpn, sni, List.of(sizes), group,
                serverKey, listen);
    }

    /** The same case with only the ECDHE group {@code ianaName} ({@code x25519}, {@code secp256r1}, {@code secp384r1}). */
    public InteropCase withGroup(String ianaName) {
        return new InteropCase(client, server, suite, mtu, loss, seed, clientAuth, alpn, sni, payloadSizes,
                Optional.of(ianaName), serverKey, listen);
    }

    /** The same case with the server presenting {@code key}. */
    public InteropCase withServerKey(ServerKey key) {
        return new InteropCase(client, server, suite, mtu, loss, seed, clientAuth, alpn, sni, payloadSizes, group,
                key, listen);
    }

    /** The same case with an OpenSSL server running without {@code -listen} (cookie exchange inside {@code SSL_accept}). */
    public InteropCase withoutListen() {
        return new InteropCase(client, server, suite, mtu, loss, seed, clientAuth, alpn, sni, payloadSizes, group,
                serverKey, false);
    }

    /** Certificate or PSK, from the suite. */
    public Mode mode() {
        return suite.mode();
    }

    /** The pre-shared key of PSK cases (a copy). */
    public byte[] pskKey() {
        return PSK_KEY.clone();
    }

    /** The same key, for a peer configured without a case (Scandium). */
    static byte[] sharedPskKey() {
        return PSK_KEY.clone();
    }

    /** The server's certificate: by default RSA for an RSA suite, else the ECDSA P-256 leaf with its CA (a chain of two). */
    public TestPki.Credential serverCredential() {
        return serverKey.credential();
    }

    /** The client's certificate when {@link #clientAuth()} is set. */
    public TestPki.Credential clientCredential() {
        return TestPki.get().clientEcdsa();
    }

    /** How long each side may take for its handshake: more under loss, where flights are lost and resent. */
    public Duration handshakeTimeout() {
        return loss > 0 ? Duration.ofSeconds(25) : Duration.ofSeconds(10);
    }

    /** Whether the harness puts a {@link UdpLossRelay} between the peers (for loss, or to watch datagram sizes). */
    public boolean relayed() {
        return loss > 0 || mtu > 0;
    }

    /** A one-line description, e.g. {@code "jdk -> openssl TLS_... loss=0.2"}. */
    public String label() {
        StringBuilder sb = new StringBuilder(client.name() + " -> " + server.name() + " " + suite);
        if (mtu > 0) {
            sb.append(" mtu=").append(mtu);
        }
        if (loss > 0) {
            sb.append(" loss=").append(loss).append(" seed=").append(seed);
        }
        if (clientAuth) {
            sb.append(" clientAuth");
        }
        alpn.ifPresent(a -> sb.append(" alpn=").append(a));
        sni.ifPresent(s -> sb.append(" sni=").append(s));
        group.ifPresent(g -> sb.append(" group=").append(g));
        if (mode() == Mode.CERTIFICATE && serverKey != (suite.rsa() ? ServerKey.RSA_2048 : ServerKey.ECDSA_P256_CHAIN)) {
            sb.append(" key=").append(serverKey);
        }
        if (!listen) {
            sb.append(" no-listen");
        }
        return sb.toString();
    }
}
