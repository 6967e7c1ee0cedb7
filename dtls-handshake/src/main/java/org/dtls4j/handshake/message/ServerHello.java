package org.dtls4j.handshake.message;

import java.util.Arrays;
import java.util.Objects;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.Checks;
import org.dtls4j.codec.DecodeException;
import org.dtls4j.handshake.extension.Extensions;

/**
 * The ServerHello body (RFC 5246 §7.4.1.3): the server's choice of version, suite and
 * compression, its random, and its answers to the client's extensions.
 *
 * <pre>
 * struct {
 *     ProtocolVersion server_version;
 *     Random random;                                    // 32 bytes
 *     SessionID session_id;                             // opaque &lt;0..32&gt;
 *     CipherSuite cipher_suite;
 *     CompressionMethod compression_method;
 *     select (extensions_present) {
 *         case false: struct {};
 *         case true:  Extension extensions&lt;0..2^16-1&gt;;
 *     };
 * } ServerHello;
 * </pre>
 *
 * As in {@link ClientHello}, a missing extensions block decodes to {@link Extensions#EMPTY} and
 * an empty list is encoded without a block. Whether the suite and compression are acceptable is
 * the client state machine's question, not the codec's.
 *
 * @param serverVersion the negotiated version, 0xFEFD for DTLS 1.2
 * @param random 32 bytes from the server's random source
 * @param sessionId the session id (at most 32 bytes; empty if the session will not be cached)
 * @param cipherSuite the selected suite id
 * @param compressionMethod the selected compression method (0, null)
 * @param extensions the extensions, in wire order
 */
public record ServerHello(int serverVersion, byte[] random, byte[] sessionId, int cipherSuite,
                          int compressionMethod, Extensions extensions) implements HandshakeMessage {

    public ServerHello {
        Checks.require(serverVersion >= 0 && serverVersion <= 0xFFFF, "server_version out of range: ", serverVersion);
        Checks.require(random.length == 32, "random must be 32 bytes, got ", random.length);
        random = random.clone();
        sessionId = Checks.copy(sessionId, 32, "session_id");
        Checks.require(cipherSuite >= 0 && cipherSuite <= 0xFFFF, "cipher_suite out of range: ", cipherSuite);
        Checks.require(compressionMethod >= 0 && compressionMethod <= 0xFF,
                "compression_method out of range: " + compressionMethod);
        Objects.requireNonNull(extensions, "extensions");
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.SERVER_HELLO;
    }

    @Override
    public byte[] random() {
        return random.clone();
    }

    @Override
    public byte[] sessionId() {
        return sessionId.clone();
    }

    @Override
    public void encode(ByteWriter w) {
        w.u16(serverVersion).bytes(random).opaque8(sessionId).u16(cipherSuite).u8(compressionMethod);
        if (!extensions.isEmpty()) {
            extensions.encode(w);
        }
    }

    public static ServerHello decode(byte[] body) throws DecodeException {
        ByteReader r = new ByteReader(body);
        int version = r.u16();
        byte[] random = r.bytes(32);
        byte[] sessionId = r.opaque8();
        int suite = r.u16();
        int compression = r.u8();
        // RFC 5246 §7.4.1.2, said of ClientHello and true of ServerHello alike: extensions are
        // present exactly when bytes follow the fixed fields.
        Extensions extensions = r.hasRemaining() ? Extensions.decode(r) : Extensions.EMPTY;
        r.expectEmpty("ServerHello");
        return Checks.decoded("ServerHello",
                () -> new ServerHello(version, random, sessionId, suite, compression, extensions));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServerHello h
                && h.serverVersion == serverVersion
                && Arrays.equals(h.random, random)
                && Arrays.equals(h.sessionId, sessionId)
                && h.cipherSuite == cipherSuite
                && h.compressionMethod == compressionMethod
                && h.extensions.equals(extensions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(serverVersion, Arrays.hashCode(random), Arrays.hashCode(sessionId),
                cipherSuite, compressionMethod, extensions);
    }

    @Override
    public String toString() {
        return "ServerHello[version=" + Checks.hex16(serverVersion)
                + ", random=" + Checks.hex(random)
                + ", sessionId=" + Checks.hex(sessionId)
                + ", cipherSuite=" + Checks.hex16(cipherSuite)
                + ", compressionMethod=" + compressionMethod
                + ", extensions=" + extensions + "]";
    }
}
