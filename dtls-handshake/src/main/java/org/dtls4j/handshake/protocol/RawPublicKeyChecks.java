package org.dtls4j.handshake.protocol;

import java.net.SocketAddress;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.dtls4j.crypto.JcaProviders;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.handshake.DtlsSession;
import org.dtls4j.handshake.extension.CertificateType;

/**
 * Checks of a peer's raw public key (RFC 7250): parsing its SubjectPublicKeyInfo, and deciding
 * whether the key is trusted. A raw public key has no issuer, name or validity: the key is the
 * identity, and it is accepted when it is one of the configured trusted keys or the configured
 * {@code RawPublicKeyVerifier} accepts it. Everything else is bad_certificate, with the key named by
 * the SHA-256 hash of its SubjectPublicKeyInfo.
 */
final class RawPublicKeyChecks {
    /** The key types dtls4j signs and verifies with (see {@code SignatureScheme}), tried in this order. */
    private static final List<String> KEY_FACTORIES = List.of("EC", "Ed25519", "RSA");

    private RawPublicKeyChecks() {
    }

    /**
     * The key in a peer's SubjectPublicKeyInfo (RFC 5280 §4.1.2.7). The encoding must be the one
     * the key factory would write itself: trailing bytes or a compressed point are refused.
     *
     * @throws DtlsException bad_certificate when it is not an EC, Ed25519 or RSA public key
     */
    static PublicKey parse(byte[] spki, JcaProviders providers, String role) throws DtlsException {
        for (String algorithm : KEY_FACTORIES) {
            PublicKey key;
            try {
                key = providers.keyFactory(algorithm).generatePublic(new X509EncodedKeySpec(spki));
            } catch (GeneralSecurityException | RuntimeException e) {
                continue; // another algorithm's key, or not a key at all
            }
            if (Arrays.equals(key.getEncoded(), spki)) {
                return key;
            }
        }
        throw new DtlsException(AlertDescription.BAD_CERTIFICATE, role + " raw public key is not the"
                + " SubjectPublicKeyInfo of an EC, Ed25519 or RSA public key (" + spki.length + " bytes)");
    }

    /**
     * The peer's key must be known from elsewhere, configured or looked up (RFC 7250 §1: raw
     * public keys are validated out of band): one of the trusted keys, or accepted by the
     * verifier, which learns where the peer is.
     *
     * @throws DtlsException bad_certificate naming the key and why it was refused
     */
    static void checkTrusted(DtlsConfig config, PublicKey key, SocketAddress peer, String role) throws DtlsException {
        if (config.isTrustedRawPublicKey(key)) {
            return;
        }
        if (config.rawPublicKeyVerifier() != null && config.rawPublicKeyVerifier().accept(key, peer)) {
            return;
        }
        String why;
        if (config.rawPublicKeyVerifier() == null) {
            why = "is not one of the " + config.trustedRawPublicKeys().size() + " trusted raw public keys";
        } else if (config.trustedRawPublicKeys().isEmpty()) {
            why = "was refused by the raw public key verifier";
        } else {
            why = "is not one of the " + config.trustedRawPublicKeys().size()
                    + " trusted raw public keys, and the raw public key verifier refused it";
        }
        throw new DtlsException(AlertDescription.BAD_CERTIFICATE, role + " raw public key " + describe(key, config.providers())
                + " " + why);
    }

    /**
     * Whether a cached session may be resumed under {@code config} (RFC 5246 §7.3). A session keeps
     * the peer's credential, which was checked under the configuration that made it; a configuration
     * derived with toBuilder shares the session cache, so the credential's type must still be
     * accepted, and a raw public key must still be trusted. The verifier is not asked again
     * (see {@code DtlsConfig.Builder.rawPublicKeyVerifier}).
     */
    static boolean resumable(DtlsConfig config, DtlsSession session) {
        List<CertificateType> accepted = CertificateTypeNegotiation.accepted(config);
        if (session.peerRawPublicKey().isPresent()) {
            PublicKey key = session.peerRawPublicKey().get();
            return accepted.contains(CertificateType.RAW_PUBLIC_KEY)
                    && (config.isTrustedRawPublicKey(key) || config.rawPublicKeyVerifier() != null);
        }
        return session.peerCertificates().isEmpty() || accepted.contains(CertificateType.X509);
    }

    /** "EC key sha-256 AB:CD:...": the algorithm and the SHA-256 hash of the SubjectPublicKeyInfo. */
    static String describe(PublicKey key, JcaProviders providers) {
        byte[] hash = providers.messageDigest("SHA-256").digest(key.getEncoded());
        return key.getAlgorithm() + " key sha-256 " + HexFormat.ofDelimiter(":").withUpperCase().formatHex(hash);
    }
}
