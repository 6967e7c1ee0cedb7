/**
 * The record ciphers behind {@link org.dtls4j.crypto.AeadCipher}: AES-GCM (RFC 5288),
 * ChaCha20-Poly1305 (RFC 7905) and AES-CCM / CCM_8 (RFC 6655, RFC 7251), the last built here
 * from the AES block function (RFC 3610) because JCA has no CCM mode. Not exported.
 */
package org.dtls4j.crypto.aead;
