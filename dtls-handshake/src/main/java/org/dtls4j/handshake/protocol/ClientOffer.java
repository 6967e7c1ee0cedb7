package org.dtls4j.handshake.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dtls4j.codec.DecodeException;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.crypto.NamedGroup;
import org.dtls4j.crypto.SignatureScheme;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.ConnectionIds;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.handshake.SrtpProfile;
import org.dtls4j.handshake.extension.Alpn;
import org.dtls4j.handshake.extension.ConnectionId;
import org.dtls4j.handshake.extension.EcPointFormats;
import org.dtls4j.handshake.extension.EncryptThenMac;
import org.dtls4j.handshake.extension.ExtendedMasterSecret;
import org.dtls4j.handshake.extension.Extension;
import org.dtls4j.handshake.extension.ExtensionType;
import org.dtls4j.handshake.extension.Extensions;
import org.dtls4j.handshake.extension.RenegotiationInfo;
import org.dtls4j.handshake.extension.ServerName;
import org.dtls4j.handshake.extension.SessionTicket;
import org.dtls4j.handshake.extension.SignatureAlgorithms;
import org.dtls4j.handshake.extension.SupportedGroups;
import org.dtls4j.handshake.extension.UseSrtp;

/**
 * What the client offers in its ClientHello (suites, groups, signature schemes, extensions), and
 * the checks that the server's choices come from that offer: the client's counterpart of
 * {@link ServerNegotiation}. Each refusal names what was chosen and what was offered.
 */
final class ClientOffer {
    private final DtlsConfig config;
    private final List<CipherSuite> suites;
    /** The CID we ask the server to put into its records (RFC 9146 §3), or null when we offer none. */
    private final byte[] connectionId;
    private final Extensions extensions;

    /** @param ticket the SessionTicket extension's data (RFC 5077 §3.2): a ticket, empty, or null for no extension */
    ClientOffer(DtlsConfig config, byte[] ticket) {
        this.config = config;
        this.suites = offeredSuites(config);
        this.connectionId = config.connectionIds() == null ? null : config.connectionIds().next();
        this.extensions = extensions(config, suites, connectionId, ticket);
    }

    /**
     * The suites of our ClientHello (RFC 5246 §7.4.1.2), in our order: PSK suites only with a PSK
     * (RFC 4279 §2); certificate suites unless we have a PSK and no way chosen to check a server
     * certificate.
     *
     * <p>A client with a PSK and neither trust ({@link DtlsConfig.Builder#trustedCertificates},
     * {@link DtlsConfig.Builder#trustManager}) nor {@link DtlsConfig.Builder#insecureSkipVerification()}
     * means to authenticate the server by the PSK: offering certificate suites as well would let a
     * certificate-only server pick one, and the handshake would fail late on the JDK's default trust
     * ("PKIX path building failed") instead of at once with the server's handshake_failure ("no
     * cipher suite in common"). It is what the {@code dtls4j} command does with {@code --psk} and
     * no {@code --cafile} or {@code --insecure}. When the configured suites hold no PSK suite at all,
     * the certificate suites are offered as before.
     */
    private static List<CipherSuite> offeredSuites(DtlsConfig config) {
        boolean pskOnly = config.hasClientPsk() && config.trustManager() == null && config.verifyPeer()
                && config.peerCertificateFingerprint().isEmpty() && !config.acceptsRawPublicKeys()
                && config.cipherSuites().stream().anyMatch(s -> s.keyExchange().usesPsk());
        List<CipherSuite> out = new ArrayList<>();
        for (CipherSuite s : config.cipherSuites()) {
            if (s.keyExchange().usesPsk() ? config.hasClientPsk() : !pskOnly) {
                out.add(s);
            }
        }
        return List.copyOf(out);
    }

