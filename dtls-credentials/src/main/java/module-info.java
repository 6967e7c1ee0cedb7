/**
 * Certificates and keys for dtls4j: PEM files (RFC 7468), the DER they hold, and throwaway X.509
 * certificates (RFC 5280) for tests, demos and self-signed deployments. The handshake never needs
 * this module: it takes JDK certificate and key objects, however they were made.
 */
module org.dtls4j.credentials {
    requires org.dtls4j.record;
    exports org.dtls4j.credentials;
}
