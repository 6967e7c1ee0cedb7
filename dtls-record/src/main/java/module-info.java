/**
 * The DTLS 1.2 record layer (RFC 6347 §4.1): the bounds-checked codec every layer uses, record
 * headers, epochs and sequence numbers, the anti-replay window and record protection (AEAD, and
 * CBC with HMAC).
 */
module org.dtls4j.record {
    requires transitive org.dtls4j.crypto;
    exports org.dtls4j.codec;
    exports org.dtls4j.record;
}
