/**
 * The stateless HelloVerifyRequest cookie exchange of a DTLS server (RFC 6347 §4.2.1): what the
 * transport runs on a datagram from an address it has no connection for, before any per-peer
 * state exists ({@link org.dtls4j.handshake.cookie.CookieExchange}); and
 * {@link org.dtls4j.handshake.cookie.ClientHelloPeek}, which tells from a datagram whether it opens
 * with an epoch-0 ClientHello and reads its numbers, client_random and cookie, so that the
 * transport needs no byte offsets of its own (RFC 6347 §4.2.8). Both read the wire with
 * {@code RecordHeader} and {@code HandshakeFragment}. Inside, {@code ClientHelloLayout} finds a
 * hello's fields in the datagram and checks its framing as the full decoder would, and
 * {@code CookieSecret} holds one rotation period's HMAC key (RFC 2104), keyed once, so that a
 * flood of cookie-less hellos costs one HMAC over bytes in place and one 60-byte answer each.
 */
package org.dtls4j.handshake.cookie;
