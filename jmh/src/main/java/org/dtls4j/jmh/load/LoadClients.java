package org.dtls4j.jmh.load;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import javax.net.ssl.X509TrustManager;
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
 *   <li>the server's certificate is trusted directly: a trust manager ({@link SameLeaf}) accepts
 *       exactly the leaf whose SHA-256 fingerprint the server printed, instead of validating a
 *       PKIX path, which saves a certificate-signature verification (the configuration's own
 *       fingerprint pin would do the same, but formats and parses the pin on every handshake);</li>
 *   <li>the client's elliptic-curve work (ECDH and the ServerKeyExchange signature check, RFC
 *       8422 §5.4) runs on Bouncy Castle's JCA provider, about five times faster than the JDK 17
 *       provider for P-256 (see the JCA floor in BENCHMARKS.md), and the imported server key is
 *       cached by {@link JcaProviders#forSignature(java.security.PublicKey)}; AES-GCM, HMAC and
 *       hashes stay on the JDK's intrinsics;</li>
 *   <li>all clients reuse one ECDHE key pair ({@link ReusedEphemeralKey}), which saves a key
 *       generation per handshake on the client and none on the server.</li>
 * </ul>
 * The client still verifies the server's signature and Finished: a server that cut corners would
 * fail every handshake.
 */
final class LoadClients {
    private static final Provider REUSED = new ReusedEphemeralKey(Providers.bouncyCastle());

    private LoadClients() {
    }

    /** Trusts one server leaf, named by the SHA-256 of its DER encoding; no path, no host name. */
    static final class SameLeaf implements X509TrustManager {
        private final byte[] fingerprint;

        SameLeaf(byte[] sha256) {
            this.fingerprint = sha256.clone();
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                byte[] got = MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded());
                if (!MessageDigest.isEqual(got, fingerprint)) {
                    throw new CertificateException("not the server's leaf: SHA-256 " + HexFormat.of().formatHex(got));
                }
            } catch (NoSuchAlgorithmException e) {
                throw new CertificateException(e);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a load client trusts servers only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** The shared configuration, pinned to the leaf whose SHA-256 fingerprint is {@code serverFingerprint}. */
    static DtlsConfig config(byte[] serverFingerprint) {
        Provider bc = Providers.bouncyCastle();
        Provider reused = REUSED;
        KeyExchange kx = KeyExchange.ECDHE_ECDSA_P256;
        return DtlsConfig.builder()
                .cipherSuites(kx.suite())
                .groups(kx.group())
                .providers(JcaProviders.builder().keyPairGenerator(reused).keyAgreement(bc).signature(bc).keyFactory(bc).build())
                .maxDatagramSize(Peers.HANDSHAKE_MTU)
                .trustManager(new SameLeaf(serverFingerprint))
                .build();
    }
}
