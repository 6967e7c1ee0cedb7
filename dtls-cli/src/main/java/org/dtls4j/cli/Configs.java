package org.dtls4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.ClientAuth;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.credentials.Credentials;
import org.dtls4j.credentials.KeyPairs;
import org.dtls4j.credentials.Pem;
import org.dtls4j.transport.KeyLogFile;

/**
 * Turns checked {@link TlsSettings} into a {@link DtlsConfig}: reads the PEM files, picks the
 * suites that fit the credentials, wires the PSK lookup and the key log.
 */
final class Configs {
    private Configs() {
    }

    /**
     * A client configuration. With a PSK and neither a CA file nor {@code --insecure}, only PSK
     * suites are offered: the client would have no way to check a server certificate (the
     * behaviour of {@code openssl s_client -psk} with no {@code -CAfile} would be to accept any).
     */
    static DtlsConfig client(TlsSettings s) throws UsageException, CommandFailure {
        boolean certificateSuites = s.psk() == null || s.caFile() != null || s.insecure() || s.peerFingerprint() != null
                || s.peerKeys() != null;
        DtlsConfig.Builder b = common(s, suites(s.ciphers(), s.psk() != null, certificateSuites,
                "PSK suites need --psk; certificate suites need --cafile or --insecure when --psk is given"));
        if (s.psk() != null) {
            b.psk(s.psk().clientIdentity(), s.psk().key());
        }
        ownIdentity(s, b);
        if (s.peerKeys() != null) {
            b.trustedRawPublicKeys(peerKeys(s.peerKeys()));
        }
        if (s.insecure()) {
            b.insecureSkipVerification();
        } else if (s.caFile() != null) {
            b.trustedCertificates(certificates("CA file", s.caFile()));
        } else if (s.peerFingerprint() != null) {
            b.peerCertificateFingerprint(s.peerFingerprint());
        }
        if (s.serverName() != null) {
            b.serverName(s.serverName());
        }
        return build(b);
    }

    /**
     * A server configuration. A CA file makes client certificates required and trusted only when
     * they chain to it (RFC 5246 §7.4.4, {@code openssl s_server -Verify}); a peer fingerprint makes
     * them required and accepts exactly the one with that fingerprint (RFC 8122 §5).
     *
     * @param requireClientAuthentication when true (the tunnel), a certificate-only server must
     *     either verify clients ({@code caFile}) or be told to accept anyone ({@code insecure})
     */
    static DtlsConfig server(TlsSettings s, boolean requireClientAuthentication) throws UsageException, CommandFailure {
        if (s.psk() == null && !s.hasCertificate()) {
            throw new UsageException("the server needs --cert and --key, or --psk");
        }
        if (requireClientAuthentication && s.psk() == null && s.caFile() == null && !s.insecure()) {
            throw new UsageException("with certificates only, give --cafile to authenticate clients"
                    + " (or --insecure to let anyone use the tunnel)");
        }
        DtlsConfig.Builder b = common(s, suites(s.ciphers(), s.psk() != null, s.hasCertificate(),
                "PSK suites need --psk; certificate suites need --cert and --key"));
        if (s.psk() != null) {
            Psk psk = s.psk();
            b.pskStore(psk::keyFor);
        }
        ownIdentity(s, b);
        if (s.peerKeys() != null) {
            b.trustedRawPublicKeys(peerKeys(s.peerKeys())); // and the client's key is required (DtlsConfig)
        }
        if (s.caFile() != null) {
            b.clientAuth(ClientAuth.REQUIRED);
            b.trustedCertificates(certificates("CA file", s.caFile()));
        }
        if (s.peerFingerprint() != null) {
            if (!s.hasCertificate()) {
                throw new UsageException("--peer-fingerprint pins the client's certificate, which a server asks for"
                        + " only with a certificate of its own: give --cert and --key");
            }
            b.clientAuth(ClientAuth.REQUIRED).peerCertificateFingerprint(s.peerFingerprint());
        }
        return build(b);
    }

