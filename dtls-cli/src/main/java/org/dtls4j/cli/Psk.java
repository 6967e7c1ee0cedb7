package org.dtls4j.cli;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * A pre-shared key and the identity that names it (RFC 4279 §2). The key never appears in
 * {@link #toString()}.
 */
final class Psk {
    /** OpenSSL's default identity for {@code s_client -psk} and {@code s_server -psk}. */
    static final String DEFAULT_IDENTITY = "Client_identity";

    private final byte[] key;
    private final String identity;

    /**
     * @param key      the key bytes
     * @param identity the identity; on a server {@code null} accepts any identity with this key
     */
    Psk(byte[] key, String identity) {
        this.key = key.clone();
        this.identity = identity;
    }

    byte[] key() {
        return key.clone();
    }

    /** The identity, or empty when a server accepts any. */
    Optional<String> identity() {
        return Optional.ofNullable(identity);
    }

    /** The identity a client sends: the configured one or OpenSSL's default. */
    byte[] clientIdentity() {
        return (identity != null ? identity : DEFAULT_IDENTITY).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The server's lookup: the key for an identity it accepts, {@code null} for any other (the
     * handshake then fails with unknown_psk_identity, RFC 4279 §2).
     */
    byte[] keyFor(byte[] offeredIdentity) {
        if (identity == null || MessageDigest.isEqual(identity.getBytes(StandardCharsets.UTF_8), offeredIdentity)) {
            return key.clone();
        }
        return null;
    }

    @Override
    public String toString() {
        return "Psk[identity=" + (identity != null ? identity : "*") + ", key=redacted]";
    }
}
