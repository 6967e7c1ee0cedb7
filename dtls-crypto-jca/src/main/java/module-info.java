/**
 * JCA-backed cryptography for dtls4j: the TLS 1.2 PRF, AEAD and CBC record ciphers, ECDHE, signatures and
 * the cipher suite table. Depends on the JDK only.
 */
module org.dtls4j.crypto {
    exports org.dtls4j.crypto;
}
