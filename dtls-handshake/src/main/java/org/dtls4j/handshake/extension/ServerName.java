package org.dtls4j.handshake.extension;

import java.nio.charset.StandardCharsets;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.Checks;
import org.dtls4j.codec.DecodeException;

/**
 * The server_name extension as a client sends it: one DNS host name (RFC 6066 §3).
 *
 * <pre>
 * struct {
 *     NameType name_type;
 *     select (name_type) {
 *         case host_name: HostName;
 *     } name;
 * } ServerName;
 * enum { host_name(0), (255) } NameType;
 * opaque HostName&lt;1..2^16-1&gt;;
 * struct {
 *     ServerName server_name_list&lt;1..2^16-1&gt;
 * } ServerNameList;
 * </pre>
 *
 * A server that used the name answers with an extension whose data is empty
 * ({@link #acknowledgement()}); that empty form is not a ServerNameList and is not decoded here.
 *
 * <p>Entries of a name type other than host_name are skipped, reading their body as an opaque16
 * as every deployed stack does (Go crypto/tls, OpenSSL): RFC 6066 defines no other type.
 *
 * @param hostName the host name: ASCII, no trailing dot, 1 to 65,535 characters
 */
public record ServerName(String hostName) {
    public static final ExtensionType TYPE = ExtensionType.SERVER_NAME;
    /** NameType host_name. */
    public static final int HOST_NAME = 0;

    public ServerName {
        Checks.require(!hostName.isEmpty(), "host name must not be empty");
        Checks.require(hostName.length() <= 0xFFFF, "host name longer than 65535 bytes");
        // RFC 6066 §3: "The hostname is represented as a byte string using ASCII encoding without
        // a trailing dot."
        Checks.require(hostName.chars().allMatch(c -> c > 0x20 && c < 0x7F), "host name is not printable ASCII");
        Checks.require(!hostName.endsWith("."), "host name must not end with a dot");
    }

    /** The server's reply in ServerHello: a server_name extension with empty data (RFC 6066 §3). */
    public static Extension acknowledgement() {
        return Extension.of(TYPE, new byte[0]);
    }

    public byte[] encode() {
        byte[] name = hostName.getBytes(StandardCharsets.US_ASCII);
        ByteWriter w = new ByteWriter(5 + name.length);
        w.lengthPrefixed16(list -> list.u8(HOST_NAME).opaque16(name));
        return w.toByteArray();
    }

    public static ServerName decode(byte[] data) throws DecodeException {
        ByteReader r = new ByteReader(data);
        ByteReader list = r.sub16();
        r.expectEmpty("server_name");
        byte[] host = null;
        while (list.hasRemaining()) {
            int type = list.u8();
            byte[] name = list.opaque16();
            if (type != HOST_NAME) {
                continue;
            }
            // RFC 6066 §3: "The ServerNameList MUST NOT contain more than one name of the same
            // name_type."
            if (host != null) {
                throw new DecodeException("server_name: more than one host_name");
            }
            host = name;
        }
        if (host == null) {
            throw new DecodeException("server_name: no host_name in the list");
        }
        String name = new String(host, StandardCharsets.ISO_8859_1);
        return Checks.decoded("server_name", () -> new ServerName(name));
    }

    public Extension toExtension() {
        return Extension.of(TYPE, encode());
    }
}
