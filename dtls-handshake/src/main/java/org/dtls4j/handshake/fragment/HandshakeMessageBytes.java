package org.dtls4j.handshake.fragment;

import java.util.Arrays;

import org.dtls4j.codec.ByteWriter;

/**
 * One whole handshake message, reassembled from its fragments: its type, its {@code message_seq}
 * and its body, ready for the message codec.
 *
 * <p>{@link #transcriptBytes()} gives the bytes that go into the handshake hash. RFC 6347 §4.2.6:
 * "Hash calculations include entire handshake messages, including DTLS-specific fields:
 * message_seq, fragment_offset, and fragment_length. However, in order to remove sensitivity to
 * handshake message fragmentation, the Finished MAC MUST be computed as if each handshake message
 * had been sent as a single fragment." So however the message arrived, it is hashed as
 *
 * <pre>
 * msg_type(1) | length(3) | message_seq(2) | fragment_offset = 0 (3) | fragment_length = length (3) | body
 * </pre>
 *
 * <p>The same type serves outgoing messages: the sender hashes the very same bytes.
 *
 * <p>Immutable: the body is copied on the way in and on the way out.
 *
 * @param msgType    {@code msg_type}, 0..255
 * @param messageSeq {@code message_seq}, 0..2^16-1
 * @param body       the whole message body
 */
public record HandshakeMessageBytes(int msgType, int messageSeq, byte[] body) {

    /**
     * Checks the fields and copies the body.
     *
     * @throws IllegalArgumentException if a field is out of its wire range
     */
    public HandshakeMessageBytes {
        if (msgType < 0 || msgType > 0xFF) {
            throw new IllegalArgumentException("msg_type out of range: " + msgType);
        }
        if (messageSeq < 0 || messageSeq > 0xFFFF) {
            throw new IllegalArgumentException("message_seq out of range: " + messageSeq);
        }
        if (body.length > HandshakeFragment.MAX_UINT24) {
            throw new IllegalArgumentException("handshake message of " + body.length + " bytes does not fit a uint24 length");
        }
        body = body.clone();
    }

    /** A copy of the message body. */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The body length, the {@code length} field of the handshake header. */
    public int length() {
        return body.length;
    }

    /**
     * The message as if sent as a single fragment: the 12-byte header with {@code fragment_offset = 0}
     * and {@code fragment_length = length}, then the body (RFC 6347 §4.2.6).
     */
    public byte[] transcriptBytes() {
        ByteWriter w = new ByteWriter(HandshakeFragment.HEADER_LENGTH + body.length);
        asSingleFragment().encode(w);
        return w.toByteArray();
    }

    /** The message as one unfragmented {@link HandshakeFragment}. */
    public HandshakeFragment asSingleFragment() {
        return new HandshakeFragment(msgType, body.length, messageSeq, 0, body);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HandshakeMessageBytes m
                && msgType == m.msgType
                && messageSeq == m.messageSeq
                && Arrays.equals(body, m.body);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * msgType + messageSeq) + Arrays.hashCode(body);
    }

    /** A short summary; the body is shown only as its length. */
    @Override
    public String toString() {
        return "HandshakeMessageBytes[type=" + msgType + ", seq=" + messageSeq + ", length=" + body.length + "]";
    }
}
