package org.dtls4j.handshake;

/**
 * The server's lookup of a pre-shared key by the identity the client sent (RFC 4279 §2).
 *
 * <p>Return {@code null} for an unknown identity: the handshake then fails with
 * {@code unknown_psk_identity} (RFC 4279 §2: "the server MUST send an unknown_psk_identity alert").
 */
@FunctionalInterface
public interface PskStore {
    /** The key for this identity (UTF-8 bytes as received), or {@code null}. */
    byte[] keyFor(byte[] identity);
}
