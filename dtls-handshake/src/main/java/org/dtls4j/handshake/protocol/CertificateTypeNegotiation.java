package org.dtls4j.handshake.protocol;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dtls4j.codec.DecodeException;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.ClientAuth;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.handshake.extension.CertificateType;
import org.dtls4j.handshake.extension.CertificateTypes;
import org.dtls4j.handshake.extension.Extension;
import org.dtls4j.handshake.extension.ExtensionType;
import org.dtls4j.handshake.extension.Extensions;

/**
 * Which certificate type each side's Certificate message carries (RFC 7250 §4): X.509 unless the
 * hellos agree on a raw public key through client_certificate_type and server_certificate_type.
 *
 * <ul>
 *   <li>What we can send: a raw public key when {@code rawPublicKey} is configured, X.509 when we
 *       hold a certificate chain; in that order of preference.</li>
 *   <li>What we accept: a raw public key when trusted keys or a verifier are configured; X.509 when
 *       X.509 trust is configured, or when no raw public key trust is (the default).</li>
 *   <li>The client lists each set, preferred first, and leaves out a list that holds only X.509
 *       (RFC 7250 §4.1: "If the client has no remaining certificate types to send in the client
 *       hello, other than the default X.509 type, it MUST omit the client_certificate_type
 *       extension").</li>
 *   <li>The server takes the first type of the client's list that it supports; a missing list
 *       means X.509. It names its choice in the ServerHello, except X.509, which the absence of the
 *       extension already says. For its own Certificate, no type in common is fatal:
 *       unsupported_certificate (RFC 7250 §4.2, case 2). For the client's, the extension only matters
 *       when the server asks for a certificate: with {@link ClientAuth#REQUIRED} no type in common
 *       is the same failure, with {@link ClientAuth#OPTIONAL} the server does not ask.</li>
 * </ul>
 *
 * Certificate types matter only with certificate suites; PSK handshakes ignore the extensions.
 */
final class CertificateTypeNegotiation {
    private CertificateTypeNegotiation() {
    }

    /**
     * The types of one handshake: what the server's Certificate carries, and what the client's
     * carries if the server asked for one ({@code null} when it did not).
     */
    record Agreed(CertificateType server, CertificateType client) {
    }

    /** What we can send, preferred first. */
    static List<CertificateType> ours(DtlsConfig config) {
        List<CertificateType> out = new ArrayList<>();
        if (config.rawPublicKey() != null) {
            out.add(CertificateType.RAW_PUBLIC_KEY);
        }
        if (!config.certificateChain().isEmpty()) {
            out.add(CertificateType.X509);
        }
        return out;
    }

    /** What we accept from the peer, preferred first. */
    static List<CertificateType> accepted(DtlsConfig config) {
        List<CertificateType> out = new ArrayList<>();
        if (config.acceptsRawPublicKeys()) {
            out.add(CertificateType.RAW_PUBLIC_KEY);
        }
        boolean x509Trust = config.trustManager() != null || config.peerCertificateFingerprint().isPresent()
                || !config.verifyPeer();
        if (x509Trust || !config.acceptsRawPublicKeys()) {
            out.add(CertificateType.X509);
        }
        return out;
    }

    /**
     * The public key behind our Certificate: the raw public key, or the leaf certificate's (the
     * configuration makes them one key when both are set); {@code null} when we have neither.
     */
    static PublicKey ourPublicKey(DtlsConfig config) {
        if (config.rawPublicKey() != null) {
            return config.rawPublicKey();
        }
        return config.certificateChain().isEmpty() ? null : config.certificateChain().get(0).getPublicKey();
    }

    // ---------------------------------------------------------------------------------------------
    // Client

    /** The extensions of our ClientHello (RFC 7250 §4.1); none for an X.509-only client. */
    static List<Extension> offer(DtlsConfig config) {
        List<Extension> out = new ArrayList<>();
        List<CertificateType> ours = ours(config);
        if (!ours.isEmpty() && !ours.equals(List.of(CertificateType.X509))) {
            out.add(CertificateTypes.of(ours).toExtension(ExtensionType.CLIENT_CERTIFICATE_TYPE));
        }
        List<CertificateType> accepted = accepted(config);
        if (!accepted.equals(List.of(CertificateType.X509))) {
            out.add(CertificateTypes.of(accepted).toExtension(ExtensionType.SERVER_CERTIFICATE_TYPE));
        }
        return out;
    }

    /**
     * Reads the server's choices from its ServerHello (full handshake with a certificate suite).
     * Each must be one we offered (else illegal_parameter); no server_certificate_type means X.509,
     * which an endpoint that accepts only raw public keys refuses with unsupported_certificate.
     */
    static Agreed fromServerHello(DtlsConfig config, Extensions serverHello) throws DtlsException {
        CertificateType server = selected(serverHello, ExtensionType.SERVER_CERTIFICATE_TYPE, accepted(config));
        if (!accepted(config).contains(server)) {
            throw new DtlsException(AlertDescription.UNSUPPORTED_CERTIFICATE, "server uses X.509 certificates"
                    + " (its ServerHello has no server_certificate_type), but this client accepts only "
                    + accepted(config) + " (RFC 7250 §4.1)");
        }
        CertificateType client = selected(serverHello, ExtensionType.CLIENT_CERTIFICATE_TYPE, ours(config));
        return new Agreed(server, client);
    }

