package org.dtls4j.handshake.message;

import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.DecodeException;

/**
 * The HelloRequest body (RFC 5246 §7.4.1.1): empty; a server's invitation to renegotiate.
 *
 * <pre>
 * struct { } HelloRequest;
 * </pre>
 *
 * We never send it and never renegotiate; it is decoded only so that a client can refuse it.
 * RFC 5246 §7.4.1.1: "This message MAY be ignored by the client if it does not wish to
 * renegotiate a session, or the client may, if it wishes, respond with a no_renegotiation alert."
 */
public record HelloRequest() implements HandshakeMessage {
    public static final HelloRequest INSTANCE = new HelloRequest();

    @Override
    public HandshakeType type() {
        return HandshakeType.HELLO_REQUEST;
    }

    @Override
    public void encode(ByteWriter w) {
        // empty body
    }

    public static HelloRequest decode(byte[] body) throws DecodeException {
        if (body.length != 0) {
            throw new DecodeException("HelloRequest: body must be empty, got " + body.length + " bytes");
        }
        return INSTANCE;
    }
}
