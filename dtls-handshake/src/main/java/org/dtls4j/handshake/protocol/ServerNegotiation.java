package org.dtls4j.handshake.protocol;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dtls4j.codec.DecodeException;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.crypto.KeyExchangeAlgorithm;
import org.dtls4j.crypto.NamedGroup;
import org.dtls4j.crypto.SignatureScheme;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.ConnectionIds;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.handshake.DtlsSession;
import org.dtls4j.handshake.SrtpProfile;
import org.dtls4j.handshake.extension.Alpn;
import org.dtls4j.handshake.extension.ConnectionId;
import org.dtls4j.handshake.extension.EncryptThenMac;
import org.dtls4j.handshake.extension.Extension;
import org.dtls4j.handshake.extension.ExtensionType;
import org.dtls4j.handshake.extension.ServerName;
import org.dtls4j.handshake.extension.SignatureAlgorithms;
import org.dtls4j.handshake.extension.SupportedGroups;
import org.dtls4j.handshake.extension.UseSrtp;
import org.dtls4j.handshake.message.ClientHello;
import org.dtls4j.handshake.ticket.TicketRejection;
import org.dtls4j.record.ProtocolVersion;

/**
 * The server's choices from a ClientHello: suite (server preference, like OpenSSL's
 * SSL_OP_CIPHER_SERVER_PREFERENCE), group, signature scheme, ALPN protocol and session to resume.
 * Each refusal names what the two sides offered.
 */
final class ServerNegotiation {
    private final DtlsConfig config;

    ServerNegotiation(DtlsConfig config) {
        this.config = config;
    }

    void checkClientHello(ClientHello ch) throws DtlsException {
        // DTLS versions count down: 0xFEFF is 1.0, 0xFEFD is 1.2. RFC 5246 Appendix E.1: a server that
        // cannot use the client's highest version "MUST send a protocol_version alert".
        if (ch.clientVersion() > ProtocolVersion.DTLS_1_2) {
            throw new DtlsException(AlertDescription.PROTOCOL_VERSION,
                    String.format("client offers version 0x%04X; only DTLS 1.2 (0xFEFD) is supported", ch.clientVersion()));
        }
        // RFC 5746 §3.6: the server "MUST verify that the length of the renegotiated_connection
        // field is zero, and if it is not, MUST abort".
        Handshake.requireInitialRenegotiationInfo(ch.extensions(), "ClientHello");
    }

    /**
     * The Connection IDs for this connection (RFC 9146 §3): when the client offered the
     * connection_id extension and we use CIDs, ours is new and the client's is the one it sent;
     * otherwise none. The drafts' code point 53 is never negotiated: its records are protected
     * differently, and a client that offers only it gets a connection without CIDs.
     */
    Optional<ConnectionIds> connectionIds(ClientHello ch) throws DtlsException {
        Optional<Extension> e = ch.extensions().find(ExtensionType.CONNECTION_ID);
        if (e.isEmpty() || config.connectionIds() == null) {
            return Optional.empty();
        }
        try {
            byte[] clients = ConnectionId.decode(e.get().data()).cid();
            return Optional.of(new ConnectionIds(config.connectionIds().next(), clients));
        } catch (DecodeException ex) {
            throw new DtlsException(AlertDescription.DECODE_ERROR, "malformed connection_id extension in ClientHello", ex);
        }
    }

    CipherSuite selectSuite(ClientHello ch) throws DtlsException {
        List<CipherSuite> offered = Handshake.known(ch.cipherSuites());
        boolean clientHasGroup = selectGroupOrNull(ch) != null;
        for (CipherSuite s : config.cipherSuites()) {
            if (offered.contains(s) && usable(s, ch, clientHasGroup)) {
                return s;
            }
        }
        boolean certificateSuiteInCommon = offered.stream()
                .anyMatch(s -> s.keyExchange().usesCertificate() && config.cipherSuites().contains(s));
        if (certificateSuiteInCommon && config.privateKey() != null) {
            CertificateTypeNegotiation.serverType(config, ch.extensions()); // unsupported_certificate if that is why
        }
        boolean cbcRefused = offered.stream().anyMatch(s -> !cbcAcceptable(s, ch) && config.cipherSuites().contains(s));
        throw new DtlsException(AlertDescription.HANDSHAKE_FAILURE, "no cipher suite in common: client offered "
                + Handshake.names(offered) + ", server can use " + Handshake.names(usableSuites(ch, clientHasGroup))
                + (cbcRefused ? "; its CBC suites need encrypt_then_mac (RFC 7366), which it did not offer, and"
                        + " MAC-then-encrypt is not allowed (DtlsConfig.Builder.allowMacThenEncrypt)" : ""));
    }

