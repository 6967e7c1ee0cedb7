package org.dtls4j.credentials;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import org.dtls4j.crypto.Fingerprint;

/**
 * What a peer proves its identity with in the handshake: the certificate chain it sends in its
 * Certificate message and the private key behind the first certificate, which signs the
 * ServerKeyExchange or CertificateVerify.
 *
 * <p>RFC 5246 §7.4.2: "This is a sequence (chain) of certificates. The sender's certificate MUST
 * come first in the list. Each following certificate MUST directly certify the one preceding it."
 *
 * @param chain the certificates, leaf first; never empty
 * @param privateKey the private key of the leaf
 */
public record Credentials(List<X509Certificate> chain, PrivateKey privateKey) {

    public Credentials {
        chain = List.copyOf(chain);
        Objects.requireNonNull(privateKey, "privateKey");
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate chain needs at least the leaf certificate");
        }
    }

    /**
     * Reads the chain (every CERTIFICATE block, leaf first) and the private key (the first key
     * block) from PEM files, which may be the same file, and checks that the key belongs to the
     * leaf.
     *
     * @throws IOException if a file cannot be read, lacks the expected block, or the key is not
     *     the leaf's; the message names the file
     */
    public static Credentials fromPem(Path certFile, Path keyFile) throws IOException {
        List<X509Certificate> chain = Pem.readCertificates(certFile);
        PrivateKey key = Pem.readPrivateKey(keyFile);
        if (!KeyMatch.matches(chain.get(0).getPublicKey(), key)) {
            throw new IOException(keyFile + ": the " + key.getAlgorithm() + " private key does not belong to the first"
                    + " certificate in " + certFile + " (" + chain.get(0).getSubjectX500Principal().getName() + ", "
                    + chain.get(0).getPublicKey().getAlgorithm() + " key)");
        }
        return new Credentials(chain, key);
    }

    /** The end-entity certificate: the first of the chain. */
    public X509Certificate leaf() {
        return chain.get(0);
    }

    /**
     * The leaf's SHA-256 fingerprint (RFC 8122 §5), {@code fingerprint().toSdp()} being the
     * {@code sha-256 AB:CD:...} that goes into SDP's {@code a=fingerprint} for the peer to pin.
     */
    public Fingerprint fingerprint() {
        return Fingerprint.sha256(leaf());
    }

    /** Names the certificates, never the key material. */
    @Override
    public String toString() {
        List<String> subjects = chain.stream().map(c -> c.getSubjectX500Principal().getName()).toList();
        return "Credentials[chain=" + subjects + ", key=" + privateKey.getAlgorithm() + "]";
    }
}
