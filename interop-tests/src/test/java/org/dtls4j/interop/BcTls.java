package org.dtls4j.interop;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.NameType;
import org.bouncycastle.tls.PSKTlsClient;
import org.bouncycastle.tls.PSKTlsServer;
import org.bouncycastle.tls.ProtocolName;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.ServerName;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsPSKIdentityManager;
import org.bouncycastle.tls.TlsPeer;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

/**
 * Bouncy Castle {@code TlsClient} / {@code TlsServer} configurations for {@link BcDtlsPeer}: DTLS
 * 1.2 only, exactly one suite, certificates from the {@link TestPki} (checked with the JDK's PKIX
 * validator) or the case's PSK (RFC 4279), bounded handshake timers, and on request a Connection
 * ID (RFC 9146 §3, BC's {@code getNewConnectionID}).
 */
final class BcTls {

    /** Overall handshake bound and first resend timeout (BC's own default resend is 1 s). */
    record Timing(int handshakeTimeoutMillis, int resendMillis) {
    }

    private BcTls() {
    }

    /**
     * A client for {@code c}: certificate mode ({@code DefaultTlsClient}) or PSK ({@code PSKTlsClient}).
     *
     * @param cid the Connection ID it asks for in the connection_id extension (RFC 9146 §3; empty:
     *            "send me none"), or {@code null} not to offer the extension
     */
    static TlsPeerWithSuite client(JcaTlsCrypto crypto, InteropCase c, Timing timing, byte[] cid) {
        if (c.mode() == InteropCase.Mode.PSK) {
            return new PskClient(crypto, c, timing, cid);
        }
        return new CertClient(crypto, c, timing, cid);
    }

    /** A server for {@code c}; {@code cid} as for {@link #client}, answered only to a client that offered the extension. */
    static TlsPeerWithSuite server(JcaTlsCrypto crypto, InteropCase c, Timing timing, byte[] cid) {
        if (c.mode() == InteropCase.Mode.PSK) {
            return new PskServer(crypto, c, timing, cid);
        }
        return new CertServer(crypto, c, timing, cid);
    }

    /** A BC peer that can say what it negotiated. */
    interface TlsPeerWithSuite extends TlsPeer {
        /** BC's security parameters of the connection, or {@code null} before the handshake completes. */
        SecurityParameters established();

        /** The negotiated suite's code point, or -1 before the handshake completes. */
        default int negotiatedSuite() {
            SecurityParameters sp = established();
            return sp == null ? -1 : sp.getCipherSuite();
        }
    }

    private static final class CertClient extends DefaultTlsClient implements TlsPeerWithSuite {
        private final InteropCase c;
        private final Timing timing;
        private final byte[] cid;
        private volatile SecurityParameters established;

        CertClient(JcaTlsCrypto crypto, InteropCase c, Timing timing, byte[] cid) {
            super(crypto);
            this.c = c;
            this.timing = timing;
            this.cid = cid;
        }

        @Override
        protected byte[] getNewConnectionID() {
            return cid;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return new int[] {c.suite().code()};
        }

        @Override
        protected Vector<ServerName> getSNIServerNames() {
            if (c.sni().isEmpty()) {
                return null;
            }
            Vector<ServerName> names = new Vector<>();
            names.add(new ServerName(NameType.host_name, c.sni().get().getBytes(StandardCharsets.US_ASCII)));
            return names;
        }

        @Override
        protected Vector<ProtocolName> getProtocolNames() {
            return alpn(c);
        }

        @Override
        public int getHandshakeTimeoutMillis() {
            return timing.handshakeTimeoutMillis();
        }

        @Override
        public int getHandshakeResendTimeMillis() {
            return timing.resendMillis();
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            established = context.getSecurityParametersConnection();
        }

        @Override
        public SecurityParameters established() {
            return established;
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new TlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate server) throws IOException {
                    verify(server.getCertificate(), TestPki.get().caCertificate());
                }

