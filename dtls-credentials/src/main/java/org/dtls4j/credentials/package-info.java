/**
 * Certificates and private keys with nothing but the JDK: PEM files in and out, and throwaway
 * certificates for demos and tests.
 *
 * <ul>
 *   <li>{@link org.dtls4j.credentials.Pem} reads and writes the textual encoding of
 *       RFC 7468: certificates (RFC 5280), PKCS#8 keys (RFC 5208), SEC1 EC keys (RFC 5915) and
 *       PKCS#1 RSA keys (RFC 8017), the last two wrapped into PKCS#8 for the JDK's key factories.
 *   <li>{@link org.dtls4j.credentials.Credentials} is what a peer authenticates with:
 *       the chain for its Certificate message (RFC 5246 §7.4.2) and the leaf's private key.
 *   <li>{@link org.dtls4j.credentials.CertificateBuilder} writes X.509 v3
 *       certificates (RFC 5280 §4.1) with a small DER encoder of our own, signed through JCA:
 *       ECDSA (RFC 5758), RSA PKCS #1 v1.5 (RFC 8017) or EdDSA (RFC 8410).
 *   <li>{@link org.dtls4j.credentials.ThrowawayCredentials} makes key pairs,
 *       self-signed certificates and a CA with a leaf in one call.
 * </ul>
 *
 * <p>Certificate path validation is not done here: the JDK's PKIX implementation does it (see
 * {@code org.dtls4j.handshake.TrustManagers}), and the certificates made here are built to pass it.
 *
 * <pre>
 *   PEM text --(RFC 7468)--> label + DER --+-- CERTIFICATE ----> CertificateFactory "X.509"
 *                                          +-- PRIVATE KEY ----------------------------+
 *                                          +-- EC PRIVATE KEY  --wrap into PKCS#8--+   +--> KeyFactory
 *                                          +-- RSA PRIVATE KEY --wrap into PKCS#8--+---+    (EC, RSA, Ed25519 ...)
 * </pre>
 */
package org.dtls4j.credentials;
