package org.dtls4j.handshake.message;

import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.DecodeException;
import org.dtls4j.crypto.KeyExchangeAlgorithm;
import org.dtls4j.handshake.extension.CertificateType;

/**
 * The body of a handshake message (RFC 5246 §7.4): everything after the 12-byte DTLS handshake
 * header (RFC 6347 §4.2.2), which the {@code fragment} package reads and writes.
 *
 * <pre>
 * struct {
 *     HandshakeType msg_type;
 *     uint24 length;
 *     uint16 message_seq;                               // DTLS only
 *     uint24 fragment_offset;                           // DTLS only
 *     uint24 fragment_length;                           // DTLS only
 *     select (HandshakeType) { ... } body;              // this type
 * } Handshake;
 * </pre>
 *
 * Every implementation is immutable and has a {@code decode} next to its {@code encode}.
 * {@link ChangeCipherSpec} and {@link Alert} live in this package too but are not handshake
 * messages: they travel in records of their own content type.
 */
public sealed interface HandshakeMessage
        permits HelloRequest, ClientHello, ServerHello, HelloVerifyRequest, Certificate, RawPublicKeyCertificate,
                ServerKeyExchange, CertificateRequest, ServerHelloDone, CertificateVerify, ClientKeyExchange, Finished,
                NewSessionTicket {

    /** The msg_type of this message. */
    HandshakeType type();

    /** Appends the body to {@code w}. */
    void encode(ByteWriter w);

    /** The body, as a new array. */
    default byte[] encode() {
        ByteWriter w = new ByteWriter();
        encode(w);
        return w.toByteArray();
    }

    /**
     * Decodes a complete, reassembled body of the given type.
     *
     * @param kx the negotiated key exchange; needed only for {@link HandshakeType#SERVER_KEY_EXCHANGE}
     *           and {@link HandshakeType#CLIENT_KEY_EXCHANGE}, whose layout depends on it
     * @throws DecodeException if the bytes are not a valid body of that type
     * @throws IllegalArgumentException if {@code kx} is null for a key exchange message
     */
    static HandshakeMessage decode(HandshakeType type, byte[] body, KeyExchangeAlgorithm kx) throws DecodeException {
        return decode(type, body, kx, CertificateType.X509);
    }

    /**
     * Decodes a complete body whose Certificate, if it is one, carries {@code certificateType}: a
     * {@link Certificate} for X.509, a {@link RawPublicKeyCertificate} for a raw public key
     * (RFC 7250 §3). The other parameters are those of {@link #decode(HandshakeType, byte[], KeyExchangeAlgorithm)}.
     */
    static HandshakeMessage decode(HandshakeType type, byte[] body, KeyExchangeAlgorithm kx,
                                   CertificateType certificateType) throws DecodeException {
        if (type == HandshakeType.CERTIFICATE && certificateType == CertificateType.RAW_PUBLIC_KEY) {
            return RawPublicKeyCertificate.decode(body);
        }
        switch (type) {
            case HELLO_REQUEST: return HelloRequest.decode(body);
            case CLIENT_HELLO: return ClientHello.decode(body);
            case SERVER_HELLO: return ServerHello.decode(body);
            case HELLO_VERIFY_REQUEST: return HelloVerifyRequest.decode(body);
            case CERTIFICATE: return Certificate.decode(body);
            case SERVER_KEY_EXCHANGE: return ServerKeyExchange.decode(body, requireKx(kx, type));
            case CERTIFICATE_REQUEST: return CertificateRequest.decode(body);
            case SERVER_HELLO_DONE: return ServerHelloDone.decode(body);
            case CERTIFICATE_VERIFY: return CertificateVerify.decode(body);
            case CLIENT_KEY_EXCHANGE: return ClientKeyExchange.decode(body, requireKx(kx, type));
            case FINISHED: return Finished.decode(body);
            case NEW_SESSION_TICKET: return NewSessionTicket.decode(body);
            default: throw new IllegalStateException("no decoder for " + type);
        }
    }

    private static KeyExchangeAlgorithm requireKx(KeyExchangeAlgorithm kx, HandshakeType type) {
        if (kx == null) {
            throw new IllegalArgumentException(type + " cannot be decoded before the key exchange is known");
        }
        return kx;
    }
}