    /**
     * A CBC suite is acceptable with a client that offered encrypt_then_mac (RFC 7366 §2), or
     * with any client when MAC-then-encrypt is allowed; AEAD suites always are.
     */
    private boolean cbcAcceptable(CipherSuite s, ClientHello ch) {
        return s.cipher().isAead() || ch.extensions().contains(ExtensionType.ENCRYPT_THEN_MAC) || config.allowMacThenEncrypt();
    }

    /**
     * Whether this connection's CBC records are encrypt-then-MAC, which our ServerHello then
     * answers (RFC 7366 §2): the client offered it and {@code suite} is a CBC suite. With an AEAD
     * suite the extension is not answered ("it MUST NOT send an encrypt-then-MAC response
     * extension back"). A malformed extension is a decode_error.
     */
    boolean encryptThenMac(ClientHello ch, CipherSuite suite) throws DtlsException {
        Optional<Extension> e = ch.extensions().find(ExtensionType.ENCRYPT_THEN_MAC);
        if (e.isEmpty()) {
            return false;
        }
        try {
            EncryptThenMac.decode(e.get().data());
        } catch (DecodeException ex) {
            throw new DtlsException(AlertDescription.DECODE_ERROR, "malformed encrypt_then_mac extension in ClientHello", ex);
        }
        return !suite.cipher().isAead();
    }

