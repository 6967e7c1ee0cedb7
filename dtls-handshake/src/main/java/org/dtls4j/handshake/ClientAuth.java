package org.dtls4j.handshake;

/** Whether a server asks for a client certificate (RFC 5246 §7.4.4). */
public enum ClientAuth {
    /** No CertificateRequest is sent. */
    NONE,
    /** A CertificateRequest is sent; a client without a certificate may still connect. */
    OPTIONAL,
    /** A CertificateRequest is sent and the handshake fails without a verified client certificate. */
    REQUIRED
}
