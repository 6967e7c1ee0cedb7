package org.dtls4j.handshake.extension;

import java.util.ArrayList;
import java.util.List;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.Checks;
import org.dtls4j.codec.DecodeException;

/**
 * The supported_groups extension: the client's ECDHE groups, most preferred first
 * (RFC 8422 §5.1.1, renamed from elliptic_curves by RFC 7919).
 *
 * <pre>
 * struct {
 *     NamedCurve named_curve_list&lt;2..2^16-1&gt;;
 * } NamedCurveList;
 * </pre>
 *
 * Groups are raw 16-bit code points: unknown ones are kept, so the server can skip them.
 *
 * @param groups the NamedGroup code points, in the client's order; at least one
 */
public record SupportedGroups(List<Integer> groups) {
    public static final ExtensionType TYPE = ExtensionType.SUPPORTED_GROUPS;

    public SupportedGroups {
        groups = Checks.codes(groups, 0xFFFF, "named group");
        Checks.require(!groups.isEmpty(), "named_curve_list must not be empty");
        Checks.require(groups.size() <= 0x7FFF, "too many groups: ", groups.size());
    }

    public static SupportedGroups of(Integer... groups) {
        return new SupportedGroups(List.of(groups));
    }

    public byte[] encode() {
        ByteWriter w = new ByteWriter(2 + 2 * groups.size());
        w.lengthPrefixed16(inner -> groups.forEach(inner::u16));
        return w.toByteArray();
    }

    public static SupportedGroups decode(byte[] data) throws DecodeException {
        ByteReader r = new ByteReader(data);
        ByteReader list = r.sub16();
        List<Integer> groups = new ArrayList<>();
        while (list.hasRemaining()) {
            groups.add(list.u16());
        }
        r.expectEmpty("supported_groups");
        return Checks.decoded("supported_groups", () -> new SupportedGroups(groups));
    }

    public Extension toExtension() {
        return Extension.of(TYPE, encode());
    }
}
