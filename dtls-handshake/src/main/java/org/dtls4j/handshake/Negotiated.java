package org.dtls4j.handshake;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.crypto.NamedGroup;

/**
 * What a completed handshake agreed on. Peer identities here are proven: a certificate chain only
 * after its CertificateVerify or ServerKeyExchange signature verified and the chain was trusted, a
 * PSK identity only after Finished verified with the key it names.
 *
 * @param protocol            always "DTLSv1.2"
 * @param cipherSuite         the suite in use
 * @param group               the ECDHE group, empty for plain PSK and for resumed sessions
 * @param extendedMasterSecret whether RFC 7627 was in use
 * @param peerCertificates    the peer's chain, leaf first; empty when the peer sent none
 * @param pskIdentity         the PSK identity, if a PSK suite was used
 * @param applicationProtocol the ALPN protocol selected (RFC 7301), if any
 * @param serverName          the server name the client asked for (RFC 6066), if any
 * @param resumed             whether this was an abbreviated handshake (RFC 5246 §7.3)
 * @param session             the session, for resumption by a later client connection
 * @param connectionIds       the Connection IDs (RFC 9146), if the connection_id extension was negotiated
 * @param srtpProfile         the SRTP protection profile selected in use_srtp (RFC 5764 §4.1.1); empty
 *                            when either side did not offer it or no profile was in common, in which
 *                            case the connection is plain DTLS (RFC 5764 §4.1.1)
 * @param exporter            the keying material exporter (RFC 5705), or {@code null} when built without one
 * @param peerRawPublicKey    the peer's raw public key (RFC 7250), when it authenticated with one
 *                            instead of a certificate chain; checked like a chain, and proven by
 *                            the same signatures
 * @param encryptThenMac      with a CBC suite, whether records are encrypt-then-MAC (RFC 7366) rather than
 *                            MAC-then-encrypt; false with an AEAD suite, where it does not apply
 */
public record Negotiated(
        String protocol,
        CipherSuite cipherSuite,
        Optional<NamedGroup> group,
        boolean extendedMasterSecret,
        List<X509Certificate> peerCertificates,
        Optional<String> pskIdentity,
        Optional<String> applicationProtocol,
        Optional<String> serverName,
        boolean resumed,
        DtlsSession session,
        Optional<ConnectionIds> connectionIds,
        Optional<SrtpProfile> srtpProfile,
        KeyingMaterialExporter exporter,
        Optional<PublicKey> peerRawPublicKey,
        boolean encryptThenMac) {

    public Negotiated {
        peerCertificates = List.copyOf(peerCertificates);
    }

    /** Without a raw public key, with an AEAD suite (no encrypt_then_mac). */
    public Negotiated(String protocol, CipherSuite cipherSuite, Optional<NamedGroup> group, boolean extendedMasterSecret,
                      List<X509Certificate> peerCertificates, Optional<String> pskIdentity,
                      Optional<String> applicationProtocol, Optional<String> serverName, boolean resumed,
                      DtlsSession session, Optional<ConnectionIds> connectionIds, Optional<SrtpProfile> srtpProfile,
                      KeyingMaterialExporter exporter) {
        this(protocol, cipherSuite, group, extendedMasterSecret, peerCertificates, pskIdentity, applicationProtocol,
                serverName, resumed, session, connectionIds, srtpProfile, exporter, Optional.empty(), false);
    }

    /** Without SRTP and without an exporter. */
    public Negotiated(String protocol, CipherSuite cipherSuite, Optional<NamedGroup> group, boolean extendedMasterSecret,
                      List<X509Certificate> peerCertificates, Optional<String> pskIdentity,
                      Optional<String> applicationProtocol, Optional<String> serverName, boolean resumed,
                      DtlsSession session, Optional<ConnectionIds> connectionIds) {
        this(protocol, cipherSuite, group, extendedMasterSecret, peerCertificates, pskIdentity, applicationProtocol,
                serverName, resumed, session, connectionIds, Optional.empty(), null);
    }

    /** Without Connection IDs. */
    public Negotiated(String protocol, CipherSuite cipherSuite, Optional<NamedGroup> group, boolean extendedMasterSecret,
                      List<X509Certificate> peerCertificates, Optional<String> pskIdentity,
                      Optional<String> applicationProtocol, Optional<String> serverName, boolean resumed,
                      DtlsSession session) {
        this(protocol, cipherSuite, group, extendedMasterSecret, peerCertificates, pskIdentity, applicationProtocol,
                serverName, resumed, session, Optional.empty());
    }

    @Override
    public String toString() {
        return protocol + " " + cipherSuite.ianaName()
                + group.map(g -> " group=" + g.tlsName()).orElse("")
                + " ems=" + extendedMasterSecret
                + (cipherSuite.cipher().isAead() ? "" : encryptThenMac ? " encrypt_then_mac" : " mac_then_encrypt")
                + (peerCertificates.isEmpty() ? "" : " peer=" + peerCertificates.get(0).getSubjectX500Principal().getName())
                + peerRawPublicKey.map(k -> " peer=" + k.getAlgorithm() + " raw public key").orElse("")
                + pskIdentity.map(i -> " psk_identity=" + i).orElse("")
                + applicationProtocol.map(a -> " alpn=" + a).orElse("")
                + serverName.map(s -> " sni=" + s).orElse("")
                + (resumed ? " resumed" : "")
                + connectionIds.map(c -> " cid " + c).orElse("")
                + srtpProfile.map(p -> " srtp=" + p.openSslName()).orElse("");
    }

    /**
     * Keying material exported from this connection (RFC 5705 §4); see {@link KeyingMaterialExporter}.
     *
     * @param label   e.g. {@code "EXTRACTOR-dtls_srtp"}; the TLS PRF's own labels are refused
     * @param context {@code null} for no context, which differs from an empty one
     * @param length  bytes wanted
     * @throws IllegalArgumentException for a reserved label, a negative length or an over-long context
     * @throws IllegalStateException    when this has no exporter, or the connection has closed
     */
    public byte[] exportKeyingMaterial(String label, byte[] context, int length) {
        if (exporter == null) {
            throw new IllegalStateException("this Negotiated carries no keying material exporter");
        }
        return exporter.export(label, context, length);
    }
}
