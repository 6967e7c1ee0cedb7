package org.dtls4j.jmh;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Vector;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.PSKTlsClient;
import org.bouncycastle.tls.PSKTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsPSKIdentityManager;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.dtls4j.credentials.CaAndLeaf;

/**
 * Bouncy Castle {@code TlsClient} and {@code TlsServer} set up like the dtls4j and JDK peers: DTLS
 * 1.2 only, one suite, one ECDHE group, the same certificates and PSK; the client checks the
 * server chain with the JDK's PKIX trust manager.
 */
final class BcPeers {
    private BcPeers() {
    }

    /** A client for {@code kx}. */
    static org.bouncycastle.tls.TlsClient client(TlsCrypto crypto, KeyExchange kx, int suite) {
        return kx.usesPsk() ? new PskClient(crypto, kx, suite) : new CertClient(crypto, kx, suite);
    }

    /** A server for {@code kx}. */
    static org.bouncycastle.tls.TlsServer server(TlsCrypto crypto, KeyExchange kx, int suite) {
        return kx.usesPsk() ? new PskServer(crypto, suite) : new CertServer(crypto, kx, suite);
    }

    private static Vector<Integer> groups(KeyExchange kx) {
        Vector<Integer> v = new Vector<>();
        kx.clientGroups().forEach(g -> v.add(g.code()));
        return v;
    }

    private static final class CertClient extends DefaultTlsClient  {
        private final KeyExchange kx;
        private final int suite;

        CertClient(TlsCrypto crypto, KeyExchange kx, int suite) {
            super(crypto);
            this.kx = kx;
            this.suite = suite;
            }

        @Override protected ProtocolVersion[] getSupportedVersions() { return ProtocolVersion.DTLSv12.only(); }
        @Override protected int[] getSupportedCipherSuites() { return new int[] {suite}; }
        @Override protected Vector<Integer> getSupportedGroups(@SuppressWarnings("rawtypes") Vector roles) { return groups(kx); }

        @Override
        public TlsAuthentication getAuthentication() {
            return new TlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate server) throws IOException {
                    checkTrusted(server.getCertificate(), Peers.trust(kx), kx.usesRsa() ? "ECDHE_RSA" : "ECDHE_ECDSA");
                }

                @Override
                public TlsCredentials getClientCredentials(CertificateRequest request) {
                    return null;
                }
            };
        }
    }

    private static final class PskClient extends PSKTlsClient  {
        private final KeyExchange kx;
        private final int suite;

        PskClient(TlsCrypto crypto, KeyExchange kx, int suite) {
            super(crypto, Peers.PSK_IDENTITY, Peers.PSK_KEY);
            this.kx = kx;
            this.suite = suite;
            }

        @Override protected ProtocolVersion[] getSupportedVersions() { return ProtocolVersion.DTLSv12.only(); }
        @Override protected int[] getSupportedCipherSuites() { return new int[] {suite}; }
        @Override protected Vector<Integer> getSupportedGroups(@SuppressWarnings("rawtypes") Vector roles) { return groups(kx); }
    }

    private static final class CertServer extends DefaultTlsServer {
        private final KeyExchange kx;
        private final int suite;

        CertServer(TlsCrypto crypto, KeyExchange kx, int suite) {
            super(crypto);
            this.kx = kx;
            this.suite = suite;
        }

        @Override protected ProtocolVersion[] getSupportedVersions() { return ProtocolVersion.DTLSv12.only(); }
        @Override protected int[] getSupportedCipherSuites() { return new int[] {suite}; }

        @Override
        protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
            return signer(context, getCrypto(), Peers.pki(kx), SignatureAndHashAlgorithm.getInstance(
                    org.bouncycastle.tls.HashAlgorithm.sha256, org.bouncycastle.tls.SignatureAlgorithm.ecdsa));
        }

        /**
         * RSASSA-PSS with BC's own crypto. BC's JCA crypto asks the provider for
         * "SHA256WITHRSAANDMGF1", a name the JDK's providers lack, so there it signs with
         * PKCS#1 v1.5 and SHA-256: the same private-key operation, so about the same cost.
         */
        @Override
        protected TlsCredentialedSigner getRSASignerCredentials() throws IOException {
            SignatureAndHashAlgorithm alg = getCrypto() instanceof JcaTlsCrypto
                    ? SignatureAndHashAlgorithm.getInstance(org.bouncycastle.tls.HashAlgorithm.sha256,
                            org.bouncycastle.tls.SignatureAlgorithm.rsa)
                    : SignatureAndHashAlgorithm.rsa_pss_rsae_sha256;
            return signer(context, getCrypto(), Peers.pki(kx), alg);
        }
    }

    private static final class PskServer extends PSKTlsServer {
        private final int suite;

        PskServer(TlsCrypto crypto, int suite) {
            super(crypto, new Identities());
            this.suite = suite;
        }

        @Override protected ProtocolVersion[] getSupportedVersions() { return ProtocolVersion.DTLSv12.only(); }
        @Override protected int[] getSupportedCipherSuites() { return new int[] {suite}; }
    }

    private static final class Identities implements TlsPSKIdentityManager {
        @Override
        public byte[] getHint() {
            return null;
        }

        @Override
        public byte[] getPSK(byte[] identity) {
            return Arrays.equals(identity, Peers.PSK_IDENTITY) ? Peers.PSK_KEY.clone() : null;
        }
    }

    private static TlsCredentialedSigner signer(TlsContext context, TlsCrypto crypto, CaAndLeaf pki,
                                                SignatureAndHashAlgorithm alg) throws IOException {
        java.util.List<X509Certificate> chain = pki.chain();
        TlsCertificate[] certs = new TlsCertificate[chain.size()];
        try {
            for (int i = 0; i < certs.length; i++) {
                certs[i] = crypto.createCertificate(chain.get(i).getEncoded());
            }
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IOException(e);
        }
        Certificate certificate = new Certificate(certs);
        PrivateKey key = pki.leaf().privateKey();
        TlsCryptoParameters params = new TlsCryptoParameters(context);
        if (crypto instanceof BcTlsCrypto) {
            return new BcDefaultTlsCredentialedSigner(params, (BcTlsCrypto) crypto,
                    PrivateKeyFactory.createKey(key.getEncoded()), certificate, alg);
        }
        return new JcaDefaultTlsCredentialedSigner(params, (JcaTlsCrypto) crypto, key, certificate, alg);
    }

    /** The server chain through the JDK's PKIX trust manager, as the other two clients check it. */
    private static void checkTrusted(Certificate chain, X509TrustManager trust, String authType) throws IOException {
        if (chain == null || chain.isEmpty()) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "no server certificate");
        }
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            X509Certificate[] x509 = new X509Certificate[chain.getLength()];
            for (int i = 0; i < x509.length; i++) {
                x509[i] = (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(chain.getCertificateAt(i).getEncoded()));
            }
            trust.checkServerTrusted(x509, authType);
        } catch (CertificateException e) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, e);
        }
    }
}
