package org.dtls4j.handshake.message;

import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.DecodeException;

/**
 * The ServerHelloDone body (RFC 5246 §7.4.5): empty; it ends the server's hello flight.
 *
 * <pre>
 * struct { } ServerHelloDone;
 * </pre>
 */
public record ServerHelloDone() implements HandshakeMessage {
    public static final ServerHelloDone INSTANCE = new ServerHelloDone();

    @Override
    public HandshakeType type() {
        return HandshakeType.SERVER_HELLO_DONE;
    }

    @Override
    public void encode(ByteWriter w) {
        // empty body
    }

    public static ServerHelloDone decode(byte[] body) throws DecodeException {
        if (body.length != 0) {
            throw new DecodeException("ServerHelloDone: body must be empty, got " + body.length + " bytes");
        }
        return INSTANCE;
    }
}
