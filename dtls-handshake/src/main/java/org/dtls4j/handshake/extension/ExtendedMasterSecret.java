package org.dtls4j.handshake.extension;

import org.dtls4j.codec.DecodeException;

/**
 * The extended_master_secret extension (RFC 7627 §5.1): a flag with no data. When both hellos
 * carry it, the master secret is derived from the session hash (RFC 7627 §4).
 *
 * <p>RFC 7627 §5.1: "The "extension_data" field of this extension is empty."
 */
public record ExtendedMasterSecret() {
    public static final ExtensionType TYPE = ExtensionType.EXTENDED_MASTER_SECRET;
    public static final ExtendedMasterSecret INSTANCE = new ExtendedMasterSecret();

    public byte[] encode() {
        return new byte[0];
    }

    public static ExtendedMasterSecret decode(byte[] data) throws DecodeException {
        if (data.length != 0) {
            throw new DecodeException("extended_master_secret: data must be empty, got " + data.length + " bytes");
        }
        return INSTANCE;
    }

    public Extension toExtension() {
        return Extension.of(TYPE, encode());
    }
}
