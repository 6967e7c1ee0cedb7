package org.dtls4j.credentials;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A throwaway certificate authority and a leaf it issued (RFC 5280 §6: a two-certificate path).
 * Give {@link #ca()} to the side that verifies, as its trust anchor, and {@link #leaf()} to the
 * side that proves its identity.
 *
 * @param ca the self-signed CA certificate
 * @param caKey the CA's private key, to issue more leaves with {@link #issue}
 * @param leaf the leaf's credentials; its chain is {@code [leaf, ca]}
 */
public record CaAndLeaf(X509Certificate ca, PrivateKey caKey, Credentials leaf) {

    public CaAndLeaf {
        Objects.requireNonNull(ca, "ca");
        Objects.requireNonNull(caKey, "caKey");
        Objects.requireNonNull(leaf, "leaf");
    }

    /** The leaf's chain, {@code [leaf, ca]}. */
    public List<X509Certificate> chain() {
        return leaf.chain();
    }

    /**
     * Another leaf from the same CA, for example the client's certificate when both peers should
     * trust one CA.
     *
     * @param kind the key kind, as {@link ThrowawayCredentials#generateKeyPair(String)} takes it
     */
    public Credentials issue(String kind, String commonName, String... subjectAltNames) {
        return ThrowawayCredentials.issue(ca, caKey, kind, commonName, subjectAltNames);
    }

    /** Names the certificates, never the key material. */
    @Override
    public String toString() {
        return "CaAndLeaf[ca=" + ca.getSubjectX500Principal().getName() + ", leaf=" + leaf + "]";
    }
}