    private static Extensions extensions(DtlsConfig config, List<CipherSuite> suites, byte[] connectionId, byte[] ticket) {
        List<Extension> ext = new ArrayList<>();
        if (suites.stream().anyMatch(s -> s.keyExchange().usesEcdhe())) {
            List<Integer> groups = new ArrayList<>();
            config.groups().forEach(g -> groups.add(g.code()));
            ext.add(new SupportedGroups(groups).toExtension());
            ext.add(EcPointFormats.UNCOMPRESSED_ONLY.toExtension());
        }
        if (suites.stream().anyMatch(s -> s.keyExchange().usesCertificate())) {
            List<Integer> schemes = new ArrayList<>();
            config.signatureSchemes().forEach(s -> schemes.add(s.code()));
            ext.add(new SignatureAlgorithms(schemes).toExtension());
            ext.addAll(CertificateTypeNegotiation.offer(config));
        }
        ext.add(ExtendedMasterSecret.INSTANCE.toExtension());
        if (ticket != null) {
            ext.add(new SessionTicket(ticket).toExtension());
        }
        if (suites.stream().anyMatch(s -> !s.cipher().isAead())) {
            // RFC 7366 §2: asks for encrypt-then-MAC should the server select a CBC suite.
            ext.add(EncryptThenMac.INSTANCE.toExtension());
        }
        ext.add(RenegotiationInfo.INITIAL.toExtension());
        ext.addAll(RecordSizeNegotiation.offer(config));
        String sni = config.serverName();
        if (sni != null && !sni.matches("[0-9.]+") && !sni.contains(":")) {
            // RFC 6066 §3: "Literal IPv4 and IPv6 addresses are not permitted in HostName."
            ext.add(new ServerName(sni).toExtension());
        }
        if (!config.applicationProtocols().isEmpty()) {
            ext.add(new Alpn(config.applicationProtocols()).toExtension());
        }
        if (connectionId != null) {
            ext.add(new ConnectionId(connectionId).toExtension());
        }
        if (!config.srtpProfiles().isEmpty()) {
            ext.add(UseSrtp.of(config.srtpProfiles().stream().map(SrtpProfile::code).toList()).toExtension());
        }
        return Extensions.of(ext);
    }

    /** The suites of our ClientHello, in our preference order. */
    List<CipherSuite> suites() {
        return suites;
    }

    /** The extensions of our ClientHello. */
    Extensions extensions() {
        return extensions;
    }

    /** RFC 5246 §7.4.1.3: the server's cipher_suite must be one we offered. */
    CipherSuite chosenSuite(int id) throws DtlsException {
        return CipherSuite.fromId(id)
                .filter(suites::contains)
                .orElseThrow(() -> new DtlsException(AlertDescription.ILLEGAL_PARAMETER,
                        String.format("server chose cipher suite 0x%04X, which we did not offer", id)));
    }

    /**
     * Checks the ServerHello's extensions (RFC 5246 §7.4.1.4: a server may only answer extensions we
     * sent) and returns the ALPN protocol the server selected, or {@code null}.
     */
    String checkServerExtensions(Extensions ext) throws DtlsException {
        for (Extension e : ext.list()) {
            if (!extensions.find(e.type()).isPresent()) {
                throw new DtlsException(AlertDescription.UNSUPPORTED_EXTENSION,
                        "server sent extension " + ExtensionType.describe(e.type()) + " that we did not offer");
            }
        }
        // RFC 5746 §3.4: "the client MUST verify that the length of the renegotiated_connection
        // field is zero, and if it is not, MUST abort".
        Handshake.requireInitialRenegotiationInfo(ext, "ServerHello");
        Optional<Extension> a = ext.find(ExtensionType.APPLICATION_LAYER_PROTOCOL_NEGOTIATION);
        if (a.isEmpty()) {
            return null;
        }
        try {
            List<String> p = Alpn.decode(a.get().data()).protocols();
            // RFC 7301 §3.1: the server's list "MUST contain exactly one" protocol, one we offered.
            if (p.size() != 1 || !config.applicationProtocols().contains(p.get(0))) {
                throw new DtlsException(AlertDescription.ILLEGAL_PARAMETER, "server selected ALPN " + p + " that we did not offer");
            }
            return p.get(0);
        } catch (DecodeException e) {
            throw new DtlsException(AlertDescription.DECODE_ERROR, "malformed ALPN extension", e);
        }
    }

