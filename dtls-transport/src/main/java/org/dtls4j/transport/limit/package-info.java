/**
 * Limits a server applies to new peers once the cookie exchange (RFC 6347 §4.2.1) has proven
 * their address: the per-address handshake rate ({@code HandshakeRateLimiter}). Internal: not
 * exported.
 */
package org.dtls4j.transport.limit;
