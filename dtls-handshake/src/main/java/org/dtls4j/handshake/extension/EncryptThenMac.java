package org.dtls4j.handshake.extension;

import org.dtls4j.codec.DecodeException;

/**
 * The encrypt_then_mac extension (RFC 7366 §2): a flag with no data. A client that offers a CBC
 * suite sends it; a server that selects a CBC suite echoes it, and from then on the connection's
 * CBC records are MACed after encryption (RFC 7366 §3). RFC 7366 §2: "If a server receives an
 * encrypt-then-MAC request extension from a client and then selects a stream or Authenticated
 * Encryption with Associated Data (AEAD) ciphersuite, it MUST NOT send an encrypt-then-MAC response
 * extension back to the client."
 *
 * <p>RFC 7366 §2: "The "extension_data" field of this extension SHALL be empty."
 */
public record EncryptThenMac() {
    public static final ExtensionType TYPE = ExtensionType.ENCRYPT_THEN_MAC;
    public static final EncryptThenMac INSTANCE = new EncryptThenMac();

    public byte[] encode() {
        return new byte[0];
    }

    public static EncryptThenMac decode(byte[] data) throws DecodeException {
        if (data.length != 0) {
            throw new DecodeException("encrypt_then_mac: data must be empty, got " + data.length + " bytes");
        }
        return INSTANCE;
    }

    public Extension toExtension() {
        return Extension.of(TYPE, encode());
    }
}