    private List<CipherSuite> usableSuites(ClientHello ch, boolean clientHasGroup) {
        List<CipherSuite> out = new ArrayList<>();
        for (CipherSuite s : config.cipherSuites()) {
            if (usable(s, ch, clientHasGroup)) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * A suite is usable when we hold its credentials and the client can meet its parameters,
     * encrypt_then_mac for a CBC suite among them.
     */
    private boolean usable(CipherSuite s, ClientHello ch, boolean clientHasGroup) {
        if (!cbcAcceptable(s, ch)) {
            return false;
        }
        KeyExchangeAlgorithm kx = s.keyExchange();
        if (kx.usesEcdhe() && !clientHasGroup) {
            return false;
        }
        if (kx.usesPsk()) {
            return config.pskStore() != null;
        }
        if (config.privateKey() == null || CertificateTypeNegotiation.serverTypeFor(config, ch.extensions()).isEmpty()) {
            return false;
        }
        PublicKey key = CertificateTypeNegotiation.ourPublicKey(config);
        boolean rsa = key.getAlgorithm().equals("RSA");
        if ((kx == KeyExchangeAlgorithm.ECDHE_RSA) != rsa) {
            return false;
        }
        return certificateCurveAccepted(key, ch) && signatureSchemeOrNull(ch) != null;
    }

    /**
     * RFC 8422 §5.1: the client's supported_groups also limits the curve of an ECDSA certificate
     * (OpenSSL's client refuses others with "wrong curve").
     */
    private static boolean certificateCurveAccepted(PublicKey key, ClientHello ch) {
        if (!(key instanceof java.security.interfaces.ECPublicKey)) {
            return true;
        }
        Optional<Extension> e = ch.extensions().find(ExtensionType.SUPPORTED_GROUPS);
        if (e.isEmpty()) {
            return true;
        }
        int bits = ((java.security.interfaces.ECPublicKey) key).getParams().getCurve().getField().getFieldSize();
        NamedGroup curve = bits == 256 ? NamedGroup.SECP256R1 : bits == 384 ? NamedGroup.SECP384R1 : null;
        try {
            return curve != null && SupportedGroups.decode(e.get().data()).groups().contains(curve.code());
        } catch (DecodeException ex) {
            return false;
        }
    }

    NamedGroup selectGroup(ClientHello ch) throws DtlsException {
        NamedGroup g = selectGroupOrNull(ch);
        if (g == null) {
            throw new DtlsException(AlertDescription.HANDSHAKE_FAILURE, "no ECDHE group in common: server supports " + config.groups());
        }
        return g;
    }

    /** RFC 8422 §4: without supported_groups the client is taken to support secp256r1. */
    private NamedGroup selectGroupOrNull(ClientHello ch) {
        List<Integer> offered = List.of(NamedGroup.SECP256R1.code());
        Optional<Extension> e = ch.extensions().find(ExtensionType.SUPPORTED_GROUPS);
        if (e.isPresent()) {
            try {
                offered = SupportedGroups.decode(e.get().data()).groups();
            } catch (DecodeException ex) {
                return null;
            }
        }
        for (NamedGroup g : config.groups()) {
            if (offered.contains(g.code())) {
                return g;
            }
        }
        return null;
    }

    SignatureScheme selectSignatureScheme(ClientHello ch) throws DtlsException {
        SignatureScheme s = signatureSchemeOrNull(ch);
        if (s == null) {
            throw new DtlsException(AlertDescription.HANDSHAKE_FAILURE, "no signature scheme in common for our "
                    + CertificateTypeNegotiation.ourPublicKey(config).getAlgorithm() + " key");
        }
        return s;
    }

    /**
     * RFC 5246 §7.4.1.4.1: the client's signature_algorithms limits what we may sign with. Without
     * the extension TLS 1.2 would default to SHA-1, which we do not sign with.
     */
    private SignatureScheme signatureSchemeOrNull(ClientHello ch) {
        Optional<Extension> e = ch.extensions().find(ExtensionType.SIGNATURE_ALGORITHMS);
        if (e.isEmpty() || config.privateKey() == null) {
            return null;
        }
        List<Integer> offered;
        try {
            offered = SignatureAlgorithms.decode(e.get().data()).schemes();
        } catch (DecodeException ex) {
            return null;
        }
        return Handshake.chooseScheme(config.signatureSchemes(), offered, CertificateTypeNegotiation.ourPublicKey(config));
    }

    /** RFC 7301 §3.2: our first protocol that the client offers; none in common is fatal. */
    String selectAlpn(ClientHello ch) throws DtlsException {
        Optional<Extension> e = ch.extensions().find(ExtensionType.APPLICATION_LAYER_PROTOCOL_NEGOTIATION);
        if (e.isEmpty() || config.applicationProtocols().isEmpty()) {
            return null;
        }
        List<String> offered;
        try {
            offered = Alpn.decode(e.get().data()).protocols();
        } catch (DecodeException ex) {
            throw new DtlsException(AlertDescription.DECODE_ERROR, "malformed ALPN extension", ex);
        }
        for (String p : config.applicationProtocols()) {
            if (offered.contains(p)) {
                return p;
            }
        }
        throw new DtlsException(AlertDescription.NO_APPLICATION_PROTOCOL,
                "no application protocol in common: client offered " + offered + ", server supports " + config.applicationProtocols());
    }

    /**
     * RFC 5764 §4.1.1: our first SRTP profile that the client offers. With none in common "the
     * server SHOULD NOT return the use_srtp extension" and the handshake goes on without SRTP; a
     * malformed extension is a decode_error. Our answer's srtp_mki is empty: "to indicate that it
     * cannot make use of the MKI".
     */
    Optional<SrtpProfile> selectSrtpProfile(ClientHello ch) throws DtlsException {
        Optional<Extension> e = ch.extensions().find(ExtensionType.USE_SRTP);
        if (e.isEmpty() || config.srtpProfiles().isEmpty()) {
            return Optional.empty();
        }
        List<Integer> offered;
        try {
            offered = UseSrtp.decode(e.get().data()).profiles();
        } catch (DecodeException ex) {
            throw new DtlsException(AlertDescription.DECODE_ERROR, "malformed use_srtp extension in ClientHello", ex);
        }
        return config.srtpProfiles().stream().filter(p -> offered.contains(p.code())).findFirst();
    }

    String serverName(ClientHello ch) throws DtlsException {
        Optional<Extension> e = ch.extensions().find(ExtensionType.SERVER_NAME);
        if (e.isEmpty()) {
            return null;
        }
        try {
            return ServerName.decode(e.get().data()).hostName();
        } catch (DecodeException ex) {
            throw new DtlsException(AlertDescription.DECODE_ERROR, "malformed server_name extension", ex);
        }
    }

    /**
     * RFC 5246 §7.4.1.2: resume when the session is cached and its suite is still offered; RFC 7627
     * §5.3: never across a change of extended master secret. A CBC session resumes on the same
     * terms as a new one: encrypt_then_mac offered again, or MAC-then-encrypt allowed.
     */
    DtlsSession resumable(ClientHello ch, boolean ems) {
        if (ch.sessionId().length == 0 || config.sessionStore() == null) {
            return null;
        }
        DtlsSession s = config.sessionStore().get(ch.sessionId());
        if (s == null || s.extendedMasterSecret() != ems || unresumable(s, ch) != null) {
            return null;
        }
        return s;
    }

    /**
     * Why {@code s} cannot be resumed with this hello whatever its extended master secret, or
     * {@code null} when it can: its suite must still be offered and allowed, and its peer still
     * acceptable to this configuration (the same pin, certificate type, PSK identity).
     */
    TicketRejection unresumable(DtlsSession s, ClientHello ch) {
        if (!ch.cipherSuites().contains(s.cipherSuite().id()) || !config.cipherSuites().contains(s.cipherSuite())
                || !cbcAcceptable(s.cipherSuite(), ch)) {
            return TicketRejection.SUITE_NOT_OFFERED;
        }
        if (!PeerCertificates.resumableUnderPin(config, s.peerCertificates()) || !RawPublicKeyChecks.resumable(config, s)) {
            return TicketRejection.PEER_NOT_ACCEPTED;
        }
        return null;
    }
}
