package org.dtls4j.handshake.message;

import java.util.Arrays;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.Checks;
import org.dtls4j.codec.DecodeException;

/**
 * The HelloVerifyRequest body (RFC 6347 §4.2.1): the server's stateless cookie, which the client
 * must echo in a second ClientHello before the server commits any state.
 *
 * <pre>
 * struct {
 *     ProtocolVersion server_version;
 *     opaque cookie&lt;0..2^8-1&gt;;
 * } HelloVerifyRequest;
 * </pre>
 *
 * RFC 6347 §4.2.1: "DTLS 1.2 server implementations SHOULD use DTLS version 1.0 regardless of
 * the version of TLS that is expected to be negotiated", so server_version is normally 0xFEFF.
 *
 * @param serverVersion the version field, 0xFEFF (DTLS 1.0) when we send it
 * @param cookie the cookie, at most 255 bytes
 */
public record HelloVerifyRequest(int serverVersion, byte[] cookie) implements HandshakeMessage {

    public HelloVerifyRequest {
        Checks.require(serverVersion >= 0 && serverVersion <= 0xFFFF, "server_version out of range: ", serverVersion);
        // RFC 6347 §4.2.1: "opaque cookie<0..2^8-1>;"
        cookie = Checks.copy(cookie, 0xFF, "cookie");
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.HELLO_VERIFY_REQUEST;
    }

    @Override
    public byte[] cookie() {
        return cookie.clone();
    }

    @Override
    public void encode(ByteWriter w) {
        w.u16(serverVersion).opaque8(cookie);
    }

    public static HelloVerifyRequest decode(byte[] body) throws DecodeException {
        ByteReader r = new ByteReader(body);
        int version = r.u16();
        byte[] cookie = r.opaque8();
        r.expectEmpty("HelloVerifyRequest");
        return new HelloVerifyRequest(version, cookie);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HelloVerifyRequest h && h.serverVersion == serverVersion && Arrays.equals(h.cookie, cookie);
    }

    @Override
    public int hashCode() {
        return 31 * serverVersion + Arrays.hashCode(cookie);
    }

    @Override
    public String toString() {
        return "HelloVerifyRequest[version=" + Checks.hex16(serverVersion) + ", cookie=" + Checks.hex(cookie) + "]";
    }
}
