package org.dtls4j.interop;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateEntry;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CertificateType;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSRequest;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DTLSVerifier;
import org.bouncycastle.tls.DatagramSender;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UDPTransport;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * Bouncy Castle 1.78.1's DTLS 1.2 with a raw public key (RFC 7250): {@code DefaultTlsClient} and
 * {@code DefaultTlsServer} that allow only the RawPublicKey certificate type both ways
 * ({@code getAllowedClientCertificateTypes}, {@code getAllowedServerCertificateTypes}), present a
 * {@code Certificate} of that type, and accept exactly one peer key (anything else is a fatal
 * bad_certificate). BC's JCA crypto has no raw key certificate ({@code JcaTlsCrypto.createCertificate}
 * refuses the type with unsupported_certificate), so these peers run on BC's own crypto,
 * {@link BcTlsCrypto}. The server requires the client's key and runs BC's stateless cookie exchange
 * ({@link DTLSVerifier}) first, as {@link BcDtlsPeer} does. Every wait is bounded.
 */
final class BcRpkPeer implements AutoCloseable {
    private static final int MTU = 1564;
    private static final int RESEND_MILLIS = 250;

    private final boolean server;
    private final RpkKeys own;
    private final PublicKey trusted;
    private final int suite;
    private final BcTlsCrypto crypto = new BcTlsCrypto(new SecureRandom());
    private final DatagramSocket socket;
    private volatile byte[] peerKey;
    private DTLSTransport transport;

    /** @param suite the one cipher suite's code point */
    BcRpkPeer(boolean server, RpkKeys own, PublicKey trusted, int suite) throws IOException {
        this.server = server;
        this.own = own;
        this.trusted = trusted;
        this.suite = suite;
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** The client's handshake with {@code to}; returns when it completes, or throws. */
    void connect(InetSocketAddress to, Duration timeout) throws IOException {
        socket.connect(to);
        transport = new DTLSClientProtocol().connect(new Client((int) timeout.toMillis()), new UDPTransport(socket, MTU));
    }

    /** The server's handshake with the first client whose ClientHello returns a valid cookie. */
    void accept(Duration timeout) throws IOException {
        Deadline deadline = Deadline.in(timeout);
        DTLSVerifier verifier = new DTLSVerifier(crypto);
        byte[] buf = new byte[65_535];
        while (!deadline.expired()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            socket.setSoTimeout(deadline.remainingMillisAtLeastOne());
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                break;
            }
            SocketAddress from = p.getSocketAddress();
            DTLSRequest request = verifier.verifyRequest(from.toString().getBytes(StandardCharsets.UTF_8), buf, 0,
                    p.getLength(), new DatagramSender() {
                        @Override
                        public int getSendLimit() {
                            return MTU - 28;
                        }

                        @Override
                        public void send(byte[] b, int off, int len) throws IOException {
                            socket.send(new DatagramPacket(b, off, len, from));
                        }
                    });
            if (request != null) {
                socket.connect(from);
                transport = new DTLSServerProtocol().accept(new Server(deadline.remainingMillisAtLeastOne()),
                        new UDPTransport(socket, MTU), request);
                return;
            }
        }
        throw new PeerException("bc rpk server: no ClientHello with a valid cookie in time");
    }

    /** The SubjectPublicKeyInfo the peer presented, once its Certificate arrived. */
    byte[] peerKey() {
        return peerKey == null ? null : peerKey.clone();
    }

    void send(byte[] data) throws IOException {
        transport.send(data, 0, data.length);
    }

    byte[] receive(Duration timeout) throws IOException {
        Deadline deadline = Deadline.in(timeout);
        byte[] buf = new byte[transport.getReceiveLimit()];
        while (!deadline.expired()) {
            int n = transport.receive(buf, 0, buf.length, deadline.remainingMillisAtLeastOne());
            if (n >= 0) {
                return Arrays.copyOf(buf, n);
            }
        }
        throw new PeerException("bc rpk: no application data within " + timeout);
    }

    @Override
    public void close() {
        try {
            if (transport != null) {
                transport.close();
            }
        } catch (IOException | RuntimeException ignored) {
            // best effort: the peer may be gone
        } finally {
            socket.close();
        }
    }

    /** Our Certificate of type RawPublicKey, and the signer that goes with it. */
    private TlsCredentialedSigner signer(TlsContext context) throws IOException {
        Certificate rpk = new Certificate(CertificateType.RawPublicKey, null, new CertificateEntry[] {
                new CertificateEntry(crypto.createCertificate(CertificateType.RawPublicKey,
                        own.pair().getPublic().getEncoded()), null)});
        SignatureAndHashAlgorithm scheme = own.kind().equals("Ed25519") ? SignatureAndHashAlgorithm.ed25519
                : new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto,
                PrivateKeyFactory.createKey(own.pair().getPrivate().getEncoded()), rpk, scheme);
    }

    /** Accepts exactly the trusted key; anything else is bad_certificate. */
    private void check(Certificate presented) throws IOException {
        if (presented == null || presented.isEmpty() || presented.getCertificateType() != CertificateType.RawPublicKey) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "expected a raw public key");
        }
        byte[] spki = presented.getCertificateAt(0).getEncoded();
        if (!Arrays.equals(spki, trusted.getEncoded())) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "untrusted raw public key");
        }
        peerKey = spki;
    }

    private static final short[] RAW_PUBLIC_KEY_ONLY = {CertificateType.RawPublicKey};

    private final class Client extends DefaultTlsClient {
        private final int timeoutMillis;

        Client(int timeoutMillis) {
            super(crypto);
            this.timeoutMillis = timeoutMillis;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return new int[] {suite};
        }

        @Override
        protected short[] getAllowedClientCertificateTypes() {
            return RAW_PUBLIC_KEY_ONLY;
        }

        @Override
        protected short[] getAllowedServerCertificateTypes() {
            return RAW_PUBLIC_KEY_ONLY;
        }

        @Override
        public int getHandshakeTimeoutMillis() {
            return timeoutMillis;
        }

        @Override
        public int getHandshakeResendTimeMillis() {
            return RESEND_MILLIS;
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new TlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                    check(serverCertificate.getCertificate());
                }

                @Override
                public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                    return signer(context);
                }
            };
        }
    }

    private final class Server extends DefaultTlsServer {
        private final int timeoutMillis;

        Server(int timeoutMillis) {
            super(crypto);
            this.timeoutMillis = timeoutMillis;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return new int[] {suite};
        }

        @Override
        protected short[] getAllowedClientCertificateTypes() {
            return RAW_PUBLIC_KEY_ONLY;
        }

        @Override
        public int getHandshakeTimeoutMillis() {
            return timeoutMillis;
        }

        @Override
        public int getHandshakeResendTimeMillis() {
            return RESEND_MILLIS;
        }

        @Override
        protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
            return signer(context);
        }

        @Override
        public CertificateRequest getCertificateRequest() {
            return new CertificateRequest(new short[] {ClientCertificateType.ecdsa_sign},
                    TlsUtils.getDefaultSupportedSignatureAlgorithms(context), null);
        }

        @Override
        public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
            check(clientCertificate);
        }
    }
}
