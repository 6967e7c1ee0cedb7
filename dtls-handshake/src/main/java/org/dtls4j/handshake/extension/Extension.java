package org.dtls4j.handshake.extension;

import java.util.Arrays;
import java.util.HexFormat;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.Checks;
import org.dtls4j.codec.DecodeException;

/**
 * One hello extension, kept raw: its type code and its undecoded data (RFC 5246 §7.4.1.4).
 *
 * <pre>
 * struct {
 *     ExtensionType extension_type;
 *     opaque extension_data&lt;0..2^16-1&gt;;
 * } Extension;
 * </pre>
 *
 * The typed codecs of this package ({@link SupportedGroups}, {@link ServerName}, ...) turn the
 * data into values. The data array is copied on the way in and on the way out.
 *
 * @param type the 16-bit extension type, see {@link ExtensionType}
 * @param data the extension_data bytes, at most 65,535
 */
public record Extension(int type, byte[] data) {

    public Extension {
        Checks.require(type >= 0 && type <= 0xFFFF, "extension type out of range: ", type);
        Checks.require(data.length <= 0xFFFF, "extension data longer than 65535 bytes: ", data.length);
        data = data.clone();
    }

    /** An extension of a named type. */
    public static Extension of(ExtensionType type, byte[] data) {
        return new Extension(type.code(), data);
    }

    /** A copy of the extension_data bytes. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /** Length of {@link #data()}, without copying. */
    public int dataLength() {
        return data.length;
    }

    public void encode(ByteWriter w) {
        w.u16(type).opaque16(data);
    }

    public static Extension decode(ByteReader r) throws DecodeException {
        int type = r.u16();
        byte[] data = r.opaque16();
        return new Extension(type, data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Extension e && e.type == type && Arrays.equals(e.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return ExtensionType.describe(type) + "[" + HexFormat.of().formatHex(data) + "]";
    }
}
