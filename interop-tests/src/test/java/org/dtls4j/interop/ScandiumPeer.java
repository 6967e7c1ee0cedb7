package org.dtls4j.interop;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.DtlsEndpointContext;
import org.eclipse.californium.elements.EndpointContext;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.config.CertificateAuthenticationMode;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.util.Bytes;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.DTLSSession;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;
import org.eclipse.californium.scandium.dtls.x509.StaticNewAdvancedCertificateVerifier;

/**
 * Eclipse Californium's DTLS stack (Scandium) in this JVM, on 127.0.0.1: the peer that implements
 * Connection IDs (RFC 9146) the way the field deploys them, both as server and as client.
 *
 * <p>A client connector sends to one peer; a server connector answers whoever comes, and with a
 * Connection ID of its own it follows a peer to a new address when an authenticated, newer record
 * arrives from there (RFC 9146 §6; Scandium's {@code DTLS_UPDATE_ADDRESS_USING_CID_ON_NEWER_RECORDS}).
 * Received application datagrams are queued with their source. Every wait is bounded.
 */
final class ScandiumPeer implements AutoCloseable {
    static {
        DtlsConfig.register();
    }

    /** What the peer authenticates with. */
    enum Auth { PSK, ECDSA }

    /**
     * A received application datagram, where it came from, and the Connection IDs of its
     * association as Scandium keeps them (RFC 9146 §3).
     *
     * @param readCid  the CID Scandium asked for and finds in the records it receives; null: none
     * @param writeCid the CID the peer asked for, which Scandium puts into the records it sends; null: none
     */
    record Received(byte[] data, InetSocketAddress from, byte[] readCid, byte[] writeCid) {
        static Received of(RawData raw) {
            EndpointContext ctx = raw.getEndpointContext();
            return new Received(raw.getBytes(), raw.getInetSocketAddress(),
                    bytes(ctx.get(DtlsEndpointContext.KEY_READ_CONNECTION_ID)),
                    bytes(ctx.get(DtlsEndpointContext.KEY_WRITE_CONNECTION_ID)));
        }

        private static byte[] bytes(Bytes b) {
            return b == null ? null : b.getBytes();
        }
    }

    /** The harness's PSK identity and key (those of {@link InteropCase}), so dtls4j peers configured from a case match. */
    static final String PSK_IDENTITY = InteropCase.PSK_IDENTITY;
    static final byte[] PSK_KEY = InteropCase.sharedPskKey();

    private final DTLSConnector connector;
    private final BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();

    /**
     * @param server    true for a server connector
     * @param cidLength the Connection ID length this side asks for: -1 does not offer the
     *                  extension at all, 0 offers it with an empty CID ("I will send yours")
     * @param suite     the one cipher suite it offers or accepts
     */
    ScandiumPeer(boolean server, Auth auth, int cidLength, CipherSuite suite) throws IOException {
        this(server, auth, cidLength, suite, b -> { });
    }

    /**
     * As {@link #ScandiumPeer(boolean, Auth, int, CipherSuite)}, with {@code extra} applied to the
     * connector's configuration last (for example Scandium's record size settings).
     */
    ScandiumPeer(boolean server, Auth auth, int cidLength, CipherSuite suite,
            Consumer<DtlsConnectorConfig.Builder> extra) throws IOException {
        Configuration config = new Configuration();
        DtlsConnectorConfig.Builder b = DtlsConnectorConfig.builder(config)
                .setAddress(new InetSocketAddress("127.0.0.1", 0))
                .set(DtlsConfig.DTLS_ROLE, server ? DtlsConfig.DtlsRole.SERVER_ONLY : DtlsConfig.DtlsRole.CLIENT_ONLY)
                .set(DtlsConfig.DTLS_CIPHER_SUITES, List.of(suite))
                .set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, 500, TimeUnit.MILLISECONDS)
                .set(DtlsConfig.DTLS_MAX_RETRANSMISSIONS, 8)
                .setLoggingTag(server ? "scandium-server" : "scandium-client");
        if (cidLength >= 0) {
            b.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, cidLength);
        }
        if (suite.name().contains("_CBC_")) {
            // Scandium accepts CBC suites only when told that "recommended" (AEAD) suites are not required.
            b.set(DtlsConfig.DTLS_RECOMMENDED_CIPHER_SUITES_ONLY, false);
        }
        if (auth == Auth.PSK) {
            b.setAdvancedPskStore(new AdvancedSinglePskStore(PSK_IDENTITY, PSK_KEY));
        } else {
            TestPki pki = TestPki.get();
            TestPki.Credential own = server ? pki.serverEcdsa() : pki.clientEcdsa();
            b.setCertificateIdentityProvider(new SingleCertificateProvider(own.privateKey(),
                    own.chain().toArray(new Certificate[0])));
            b.setAdvancedCertificateVerifier(StaticNewAdvancedCertificateVerifier.builder()
                    .setTrustedCertificates(pki.caCertificate()).build());
            if (server) {
                b.set(DtlsConfig.DTLS_CLIENT_AUTHENTICATION_MODE, CertificateAuthenticationMode.NEEDED);
            }
        }
        extra.accept(b);
        connector = new DTLSConnector(b.build());
        connector.setRawDataReceiver(raw -> inbox.add(Received.of(raw)));
        connector.start();
    }

    /** A peer for one of the harness's suites: PSK or ECDSA certificates after the suite's mode. */
    ScandiumPeer(boolean server, int cidLength, Suite suite) throws IOException {
        this(server, suite.mode() == InteropCase.Mode.PSK ? Auth.PSK : Auth.ECDSA, cidLength,
                CipherSuite.valueOf(suite.name()));
    }

    InetSocketAddress address() {
        return connector.getAddress();
    }

    /** Sends one application datagram to {@code to}; a client's first send starts the handshake. */
    void send(byte[] data, InetSocketAddress to) {
        connector.send(RawData.outbound(data, new AddressEndpointContext(to), null, false));
    }

    /** The next application datagram, or {@code null} after {@code timeout}. */
    Received receive(Duration timeout) throws InterruptedException {
        return inbox.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Scandium's session with {@code peer}, or {@code null} when it has none. */
    DTLSSession session(InetSocketAddress peer) {
        return connector.getSessionByAddress(peer);
    }

    @Override
    public void close() {
        connector.destroy();
    }
}
