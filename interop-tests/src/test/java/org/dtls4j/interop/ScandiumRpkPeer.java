package org.dtls4j.interop;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.Principal;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.auth.RawPublicKeyIdentity;
import org.eclipse.californium.elements.config.CertificateAuthenticationMode;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;
import org.eclipse.californium.scandium.dtls.x509.StaticNewAdvancedCertificateVerifier;

/**
 * Eclipse Californium's Scandium 3.13 with a raw public key (RFC 7250), as LwM2M and CoAP devices
 * use it: its identity is a {@code SingleCertificateProvider(privateKey, publicKey)}, and it trusts
 * exactly one peer key ({@code StaticNewAdvancedCertificateVerifier.setTrustedRPKs}). A server
 * requires the client's key ({@code DTLS_CLIENT_AUTHENTICATION_MODE NEEDED}). Received datagrams
 * are queued with the peer key Scandium authenticated. Every wait is bounded.
 */
final class ScandiumRpkPeer implements AutoCloseable {
    static {
        DtlsConfig.register();
    }

    /** A received application datagram, its source and the peer's raw public key as Scandium saw it. */
    record Received(byte[] data, InetSocketAddress from, PublicKey peerKey) {
        static Received of(RawData raw) {
            Principal p = raw.getEndpointContext().getPeerIdentity();
            return new Received(raw.getBytes(), raw.getInetSocketAddress(),
                    p instanceof RawPublicKeyIdentity rpk ? rpk.getKey() : null);
        }
    }

    private final DTLSConnector connector;
    private final BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();

    ScandiumRpkPeer(boolean server, RpkKeys own, PublicKey trusted, CipherSuite suite) throws IOException {
        DtlsConnectorConfig.Builder b = DtlsConnectorConfig.builder(new Configuration())
                .setAddress(new InetSocketAddress("127.0.0.1", 0))
                .set(DtlsConfig.DTLS_ROLE, server ? DtlsConfig.DtlsRole.SERVER_ONLY : DtlsConfig.DtlsRole.CLIENT_ONLY)
                .set(DtlsConfig.DTLS_CIPHER_SUITES, List.of(suite))
                .set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, 500, TimeUnit.MILLISECONDS)
                .set(DtlsConfig.DTLS_MAX_RETRANSMISSIONS, 8)
                .setLoggingTag(server ? "scandium-rpk-server" : "scandium-rpk-client")
                .setCertificateIdentityProvider(new SingleCertificateProvider(own.pair().getPrivate(), own.pair().getPublic()))
                .setAdvancedCertificateVerifier(StaticNewAdvancedCertificateVerifier.builder()
                        .setTrustedRPKs(new RawPublicKeyIdentity(trusted)).build());
        if (server) {
            b.set(DtlsConfig.DTLS_CLIENT_AUTHENTICATION_MODE, CertificateAuthenticationMode.NEEDED);
        }
        connector = new DTLSConnector(b.build());
        connector.setRawDataReceiver(raw -> inbox.add(Received.of(raw)));
        connector.start();
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

    @Override
    public void close() {
        connector.destroy();
    }
}