                @Override
                public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                    return c.clientAuth() ? signer(context, (JcaTlsCrypto) getCrypto(), c.clientCredential(), false) : null;
                }
            };
        }
    }

    private static final class CertServer extends DefaultTlsServer implements TlsPeerWithSuite {
        private final InteropCase c;
        private final Timing timing;
        private final byte[] cid;
        private volatile SecurityParameters established;

        CertServer(JcaTlsCrypto crypto, InteropCase c, Timing timing, byte[] cid) {
            super(crypto);
            this.c = c;
            this.timing = timing;
            this.cid = cid;
        }

        @Override
        protected byte[] getNewConnectionID() {
            return cid;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return new int[] {c.suite().code()};
        }

        @Override
        protected Vector<ProtocolName> getProtocolNames() {
            return alpn(c);
        }

        @Override
        public int getHandshakeTimeoutMillis() {
            return timing.handshakeTimeoutMillis();
        }

        @Override
        public int getHandshakeResendTimeMillis() {
            return timing.resendMillis();
        }

        @Override
        protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
            return signer(context, (JcaTlsCrypto) getCrypto(), c.serverCredential(), false);
        }

        @Override
        protected TlsCredentialedSigner getRSASignerCredentials() throws IOException {
            return signer(context, (JcaTlsCrypto) getCrypto(), c.serverCredential(), true);
        }

        @Override
        public CertificateRequest getCertificateRequest() {
            if (!c.clientAuth()) {
                return null;
            }
            Vector<?> algorithms = TlsUtils.getDefaultSupportedSignatureAlgorithms(context);
            return new CertificateRequest(new short[] {ClientCertificateType.ecdsa_sign}, algorithms, null);
        }

        @Override
        public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
            if (c.clientAuth()) {
                if (clientCertificate == null || clientCertificate.isEmpty()) {
                    throw new TlsFatalAlert(AlertDescription.handshake_failure, "client certificate required");
                }
                verify(clientCertificate, TestPki.get().caCertificate());
            }
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            established = context.getSecurityParametersConnection();
        }

        @Override
        public SecurityParameters established() {
            return established;
        }
    }

    private static final class PskClient extends PSKTlsClient implements TlsPeerWithSuite {
        private final InteropCase c;
        private final Timing timing;
        private final byte[] cid;
        private volatile SecurityParameters established;

        PskClient(JcaTlsCrypto crypto, InteropCase c, Timing timing, byte[] cid) {
            super(crypto, InteropCase.PSK_IDENTITY.getBytes(StandardCharsets.UTF_8), c.pskKey());
            this.c = c;
            this.timing = timing;
            this.cid = cid;
        }

        @Override
        protected byte[] getNewConnectionID() {
            return cid;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return new int[] {c.suite().code()};
        }

        @Override
        public int getHandshakeTimeoutMillis() {
            return timing.handshakeTimeoutMillis();
        }

        @Override
        public int getHandshakeResendTimeMillis() {
            return timing.resendMillis();
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            established = context.getSecurityParametersConnection();
        }

        @Override
        public SecurityParameters established() {
            return established;
        }
    }

    private static final class PskServer extends PSKTlsServer implements TlsPeerWithSuite {
        private final InteropCase c;
        private final Timing timing;
        private final byte[] cid;
        private volatile SecurityParameters established;

        PskServer(JcaTlsCrypto crypto, InteropCase c, Timing timing, byte[] cid) {
            super(crypto, identities(c));
            this.c = c;
            this.timing = timing;
            this.cid = cid;
        }

        @Override
        protected byte[] getNewConnectionID() {
            return cid;
        }

        private static TlsPSKIdentityManager identities(InteropCase c) {
            return new TlsPSKIdentityManager() {
                @Override
                public byte[] getHint() {
                    return InteropCase.PSK_HINT.getBytes(StandardCharsets.UTF_8);
                }

                @Override
                public byte[] getPSK(byte[] identity) {
                    boolean known = InteropCase.PSK_IDENTITY.equals(new String(identity, StandardCharsets.UTF_8));
                    return known ? c.pskKey() : null;
                }
            };
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return new int[] {c.suite().code()};
        }

        @Override
        public int getHandshakeTimeoutMillis() {
            return timing.handshakeTimeoutMillis();
        }

        @Override
        public int getHandshakeResendTimeMillis() {
            return timing.resendMillis();
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            established = context.getSecurityParametersConnection();
        }

        @Override
        public SecurityParameters established() {
            return established;
        }
    }

    private static Vector<ProtocolName> alpn(InteropCase c) {
        if (c.alpn().isEmpty()) {
            return null;
        }
        Vector<ProtocolName> names = new Vector<>();
        names.add(ProtocolName.asUtf8Encoding(c.alpn().get()));
        return names;
    }

    /**
     * A signer presenting {@code credential}'s chain, signing with SHA-256 (ECDSA, whatever the
     * curve, or RSA PKCS#1) or with Ed25519.
     */
    private static TlsCredentialedSigner signer(TlsContext context, JcaTlsCrypto crypto,
                                                TestPki.Credential credential, boolean rsa) throws IOException {
        List<X509Certificate> chain = credential.chain();
        TlsCertificate[] bcChain = new TlsCertificate[chain.size()];
        try {
            for (int i = 0; i < bcChain.length; i++) {
                bcChain[i] = crypto.createCertificate(chain.get(i).getEncoded());
            }
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
        PrivateKey key = credential.privateKey();
        SignatureAndHashAlgorithm scheme;
        if (key.getAlgorithm().equals("Ed25519") || key.getAlgorithm().equals("EdDSA")) {
            // BC signs only with its own Ed25519 key objects (the JDK's say "EdDSA"): re-read the PKCS#8 bytes.
            try {
                key = KeyFactory.getInstance("Ed25519", crypto.getHelper().createKeyFactory("Ed25519").getProvider())
                        .generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot load the Ed25519 key with Bouncy Castle", e);
            }
            scheme = SignatureAndHashAlgorithm.ed25519; // RFC 8422 §5.1.3: EdDSA names no separate hash
        } else {
            scheme = new SignatureAndHashAlgorithm(HashAlgorithm.sha256, rsa ? SignatureAlgorithm.rsa : SignatureAlgorithm.ecdsa);
        }
        return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, key,
                new Certificate(bcChain), scheme);
    }

    /** PKIX-validates {@code presented} against {@code anchor}; a failure is a fatal bad_certificate alert. */
    private static void verify(Certificate presented, X509Certificate anchor) throws IOException {
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            List<X509Certificate> path = new ArrayList<>();
            for (TlsCertificate tc : presented.getCertificateList()) {
                X509Certificate x = (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(tc.getEncoded()));
                if (!x.equals(anchor)) {
                    path.add(x); // the anchor itself is not part of the path to validate
                }
            }
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
            params.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(cf.generateCertPath(path), params);
        } catch (GeneralSecurityException e) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "certificate not trusted: " + e.getMessage(), e);
        }
    }
}
