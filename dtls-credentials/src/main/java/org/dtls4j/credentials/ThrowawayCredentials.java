package org.dtls4j.credentials;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * One-liners for demos and tests: fresh key pairs and certificates that live as long as the
 * program does. Nothing here is meant for production identities: the keys never leave memory
 * unless you write them out with {@link Pem}.
 *
 * <p>Key kinds: "P-256", "P-384", "P-521" (ECDSA, RFC 8422 §5.1.1 named curves), "RSA-2048" or
 * any "RSA-n" from 1024 to 8192 bits, "Ed25519" and "Ed448" (RFC 8410). Case does not matter.
 *
 * <pre>{@code
 * CaAndLeaf server = ThrowawayCredentials.caAndLeaf("P-256", "localhost", "localhost", "127.0.0.1", "::1");
 * X509TrustManager clientTrust = TrustManagers.forAnchors(List.of(server.ca()));
 * Credentials serverIdentity = server.leaf();
 * }</pre>
 */
public final class ThrowawayCredentials {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ThrowawayCredentials() {
    }

    /**
     * A fresh key pair of the given kind.
     *
     * @throws IllegalArgumentException for an unknown kind; the message lists the known ones
     */
    public static KeyPair generateKeyPair(String kind) {
        String k = kind.toUpperCase(Locale.ROOT);
        try {
            switch (k) {
                case "P-256":
                    return ec("secp256r1");
                case "P-384":
                    return ec("secp384r1");
                case "P-521":
                    return ec("secp521r1");
                case "ED25519":
                    return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                case "ED448":
                    return KeyPairGenerator.getInstance("Ed448").generateKeyPair();
                default:
                    if (k.startsWith("RSA-")) {
                        return rsa(kind, k.substring(4));
                    }
                    throw unknownKind(kind);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate a " + kind + " key pair: " + e.getMessage(), e);
        }
    }

    /**
     * A self-signed leaf certificate (not a CA) and its key: trust it by pinning the certificate
     * itself as the anchor. Without names the certificate has no subjectAltName.
     */
    public static Credentials selfSigned(String kind, String commonName, String... subjectAltNames) {
        KeyPair keys = generateKeyPair(kind);
        X509Certificate cert = CertificateBuilder.selfSigned(commonName, keys)
                .subjectAltNames(subjectAltNames)
                .build(RANDOM);
        return new Credentials(List.of(cert), keys.getPrivate());
    }

    /**
     * A fresh self-signed ECDSA P-256 certificate for the WebRTC model (RFC 8842 §5, RFC 8122 §5):
     * the peer does not check its name or issuer but pins its fingerprint, which
     * {@link Credentials#fingerprint()} gives in the SDP form ({@code sha-256 AB:CD:...}). No
     * subjectAltName; the common name is what browsers use, "WebRTC" unless given.
     */
    public static Credentials forFingerprint(String commonName) {
        return selfSigned("P-256", commonName == null ? "WebRTC" : commonName);
    }

    /**
     * A fresh CA and a leaf it signed, both with keys of {@code kind}: chain = [leaf, ca]. The CA
     * gets a unique name ("dtls4j throwaway CA" and a random suffix), so two of them never look
     * alike in an error message.
     */
    public static CaAndLeaf caAndLeaf(String kind, String leafCommonName, String... subjectAltNames) {
        KeyPair caKeys = generateKeyPair(kind);
        String caName = "dtls4j throwaway CA " + HexFormat.of().toHexDigits(RANDOM.nextInt());
        X509Certificate ca = CertificateBuilder.selfSigned(caName, caKeys).ca(true).build(RANDOM);
        Credentials leaf = issue(ca, caKeys.getPrivate(), kind, leafCommonName, subjectAltNames);
        return new CaAndLeaf(ca, caKeys.getPrivate(), leaf);
    }

    /** A leaf with a fresh key of {@code kind}, signed by {@code ca}: chain = [leaf, ca]. */
    static Credentials issue(X509Certificate ca, PrivateKey caKey, String kind, String commonName,
                             String... subjectAltNames) {
        KeyPair keys = generateKeyPair(kind);
        X509Certificate leaf = CertificateBuilder.signedBy(commonName, keys.getPublic(), ca, caKey)
                .subjectAltNames(subjectAltNames)
                .build(RANDOM);
        return new Credentials(List.of(leaf, ca), keys.getPrivate());
    }

    private static KeyPair ec(String curve) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve), RANDOM);
        return generator.generateKeyPair();
    }

    private static KeyPair rsa(String kind, String bitsText) throws GeneralSecurityException {
        int bits;
        try {
            bits = Integer.parseInt(bitsText);
        } catch (NumberFormatException e) {
            throw unknownKind(kind);
        }
        if (bits < 1024 || bits > 8192) {
            throw new IllegalArgumentException("RSA key size out of range 1024..8192: " + kind);
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits, RANDOM);
        return generator.generateKeyPair();
    }

    private static IllegalArgumentException unknownKind(String kind) {
        return new IllegalArgumentException("unknown key kind \"" + kind
                + "\": use P-256, P-384, P-521, RSA-2048 (or RSA-n), Ed25519 or Ed448");
    }
}
