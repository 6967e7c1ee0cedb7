package org.dtls4j.handshake.extension;

import java.util.Arrays;
import java.util.HexFormat;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.Checks;
import org.dtls4j.codec.DecodeException;

/**
 * The renegotiation_info extension (RFC 5746 §3.2). We never renegotiate, so on an initial
 * handshake the data is always the empty {@link #INITIAL} value; sending it tells the peer we
 * are not vulnerable to the renegotiation attack.
 *
 * <pre>
 * struct {
 *     opaque renegotiated_connection&lt;0..255&gt;;
 * } RenegotiationInfo;
 * </pre>
 *
 * @param renegotiatedConnection empty on an initial handshake, else the previous verify_data
 */
public record RenegotiationInfo(byte[] renegotiatedConnection) {
    public static final ExtensionType TYPE = ExtensionType.RENEGOTIATION_INFO;
    /** RFC 5746 §3.4 and §3.6: on the initial handshake "renegotiated_connection" is empty. */
    public static final RenegotiationInfo INITIAL = new RenegotiationInfo(new byte[0]);

    public RenegotiationInfo {
        Checks.require(renegotiatedConnection.length <= 0xFF,
                "renegotiated_connection longer than 255 bytes: " + renegotiatedConnection.length);
        renegotiatedConnection = renegotiatedConnection.clone();
    }

    @Override
    public byte[] renegotiatedConnection() {
        return renegotiatedConnection.clone();
    }

    /** True for the value of an initial handshake. */
    public boolean isInitial() {
        return renegotiatedConnection.length == 0;
    }

    public byte[] encode() {
        return new ByteWriter(1 + renegotiatedConnection.length).opaque8(renegotiatedConnection).toByteArray();
    }

    public static RenegotiationInfo decode(byte[] data) throws DecodeException {
        ByteReader r = new ByteReader(data);
        byte[] connection = r.opaque8();
        r.expectEmpty("renegotiation_info");
        return new RenegotiationInfo(connection);
    }

    public Extension toExtension() {
        return Extension.of(TYPE, encode());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RenegotiationInfo ri && Arrays.equals(ri.renegotiatedConnection, renegotiatedConnection);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(renegotiatedConnection);
    }

    @Override
    public String toString() {
        return "RenegotiationInfo[" + HexFormat.of().formatHex(renegotiatedConnection) + "]";
    }
}