    /** The type a ServerHello extension selects, one of {@code offered}; X.509 when it is absent. */
    private static CertificateType selected(Extensions serverHello, ExtensionType which, List<CertificateType> offered)
            throws DtlsException {
        Optional<Extension> e = serverHello.find(which);
        if (e.isEmpty()) {
            return CertificateType.X509;
        }
        int code;
        try {
            code = CertificateTypes.decodeSelection(e.get().data());
        } catch (DecodeException ex) {
            throw new DtlsException(AlertDescription.DECODE_ERROR, "malformed " + name(which) + " in ServerHello", ex);
        }
        Optional<CertificateType> t = CertificateType.fromCode(code).filter(offered::contains);
        if (t.isEmpty()) {
            throw new DtlsException(AlertDescription.ILLEGAL_PARAMETER, "server selected " + name(which) + " "
                    + CertificateType.describe(code) + ", which we did not offer: " + offered);
        }
        return t.get();
    }

    // ---------------------------------------------------------------------------------------------
    // Server

    /**
     * The type of our Certificate for this ClientHello: the client's first listed type that we
     * can send, or empty when there is none (also for a malformed list; {@link #serverType} says which).
     */
    static Optional<CertificateType> serverTypeFor(DtlsConfig config, Extensions clientHello) {
        try {
            return Optional.of(serverType(config, clientHello));
        } catch (DtlsException e) {
            return Optional.empty();
        }
    }

    /**
     * {@link #serverTypeFor}, or the failure: decode_error for a malformed list, unsupported_certificate
     * when no type is in common (RFC 7250 §4.2, case 2).
     */
    static CertificateType serverType(DtlsConfig config, Extensions clientHello) throws DtlsException {
        List<Integer> offered = clientList(clientHello, ExtensionType.SERVER_CERTIFICATE_TYPE);
        return firstInCommon(offered, ours(config)).orElseThrow(() -> new DtlsException(
                AlertDescription.UNSUPPORTED_CERTIFICATE, "client accepts " + describe(offered)
                + " from the server, and this server can send only " + ours(config) + " (RFC 7250 §4.2)"));
    }

    /**
     * RFC 7250 §4.2 for a ClientHello that a certificate suite was chosen for: our type, and the
     * client's if we ask for a certificate.
     *
     * @throws DtlsException decode_error for a malformed list; unsupported_certificate when no type
     *     is in common for our Certificate, or for the client's when one is required
     */
    static Agreed forServer(DtlsConfig config, Extensions clientHello) throws DtlsException {
        CertificateType server = serverType(config, clientHello);
        if (config.clientAuth() == ClientAuth.NONE) {
            return new Agreed(server, null);
        }
        List<Integer> clientTypes = clientList(clientHello, ExtensionType.CLIENT_CERTIFICATE_TYPE);
        Optional<CertificateType> client = firstInCommon(clientTypes, accepted(config));
        if (client.isEmpty() && config.clientAuth() == ClientAuth.REQUIRED) {
            throw new DtlsException(AlertDescription.UNSUPPORTED_CERTIFICATE, "client can send " + describe(clientTypes)
                    + ", and this server accepts only " + accepted(config) + " (RFC 7250 §4.2)");
        }
        return new Agreed(server, client.orElse(null));
    }

    /**
     * The ServerHello's answers: a type other than X.509 is named in the extension the client sent;
     * X.509 is said by leaving it out.
     */
    static void answer(Agreed agreed, Extensions clientHello, List<Extension> serverHello) {
        if (agreed.server() != CertificateType.X509 && clientHello.contains(ExtensionType.SERVER_CERTIFICATE_TYPE)) {
            serverHello.add(CertificateTypes.selection(ExtensionType.SERVER_CERTIFICATE_TYPE, agreed.server()));
        }
        if (agreed.client() != null && agreed.client() != CertificateType.X509
                && clientHello.contains(ExtensionType.CLIENT_CERTIFICATE_TYPE)) {
            serverHello.add(CertificateTypes.selection(ExtensionType.CLIENT_CERTIFICATE_TYPE, agreed.client()));
        }
    }

    /** The client's list of {@code which}, or X.509 alone when it sent none. */
    private static List<Integer> clientList(Extensions clientHello, ExtensionType which) throws DtlsException {
        Optional<Extension> e = clientHello.find(which);
        if (e.isEmpty()) {
            return List.of(CertificateType.X509.code());
        }
        try {
            return CertificateTypes.decode(e.get().data()).types();
        } catch (DecodeException ex) {
            throw new DtlsException(AlertDescription.DECODE_ERROR, "malformed " + name(which) + " in ClientHello", ex);
        }
    }

    private static Optional<CertificateType> firstInCommon(List<Integer> offered, List<CertificateType> supported) {
        for (int code : offered) {
            Optional<CertificateType> t = CertificateType.fromCode(code).filter(supported::contains);
            if (t.isPresent()) {
                return t;
            }
        }
        return Optional.empty();
    }

    private static String describe(List<Integer> codes) {
        List<String> names = new ArrayList<>();
        codes.forEach(c -> names.add(CertificateType.describe(c)));
        return names.toString();
    }

    private static String name(ExtensionType which) {
        return ExtensionType.describe(which.code());
    }
}
