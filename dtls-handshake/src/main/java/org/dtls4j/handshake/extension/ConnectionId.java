package org.dtls4j.handshake.extension;

import java.util.Arrays;
import java.util.HexFormat;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.Checks;
import org.dtls4j.codec.DecodeException;

/**
 * The connection_id extension (RFC 9146 §3): the CID the sender of a hello wants to find in the
 * records it will receive.
 *
 * <pre>
 * struct {
 *     opaque cid&lt;0..2^8-1&gt;;
 * } ConnectionId;
 * </pre>
 *
 * In a ClientHello it is the CID the client wants the server to put into the records the server
 * sends; in a ServerHello, the CID the server wants the client to use. Each side picks the value
 * it receives, so the same extension names different CIDs in the two hellos. An empty CID says
 * that its sender will put the peer's CID into its own records but wants none in the records it
 * receives: in that direction records keep the RFC 6347 format (RFC 9146 §3). A server that does
 * not want CIDs at all leaves the extension out of its ServerHello.
 *
 * <p>The extension type is {@link ExtensionType#CONNECTION_ID}, 54. The drafts' code point 53 has
 * the same extension_data but other record protection; see
 * {@link ExtensionType#CONNECTION_ID_DEPRECATED}.
 *
 * @param cid the connection ID, 0 to 255 bytes; copied in and out
 */
public record ConnectionId(byte[] cid) {
    public static final ExtensionType TYPE = ExtensionType.CONNECTION_ID;
    /** A CID of zero bytes: use the peer's CID when sending, but receive records without one. */
    public static final ConnectionId EMPTY = new ConnectionId(new byte[0]);

    public ConnectionId {
        Checks.require(cid.length <= 0xFF, "cid longer than 255 bytes: ", cid.length);
        cid = cid.clone();
    }

    @Override
    public byte[] cid() {
        return cid.clone();
    }

    /** Length of {@link #cid()}, cid_length in RFC 9146 §5, without copying. */
    public int length() {
        return cid.length;
    }

    /** True for a zero-length CID: records towards this hello's sender carry none (RFC 9146 §3). */
    public boolean isEmpty() {
        return cid.length == 0;
    }

    public byte[] encode() {
        return new ByteWriter(1 + cid.length).opaque8(cid).toByteArray();
    }

    public static ConnectionId decode(byte[] data) throws DecodeException {
        ByteReader r = new ByteReader(data);
        byte[] cid = r.opaque8();
        r.expectEmpty("connection_id");
        return new ConnectionId(cid);
    }

    public Extension toExtension() {
        return Extension.of(TYPE, encode());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectionId c && Arrays.equals(c.cid, cid);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(cid);
    }

    @Override
    public String toString() {
        return "ConnectionId[" + HexFormat.of().formatHex(cid) + "]";
    }
}
