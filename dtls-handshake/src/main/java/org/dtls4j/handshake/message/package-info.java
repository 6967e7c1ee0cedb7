/**
 * Handshake message bodies (RFC 5246 §7.4, RFC 6347 §4.2 and §4.3.2), one immutable type each,
 * with {@code encode} and {@code decode} side by side; plus the two small non-handshake
 * messages, {@link org.dtls4j.handshake.message.ChangeCipherSpec} and
 * {@link org.dtls4j.handshake.message.Alert}.
 *
 * <p>The 12-byte DTLS handshake header (RFC 6347 §4.2.2) is not part of these types; the
 * {@code fragment} package adds and removes it. Every decoder reads through
 * {@link org.dtls4j.codec.ByteReader} and ends with {@code expectEmpty}: a body with trailing
 * bytes is a decode error. Byte arrays are copied on the way in and on the way out, and
 * {@code toString()} prints public values (randoms, cookies, public keys) as hex.
 */
package org.dtls4j.handshake.message;