    /**
     * Whether the CBC records of this connection are encrypt-then-MAC (RFC 7366 §3): the server
     * selected a CBC suite and answered encrypt_then_mac. A server that selects a CBC suite without
     * answering it gets MAC-then-encrypt only if {@link DtlsConfig#allowMacThenEncrypt()};
     * otherwise the handshake fails with handshake_failure, as for any security parameter we refuse.
     * An answer to an AEAD suite is ignored (RFC 7366 §2 forbids the server to send it, and it
     * changes nothing there), as OpenSSL ignores it.
     */
    boolean encryptThenMac(CipherSuite chosen, Extensions serverExtensions) throws DtlsException {
        Optional<Extension> e = serverExtensions.find(ExtensionType.ENCRYPT_THEN_MAC);
        if (e.isPresent()) {
            try {
                EncryptThenMac.decode(e.get().data());
            } catch (DecodeException ex) {
                throw new DtlsException(AlertDescription.DECODE_ERROR, "malformed encrypt_then_mac extension in ServerHello", ex);
            }
        }
        if (chosen.cipher().isAead()) {
            return false;
        }
        if (e.isEmpty() && !config.allowMacThenEncrypt()) {
            throw new DtlsException(AlertDescription.HANDSHAKE_FAILURE, "server selected " + chosen.ianaName()
                    + " without encrypt_then_mac (RFC 7366), and MAC-then-encrypt is not allowed"
                    + " (DtlsConfig.Builder.allowMacThenEncrypt)");
        }
        return e.isPresent();
    }

    /**
     * The Connection IDs of this connection (RFC 9146 §3), if the server answered our connection_id
     * extension with its own: ours from our offer, the peer's from the ServerHello. A server that
     * leaves the extension out does not use CIDs, and neither do we.
     */
    Optional<ConnectionIds> connectionIds(Extensions serverExtensions) throws DtlsException {
        Optional<Extension> e = serverExtensions.find(ExtensionType.CONNECTION_ID);
        if (e.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ConnectionIds(connectionId, ConnectionId.decode(e.get().data()).cid()));
        } catch (DecodeException ex) {
            throw new DtlsException(AlertDescription.DECODE_ERROR, "malformed connection_id extension in ServerHello", ex);
        }
    }

    /**
     * The SRTP profile the server selected (RFC 5764 §4.1.1), or empty when its ServerHello has no
     * use_srtp: the connection then goes on without SRTP. The server must select exactly one profile
     * that we offered, and its srtp_mki must be empty or ours (we send an empty one), else
     * illegal_parameter; a malformed extension is a decode_error.
     */
    Optional<SrtpProfile> srtpProfile(Extensions serverExtensions) throws DtlsException {
        Optional<Extension> e = serverExtensions.find(ExtensionType.USE_SRTP);
        if (e.isEmpty()) {
            return Optional.empty();
        }
        UseSrtp u;
        try {
            u = UseSrtp.decode(e.get().data());
        } catch (DecodeException ex) {
            throw new DtlsException(AlertDescription.DECODE_ERROR, "malformed use_srtp extension in ServerHello", ex);
        }
        Optional<SrtpProfile> p = u.profiles().size() == 1 ? SrtpProfile.fromCode(u.profiles().get(0)) : Optional.empty();
        if (p.isEmpty() || !config.srtpProfiles().contains(p.get())) {
            throw new DtlsException(AlertDescription.ILLEGAL_PARAMETER, "server selected SRTP profiles " + u
                    + ", not one of ours: " + config.srtpProfiles());
        }
        if (u.mki().length != 0) {
            // RFC 5764 §4.1.1: "If the client detects a nonzero-length MKI in the server's response
            // that is different than the one the client offered, then the client MUST abort".
            throw new DtlsException(AlertDescription.ILLEGAL_PARAMETER, "server answered use_srtp with an srtp_mki"
                    + " of " + u.mki().length + " bytes; we offered an empty one");
        }
        return p;
    }

    /** RFC 8422 §5.4: the server's named group must be one of our supported_groups. */
    NamedGroup offeredGroup(int code) throws DtlsException {
        return NamedGroup.fromCode(code).filter(config.groups()::contains)
                .orElseThrow(() -> new DtlsException(AlertDescription.ILLEGAL_PARAMETER,
                        "server chose group " + code + ", which we did not offer"));
    }

    /** RFC 5246 §7.4.1.4.1: the ServerKeyExchange must be signed with a scheme we offered. */
    SignatureScheme offeredScheme(int code) throws DtlsException {
        return SignatureScheme.fromCode(code)
                .filter(config.signatureSchemes()::contains)
                .orElseThrow(() -> new DtlsException(AlertDescription.ILLEGAL_PARAMETER,
                        String.format("ServerKeyExchange signed with scheme 0x%04X, which we did not offer", code)));
    }
}
