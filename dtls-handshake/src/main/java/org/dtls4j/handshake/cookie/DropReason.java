package org.dtls4j.handshake.cookie;

/**
 * Why {@link CookieExchange} dropped a datagram from an address it holds no state for. Each
 * reason has its own counter in {@link CookieCounters}. Dropping is silent, as RFC 6347 §4.1.2.7
 * asks of invalid records in general: "Unlike TLS, DTLS is resilient in the face of invalid
 * records (e.g., invalid formatting, length, MAC, etc.)."
 */
public enum DropReason {
    /** Shorter than the 13-byte record header (RFC 6347 §4.1). */
    TRUNCATED_RECORD_HEADER,
    /** The first record is not of content type handshake(22). */
    NOT_HANDSHAKE,
    /** The record or client_version is not a DTLS version we can answer. */
    BAD_VERSION,
    /** The record's epoch is not 0: a first ClientHello is always sent in epoch 0. */
    NONZERO_EPOCH,
    /** The record's length field runs past the end of the datagram. */
    TRUNCATED_RECORD,
    /** The record is shorter than the 12-byte handshake header (RFC 6347 §4.2.2). */
    TRUNCATED_HANDSHAKE_HEADER,
    /** The handshake message is not a ClientHello. */
    NOT_CLIENT_HELLO,
    /** The ClientHello is split into fragments; it is never buffered before the cookie is checked. */
    FRAGMENTED,
    /** The ClientHello body is shorter than its length field, has trailing bytes, or does not decode. */
    MALFORMED_CLIENT_HELLO,
    /** The peer address is unresolved, so no cookie can be bound to it. */
    BAD_PEER_ADDRESS,
    /** The HelloVerifyRequest would be larger than the datagram it answers (RFC 6347 §4.2.1). */
    HELLO_VERIFY_TOO_LARGE
}
