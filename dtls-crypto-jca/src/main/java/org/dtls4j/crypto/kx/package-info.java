/**
 * Wire encodings of ECDHE public keys (RFC 8422 §5.4): uncompressed points on the NIST curves,
 * with the validation RFC 8422 §5.11 requires, and X25519 u-coordinates (RFC 7748 §5). Not exported.
 */
package org.dtls4j.crypto.kx;
