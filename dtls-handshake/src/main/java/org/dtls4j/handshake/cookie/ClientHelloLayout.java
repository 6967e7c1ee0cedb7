package org.dtls4j.handshake.cookie;

import java.util.Arrays;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.DecodeException;
import org.dtls4j.handshake.message.ClientHello;

/**
 * Where the fields of a received ClientHello body lie in the datagram, found by walking its length
 * fields without copying a byte (RFC 5246 §7.4.1.2 with the cookie of RFC 6347 §4.2.1):
 *
 * <pre>
 *   start ─► client_version (2)  random (32)  session_id &lt;0..32&gt;     ─┐ the fields the cookie
 *            cookie &lt;0..2^8-1&gt;                                         │ covers are these two
 *   cipherSuitesStart ─► cipher_suites &lt;2..2^16-2&gt;                     │ runs of bytes, exactly
 *                        compression_methods &lt;1..2^8-1&gt; ◄─ end of run ─┘ as received
 *            extensions &lt;0..2^16-1&gt; (optional)
 * </pre>
 *
 * The walk accepts exactly the bodies that {@link ClientHello#decode(ByteReader)} accepts (a
 * property test holds the two side by side): session_id at most 32 bytes, an even and non-empty
 * cipher_suites, compression_methods that include null (0), an extensions block whose extensions
 * fill it exactly with no type twice, and nothing after it. The bodies of the extensions are not
 * looked at, as the decoder does not look at them either. So the cookie exchange can answer a
 * hello with a HelloVerifyRequest, or reject it, as it did when it decoded every hello, without
 * building the hello: the full decode waits until a cookie has verified.
 */
final class ClientHelloLayout {
    /** Extensions up to this many are checked for a repeated type pair by pair; more are sorted first. */
    private static final int PAIRWISE_LIMIT = 16;

    private final int clientVersion;
    private final int start;
    private final int sessionIdEnd;
    private final int cookieOffset;
    private final int cookieLength;
    private final int cipherSuitesStart;
    private final int compressionMethodsEnd;

    private ClientHelloLayout(int clientVersion, int start, int sessionIdEnd, int cookieOffset, int cookieLength,
                              int cipherSuitesStart, int compressionMethodsEnd) {
        this.clientVersion = clientVersion;
        this.start = start;
        this.sessionIdEnd = sessionIdEnd;
        this.cookieOffset = cookieOffset;
        this.cookieLength = cookieLength;
        this.cipherSuitesStart = cipherSuitesStart;
        this.compressionMethodsEnd = compressionMethodsEnd;
    }

    /**
     * Walks the ClientHello body that fills the rest of {@code body}.
     *
     * @throws DecodeException if {@link ClientHello#decode(ByteReader)} would reject it
     */
    static ClientHelloLayout read(ByteReader body) throws DecodeException {
        int start = body.position();
        int clientVersion = body.u16();
        body.skip(ClientHello.RANDOM_LENGTH);
        int sessionIdLength = body.u8();
        if (sessionIdLength > ClientHello.MAX_SESSION_ID_LENGTH) {
            throw new DecodeException("session_id of " + sessionIdLength + " bytes, at most "
                    + ClientHello.MAX_SESSION_ID_LENGTH);
        }
        body.skip(sessionIdLength);
        int sessionIdEnd = body.position();
        int cookieLength = body.u8();
        int cookieOffset = body.position();
        body.skip(cookieLength);
        int cipherSuitesStart = body.position();
        ByteReader suites = body.sub16();
        if (suites.remaining() == 0 || suites.remaining() % 2 != 0) {
            // RFC 5246 §7.4.1.2: CipherSuite cipher_suites<2..2^16-2>, two bytes each
            throw new DecodeException("cipher_suites of " + suites.remaining() + " bytes");
        }
        ByteReader methods = body.sub8();
        if (!containsNull(methods)) {
            // RFC 5246 §7.4.1.2: "This vector MUST contain ... CompressionMethod.null."
            throw new DecodeException("compression_methods lacks null (0)");
        }
        int compressionMethodsEnd = body.position();
        if (body.hasRemaining()) {
            checkExtensions(body.sub16());
        }
        body.expectEmpty("ClientHello");
        return new ClientHelloLayout(clientVersion, start, sessionIdEnd, cookieOffset, cookieLength,
                cipherSuitesStart, compressionMethodsEnd);
    }

    private static boolean containsNull(ByteReader methods) throws DecodeException {
        boolean found = false;
        while (methods.hasRemaining()) {
            found |= methods.u8() == ClientHello.COMPRESSION_NULL;
        }
        return found;
    }

    /**
     * Each extension is a 16-bit type and an {@code opaque extension_data<0..2^16-1>}; together they
     * fill the block. RFC 5246 §7.4.1.4: "There MUST NOT be more than one extension of the same type."
     */
    private static void checkExtensions(ByteReader block) throws DecodeException {
        // an extension takes at least 4 bytes; a truncated last one fails after its 2-byte type
        int[] types = new int[(block.remaining() + 3) / 4];
        int n = 0;
        while (block.hasRemaining()) {
            types[n++] = block.u16();
            block.skip(block.u16());
        }
        if (n > PAIRWISE_LIMIT) {
            Arrays.sort(types, 0, n);
            for (int i = 1; i < n; i++) {
                if (types[i] == types[i - 1]) {
                    throw duplicate(types[i]);
                }
            }
            return;
        }
        for (int i = 1; i < n; i++) {
            for (int j = 0; j < i; j++) {
                if (types[i] == types[j]) {
                    throw duplicate(types[i]);
                }
            }
        }
    }

    private static DecodeException duplicate(int type) {
        return new DecodeException("extension " + type + " appears twice");
    }

    /** {@code client_version}. */
    int clientVersion() {
        return clientVersion;
    }

    /** Where {@code client_version} starts: the first byte of the body. */
    int start() {
        return start;
    }

    /** Where the session_id ends: {@code [start, sessionIdEnd)} is client_version, random and session_id. */
    int sessionIdEnd() {
        return sessionIdEnd;
    }

    /** Where the cookie's bytes start (after its length byte). */
    int cookieOffset() {
        return cookieOffset;
    }

    /** Bytes of cookie: 0 in a first ClientHello. */
    int cookieLength() {
        return cookieLength;
    }

    /** Where cipher_suites starts, at its length field. */
    int cipherSuitesStart() {
        return cipherSuitesStart;
    }

    /** Where compression_methods ends: {@code [cipherSuitesStart, compressionMethodsEnd)} is both vectors. */
    int compressionMethodsEnd() {
        return compressionMethodsEnd;
    }
}
