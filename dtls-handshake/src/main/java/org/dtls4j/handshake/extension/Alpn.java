package org.dtls4j.handshake.extension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.Checks;
import org.dtls4j.codec.DecodeException;

/**
 * The application_layer_protocol_negotiation extension (RFC 7301 §3.1): the client's protocols,
 * most preferred first; in a ServerHello, the one the server selected.
 *
 * <pre>
 * opaque ProtocolName&lt;1..2^8-1&gt;;
 * struct {
 *     ProtocolName protocol_name_list&lt;2..2^16-1&gt;
 * } ProtocolNameList;
 * </pre>
 *
 * RFC 7301 §3.1 calls protocol names "opaque, non-empty byte strings". They are held here as
 * Strings with one char per byte (ISO-8859-1), so that any byte string survives a round trip and
 * the registered names ("h2", "coap", "webrtc") read naturally.
 *
 * @param protocols the names, at least one, each 1 to 255 bytes
 */
public record Alpn(List<String> protocols) {
    public static final ExtensionType TYPE = ExtensionType.APPLICATION_LAYER_PROTOCOL_NEGOTIATION;

    public Alpn {
        protocols = List.copyOf(protocols);
        Checks.require(!protocols.isEmpty(), "protocol_name_list must not be empty");
        int total = 0;
        for (String p : protocols) {
            Checks.require(!p.isEmpty() && p.length() <= 0xFF, "protocol name must be 1 to 255 bytes: \"" + p + "\"");
            Checks.require(p.chars().allMatch(c -> c <= 0xFF), "protocol name has a char above 0xFF: \"" + p + "\"");
            total += 1 + p.length();
        }
        Checks.require(total <= 0xFFFF, "protocol_name_list longer than 65535 bytes");
    }

    public static Alpn of(String... protocols) {
        return new Alpn(List.of(protocols));
    }

    public byte[] encode() {
        ByteWriter w = new ByteWriter();
        w.lengthPrefixed16(list -> protocols.forEach(p -> list.opaque8(p.getBytes(StandardCharsets.ISO_8859_1))));
        return w.toByteArray();
    }

    public static Alpn decode(byte[] data) throws DecodeException {
        ByteReader r = new ByteReader(data);
        ByteReader list = r.sub16();
        r.expectEmpty("application_layer_protocol_negotiation");
        List<String> protocols = new ArrayList<>();
        while (list.hasRemaining()) {
            protocols.add(new String(list.opaque8(), StandardCharsets.ISO_8859_1));
        }
        return Checks.decoded("application_layer_protocol_negotiation", () -> new Alpn(protocols));
    }

    public Extension toExtension() {
        return Extension.of(TYPE, encode());
    }
}
