package org.dtls4j.jmh.load;

import java.security.Provider;
import org.dtls4j.crypto.JcaProviders;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.jmh.KeyExchange;
import org.dtls4j.jmh.Peers;
import org.dtls4j.jmh.Providers;

/**
 * The one client configuration every load-generating engine shares: the server's suite and group
 * (TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 on secp256r1, so the server does a full ECDHE-ECDSA
 * handshake each time), made as cheap as a correct client can be:
 * <ul>
 *   <li>the server's certificate is pinned by its SHA-256 fingerprint (RFC 8122 §5) instead of
 *       being validated up a PKIX path, which saves a certificate-signature verification;</li>
 *   <li>the client's elliptic-curve work (key generation, ECDH, the ServerKeyExchange signature
 *       check, RFC 8422 §5.4) runs on Bouncy Castle's JCA provider, about five times faster than
 *       the JDK 17 provider for P-256 (see the JCA floor in BENCHMARKS.md), and the imported server
 *       key is cached by {@link JcaProviders#forSignature(java.security.PublicKey)}; AES-GCM,
 *       HMAC and hashes stay on the JDK's intrinsics.</li>
 * </ul>
 * The client still verifies the server's signature and Finished: a server that cut corners would
 * fail every handshake.
 */
final class LoadClients {
    private LoadClients() {
    }

    /** The shared configuration, pinned to the leaf whose SHA-256 fingerprint is {@code serverFingerprint}. */
    static DtlsConfig config(byte[] serverFingerprint) {
        Provider bc = Providers.bouncyCastle();
        KeyExchange kx = KeyExchange.ECDHE_ECDSA_P256;
        return DtlsConfig.builder()
                .cipherSuites(kx.suite())
                .groups(kx.group())
                .providers(JcaProviders.builder().keyPairGenerator(bc).keyAgreement(bc).signature(bc).keyFactory(bc).build())
                .maxDatagramSize(Peers.HANDSHAKE_MTU)
                .peerCertificateFingerprint(serverFingerprint)
                .build();
    }
}
