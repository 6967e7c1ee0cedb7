package org.dtls4j.handshake.extension;

import java.util.ArrayList;
import java.util.List;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.Checks;
import org.dtls4j.codec.DecodeException;

/**
 * The ec_point_formats extension (RFC 8422 §5.1.2). Since RFC 8422 only the uncompressed format
 * is in use, and it must always be listed.
 *
 * <pre>
 * enum { uncompressed (0), deprecated (1..2), reserved (248..255) } ECPointFormat;
 * struct {
 *     ECPointFormat ec_point_format_list&lt;1..2^8-1&gt;
 * } ECPointFormatList;
 * </pre>
 *
 * @param formats the 8-bit format codes; must contain {@link #UNCOMPRESSED}
 */
public record EcPointFormats(List<Integer> formats) {
    public static final ExtensionType TYPE = ExtensionType.EC_POINT_FORMATS;
    /** The uncompressed point format, code 0. */
    public static final int UNCOMPRESSED = 0;
    /** What we send: uncompressed only. */
    public static final EcPointFormats UNCOMPRESSED_ONLY = new EcPointFormats(List.of(UNCOMPRESSED));

    public EcPointFormats {
        formats = Checks.codes(formats, 0xFF, "point format");
        Checks.require(formats.size() <= 0xFF, "too many point formats: ", formats.size());
        // RFC 8422 §5.1.2 makes a server abort (illegal_parameter) when a client that offered
        // elliptic curves sends this extension without the uncompressed format, and uncompressed
        // is the only format RFC 8422 keeps; so no list without it is accepted here, from
        // either side. The handshake reports it as a decode error.
        Checks.require(formats.contains(UNCOMPRESSED), "ec_point_formats lacks the uncompressed format");
    }

    public byte[] encode() {
        ByteWriter w = new ByteWriter(1 + formats.size());
        w.lengthPrefixed8(inner -> formats.forEach(inner::u8));
        return w.toByteArray();
    }

    public static EcPointFormats decode(byte[] data) throws DecodeException {
        ByteReader r = new ByteReader(data);
        ByteReader list = r.sub8();
        List<Integer> formats = new ArrayList<>();
        while (list.hasRemaining()) {
            formats.add(list.u8());
        }
        r.expectEmpty("ec_point_formats");
        return Checks.decoded("ec_point_formats", () -> new EcPointFormats(formats));
    }

    public Extension toExtension() {
        return Extension.of(TYPE, encode());
    }
}
