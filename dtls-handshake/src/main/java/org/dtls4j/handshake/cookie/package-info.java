/**
 * The stateless HelloVerifyRequest cookie exchange of a DTLS server (RFC 6347 §4.2.1): what the
 * transport runs on a datagram from an address it has no connection for, before any per-peer
 * state exists.
 */
package org.dtls4j.handshake.cookie;
