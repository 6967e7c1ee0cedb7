/**
 * The CBC record ciphers behind {@link org.dtls4j.crypto.CbcCipher}: AES-128-CBC with HMAC-SHA1 or
 * HMAC-SHA256 (RFC 5246 §6.2.3.2), encrypt-then-MAC (RFC 7366) and MAC-then-encrypt, the latter
 * opened in constant time with respect to the padding (Lucky Thirteen). Not exported.
 */
package org.dtls4j.crypto.cbc;
