package org.dtls4j.handshake.message;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.Checks;
import org.dtls4j.codec.DecodeException;
import org.dtls4j.handshake.extension.Extensions;

/**
 * The ClientHello body (RFC 5246 §7.4.1.2), with the cookie that DTLS adds after the session id
 * (RFC 6347 §4.2.1).
 *
 * <pre>
 * struct {
 *     ProtocolVersion client_version;
 *     Random random;                                    // 32 bytes
 *     SessionID session_id;                             // opaque &lt;0..32&gt;
 *     opaque cookie&lt;0..2^8-1&gt;;                         // DTLS only
 *     CipherSuite cipher_suites&lt;2..2^16-2&gt;;
 *     CompressionMethod compression_methods&lt;1..2^8-1&gt;;
 *     select (extensions_present) {
 *         case false: struct {};
 *         case true:  Extension extensions&lt;0..2^16-1&gt;;
 *     };
 * } ClientHello;
 * </pre>
 *
 * Cipher suites are raw 16-bit ids: ids we do not implement are kept (and ignored by the server),
 * as RFC 5246 §7.4.1.2 requires. The extensions block is optional on the wire; a hello without
 * one decodes to {@link Extensions#EMPTY}, and an empty list is encoded without a block.
 *
 * <p>Byte arrays are copied in and out.
 *
 * @param clientVersion the highest version the client supports, 0xFEFD for DTLS 1.2
 * @param random 32 bytes from the client's random source
 * @param sessionId empty, or the id of a session to resume (at most 32 bytes)
 * @param cookie empty on the first hello, else the server's HelloVerifyRequest cookie (at most 255 bytes)
 * @param cipherSuites the offered suite ids, most preferred first; at least one
 * @param compressionMethods the offered compression methods; must include null (0)
 * @param extensions the extensions, in wire order
 */
public record ClientHello(int clientVersion, byte[] random, byte[] sessionId, byte[] cookie,
                          List<Integer> cipherSuites, List<Integer> compressionMethods, Extensions extensions)
        implements HandshakeMessage {

    /** CompressionMethod null, the only one DTLS 1.2 uses. */
    public static final int COMPRESSION_NULL = 0;

    /** Bytes of a Random: gmt_unix_time and 28 random bytes (RFC 5246 §7.4.1.2). */
    public static final int RANDOM_LENGTH = 32;

    /** The longest session_id, RFC 5246 §7.4.1.2: {@code opaque SessionID<0..32>}. */
    public static final int MAX_SESSION_ID_LENGTH = 32;

    public ClientHello {
        Checks.require(clientVersion >= 0 && clientVersion <= 0xFFFF, "client_version out of range: ", clientVersion);
        Checks.require(random.length == RANDOM_LENGTH, "random must be 32 bytes, got ", random.length);
        random = random.clone();
        sessionId = Checks.copy(sessionId, MAX_SESSION_ID_LENGTH, "session_id");
        // RFC 6347 §4.2.1: "opaque cookie<0..2^8-1>;"
        cookie = Checks.copy(cookie, 0xFF, "cookie");
        cipherSuites = Checks.codes(cipherSuites, 0xFFFF, "cipher suite");
        Checks.require(!cipherSuites.isEmpty() && cipherSuites.size() <= 0x7FFF,
                "cipher_suites must hold 1 to 32767 suites, got " + cipherSuites.size());
        compressionMethods = Checks.codes(compressionMethods, 0xFF, "compression method");
        Checks.require(compressionMethods.size() <= 0xFF, "too many compression methods");
        // RFC 5246 §7.4.1.2: "This vector MUST contain, and all implementations MUST support,
        // CompressionMethod.null."
        Checks.require(compressionMethods.contains(COMPRESSION_NULL), "compression_methods lacks null (0)");
        Objects.requireNonNull(extensions, "extensions");
    }

    /** A hello that offers only null compression. */
    public static ClientHello of(int clientVersion, byte[] random, byte[] sessionId, byte[] cookie,
                                 List<Integer> cipherSuites, Extensions extensions) {
        return new ClientHello(clientVersion, random, sessionId, cookie, cipherSuites,
                List.of(COMPRESSION_NULL), extensions);
    }

    /**
     * The same hello with the server's cookie: RFC 6347 §4.2.1, "the client MUST use the same
     * parameter values (version, random, session_id, cipher_suites, compression_method) as it
     * did in the original ClientHello".
     */
    public ClientHello withCookie(byte[] newCookie) {
        return new ClientHello(clientVersion, random, sessionId, newCookie, cipherSuites, compressionMethods, extensions);
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.CLIENT_HELLO;
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
    public byte[] cookie() {
        return cookie.clone();
    }

    @Override
    public void encode(ByteWriter w) {
        w.u16(clientVersion).bytes(random).opaque8(sessionId).opaque8(cookie);
        w.lengthPrefixed16(suites -> cipherSuites.forEach(suites::u16));
        w.lengthPrefixed8(methods -> compressionMethods.forEach(methods::u8));
        if (!extensions.isEmpty()) {
            extensions.encode(w);
        }
    }

    public static ClientHello decode(byte[] body) throws DecodeException {
        return decode(new ByteReader(body));
    }

    /** Reads a ClientHello that fills the rest of {@code r}. */
    public static ClientHello decode(ByteReader r) throws DecodeException {
        int version = r.u16();
        byte[] random = r.bytes(RANDOM_LENGTH);
        byte[] sessionId = r.opaque8();
        byte[] cookie = r.opaque8();
        ByteReader suiteList = r.sub16();
        List<Integer> suites = new ArrayList<>();
        while (suiteList.hasRemaining()) {
            suites.add(suiteList.u16());       // an odd length fails here
        }
        ByteReader methodList = r.sub8();
        List<Integer> methods = new ArrayList<>();
        while (methodList.hasRemaining()) {
            methods.add(methodList.u8());
        }
        // RFC 5246 §7.4.1.2: "the presence of extensions can be detected by determining whether
        // there are bytes following the compression_methods at the end of the ClientHello."
        Extensions extensions = r.hasRemaining() ? Extensions.decode(r) : Extensions.EMPTY;
        r.expectEmpty("ClientHello");
        return Checks.decoded("ClientHello",
                () -> new ClientHello(version, random, sessionId, cookie, suites, methods, extensions));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientHello h
                && h.clientVersion == clientVersion
                && Arrays.equals(h.random, random)
                && Arrays.equals(h.sessionId, sessionId)
                && Arrays.equals(h.cookie, cookie)
                && h.cipherSuites.equals(cipherSuites)
                && h.compressionMethods.equals(compressionMethods)
                && h.extensions.equals(extensions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clientVersion, Arrays.hashCode(random), Arrays.hashCode(sessionId),
                Arrays.hashCode(cookie), cipherSuites, compressionMethods, extensions);
    }

    @Override
    public String toString() {
        return "ClientHello[version=" + Checks.hex16(clientVersion)
                + ", random=" + Checks.hex(random)
                + ", sessionId=" + Checks.hex(sessionId)
                + ", cookie=" + Checks.hex(cookie)
                + ", cipherSuites=" + cipherSuites.stream().map(Checks::hex16).toList()
                + ", compressionMethods=" + compressionMethods
                + ", extensions=" + extensions + "]";
    }
}
