package org.dtls4j.jmh;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.X509TrustManager;
import org.dtls4j.crypto.BulkCipher;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.TrustManagers;
import org.dtls4j.credentials.CaAndLeaf;
import org.dtls4j.credentials.ThrowawayCredentials;

/**
 * The identities every benchmark uses, made once per JVM: a P-256 CA with a P-256 server leaf, an
 * RSA-2048 CA with an RSA-2048 leaf, and one PSK. All three stacks get the same certificates and
 * the same trust anchors, and each client checks the server's chain with the JDK's PKIX validator.
 */
public final class Peers {
    public static final String HOST = "localhost";
    public static final byte[] PSK_IDENTITY = "bench-client".getBytes(StandardCharsets.UTF_8);
    /** Datagram size for handshakes on every stack: a typical Ethernet path less IP/UDP headers. */
    public static final int HANDSHAKE_MTU = 1400;
    /** Datagram size for the record benchmarks, so that a 16,000-byte payload fits one record. */
    public static final int RECORD_MTU = 16_700;
    public static final byte[] PSK_KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    private static final CaAndLeaf ECDSA = ThrowawayCredentials.caAndLeaf("P-256", HOST, HOST, "127.0.0.1");
    private static final CaAndLeaf RSA = ThrowawayCredentials.caAndLeaf("RSA-2048", HOST, HOST, "127.0.0.1");

    private Peers() {
    }

    /** The server's CA and leaf for a key exchange (ECDSA unless it is ECDHE_RSA). */
    public static CaAndLeaf pki(KeyExchange kx) {
        return kx.usesRsa() ? RSA : ECDSA;
    }

    private static final X509TrustManager ECDSA_TRUST = TrustManagers.forAnchors(List.of(ECDSA.ca()));
    private static final X509TrustManager RSA_TRUST = TrustManagers.forAnchors(List.of(RSA.ca()));

    /** Trust in exactly the CA of {@link #pki}; one instance per JVM. */
    public static X509TrustManager trust(KeyExchange kx) {
        return kx.usesRsa() ? RSA_TRUST : ECDSA_TRUST;
    }

    /** The server chain, leaf first. */
    public static List<X509Certificate> chain(KeyExchange kx) {
        return pki(kx).chain();
    }

    /** The ECDHE-ECDSA key exchange whose suite carries {@code cipher}, for the record benchmarks. */
    public static CipherSuite ecdsaSuite(BulkCipher cipher) {
        switch (cipher) {
            case AES_128_GCM: return CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
            case AES_256_GCM: return CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384;
            case CHACHA20_POLY1305: return CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256;
            case AES_128_CCM_8: return CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8;
            default: throw new IllegalArgumentException("no benchmark suite for " + cipher);
        }
    }

    /** A dtls4j client configuration for {@code kx}, with its one suite and group. */
    public static DtlsConfig.Builder dtls4jClient(KeyExchange kx, Providers providers) {
        DtlsConfig.Builder b = base(kx, providers);
        if (kx.group() != null) {
            b.groups(kx.clientGroups());
        }
        if (kx.usesPsk()) {
            return b.psk(PSK_IDENTITY, PSK_KEY);
        }
        return b.trustManager(trust(kx)).serverName(HOST);
    }

    /** A dtls4j server configuration for {@code kx}. */
    public static DtlsConfig.Builder dtls4jServer(KeyExchange kx, Providers providers) {
        DtlsConfig.Builder b = base(kx, providers);
        if (kx.usesPsk()) {
            return b.pskStore(id -> Arrays.equals(id, PSK_IDENTITY) ? PSK_KEY.clone() : null);
        }
        CaAndLeaf pki = pki(kx);
        return b.certificate(pki.chain(), pki.leaf().privateKey());
    }

    private static DtlsConfig.Builder base(KeyExchange kx, Providers providers) {
        DtlsConfig.Builder b = DtlsConfig.builder().cipherSuites(kx.suite()).providers(providers.jca())
                .maxDatagramSize(HANDSHAKE_MTU);
        if (kx.group() != null) {
            b.groups(kx.group());
        }
        return b;
    }
}