    /** The retransmission timeout of {@code --lossy-link}, kept constant. */
    static final Duration LOSSY_LINK_TIMEOUT = Duration.ofMillis(500);

    private static DtlsConfig.Builder common(TlsSettings s, List<CipherSuite> suites) {
        DtlsConfig.Builder b = DtlsConfig.builder().cipherSuites(suites);
        if (!s.groups().isEmpty()) {
            b.groups(s.groups());
        }
        if (s.mtu() > 0) {
            b.maxDatagramSize(s.mtu());
        }
        if (!s.alpn().isEmpty()) {
            b.applicationProtocols(s.alpn());
        }
        if (!s.srtp().isEmpty()) {
            b.srtpProfiles(s.srtp());
        }
        if (s.keyLog() != null) {
            b.keyLogSink(new KeyLogFile(s.keyLog()));
        }
        if (s.handshakeTimeout() != null) {
            b.handshakeTimeout(s.handshakeTimeout());
        }
        if (s.lossyLink()) {
            // RFC 6347 §4.2.4.1 doubles the timer as congestion control; on a radio link whose loss
            // is not congestion a constant 500 ms timer completes handshakes within 30 s even at
            // 50 % loss (docs/SECURITY-network.md, family 4).
            b.initialRetransmitTimeout(LOSSY_LINK_TIMEOUT).retransmitBackoff(1.0);
        }
        if (s.cidLength() >= 0) {
            b.connectionIdLength(s.cidLength());
        }
        s.records().apply(b);
        return b;
    }

    /**
     * The requested suites (or the default ones, {@link CipherSuite#defaults()}) that the
     * credentials can serve.
     *
     * @throws UsageException when none is left
     */
    static List<CipherSuite> suites(List<CipherSuite> requested, boolean psk, boolean certificates, String hint)
            throws UsageException {
        List<CipherSuite> candidates = requested.isEmpty() ? CipherSuite.defaults() : requested;
        List<CipherSuite> out = new ArrayList<>();
        for (CipherSuite suite : candidates) {
            if (suite.keyExchange().usesPsk() ? psk : certificates) {
                out.add(suite);
            }
        }
        if (out.isEmpty()) {
            throw new UsageException("no cipher suite fits the credentials given: " + hint);
        }
        return out;
    }

    /** {@code --cert} and {@code --key}: the certificate chain, or with {@code --rpk} its key alone (RFC 7250). */
    private static void ownIdentity(TlsSettings s, DtlsConfig.Builder b) throws CommandFailure {
        if (!s.hasCertificate()) {
            return;
        }
        if (s.rpk()) {
            try {
                KeyPair pair = KeyPairs.fromPem(s.certFile(), s.keyFile());
                b.rawPublicKey(pair);
            } catch (IOException e) {
                throw new CommandFailure("cannot load the raw public key and its private key: " + e.getMessage(), e);
            }
            return;
        }
        Credentials c = credentials(s);
        b.certificate(c.chain(), c.privateKey());
    }

    private static List<PublicKey> peerKeys(Path file) throws CommandFailure {
        try {
            return Pem.readPublicKeys(file);
        } catch (IOException e) {
            throw new CommandFailure("cannot read the peer keys: " + e.getMessage(), e);
        }
    }

    private static Credentials credentials(TlsSettings s) throws CommandFailure {
        try {
            return Credentials.fromPem(s.certFile(), s.keyFile());
        } catch (IOException e) {
            throw new CommandFailure("cannot load the certificate and key: " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> certificates(String what, Path file) throws CommandFailure {
        try {
            List<X509Certificate> certs = Pem.readCertificates(file);
            if (certs.isEmpty()) {
                throw new CommandFailure(what + " " + file + " holds no certificate");
            }
            return certs;
        } catch (IOException e) {
            throw new CommandFailure("cannot read the " + what + ": " + e.getMessage(), e);
        }
    }

    private static DtlsConfig build(DtlsConfig.Builder b) throws UsageException {
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
