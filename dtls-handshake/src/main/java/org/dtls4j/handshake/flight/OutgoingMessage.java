package org.dtls4j.handshake.flight;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.dtls4j.handshake.fragment.Fragmenter;
import org.dtls4j.handshake.fragment.HandshakeFragment;
import org.dtls4j.handshake.fragment.HandshakeMessageBytes;

/**
 * One message of an outgoing flight (RFC 6347 §4.2.4), with the epoch it is protected under.
 *
 * <p>The epoch belongs to the message, not to the flight: a flight such as
 * {@code ClientKeyExchange, ChangeCipherSpec, Finished} sends its first two messages in the current
 * epoch and Finished in the next one, and a retransmission must repeat each message in its original
 * epoch so that the peer can still read it.
 *
 * <p>A handshake message keeps its {@code message_seq} for every retransmission. RFC 6347 §4.2.2:
 * "When a message is retransmitted, the same message_seq value is used."
 *
 * <p>Build with {@link #handshake(int, int, int, byte[])} or {@link #changeCipherSpec(int)}. For a
 * ChangeCipherSpec, {@code msgType} and {@code messageSeq} are {@link #NONE} and the body is the
 * single byte {@code 1} (RFC 5246 §7.1: {@code struct { enum { change_cipher_spec(1), (255) } type; }}).
 *
 * <p>Immutable: the body is copied on the way in and on the way out.
 *
 * @param epoch      the epoch whose keys protect the message's records, 0..2^16-1
 * @param kind       handshake message or ChangeCipherSpec
 * @param msgType    the handshake {@code msg_type}, or {@link #NONE}
 * @param messageSeq the handshake {@code message_seq}, or {@link #NONE}
 * @param body       the message body (without the handshake header)
 */
public record OutgoingMessage(int epoch, ContentTypeKind kind, int msgType, int messageSeq, byte[] body) {

    /** {@code msgType} and {@code messageSeq} of a ChangeCipherSpec, which has neither. */
    public static final int NONE = -1;

    private static final byte[] CHANGE_CIPHER_SPEC_BODY = {1};

    /**
     * Checks that the fields fit the kind, and copies the body.
     *
     * @throws IllegalArgumentException if a field is out of range for the kind
     */
    public OutgoingMessage {
        Objects.requireNonNull(kind, "kind");
        if (epoch < 0 || epoch > 0xFFFF) {
            throw new IllegalArgumentException("epoch out of range: " + epoch);
        }
        body = body.clone();
        if (kind == ContentTypeKind.HANDSHAKE) {
            // Validates msg_type, message_seq and the body length.
            new HandshakeMessageBytes(msgType, messageSeq, body);
        } else if (msgType != NONE || messageSeq != NONE || !Arrays.equals(body, CHANGE_CIPHER_SPEC_BODY)) {
            throw new IllegalArgumentException("a ChangeCipherSpec has no msg_type or message_seq and the body {1}");
        }
    }

    /** A handshake message to be sent in {@code epoch}. */
    public static OutgoingMessage handshake(int epoch, int msgType, int messageSeq, byte[] body) {
        return new OutgoingMessage(epoch, ContentTypeKind.HANDSHAKE, msgType, messageSeq, body);
    }

    /** A handshake message to be sent in {@code epoch}. */
    public static OutgoingMessage handshake(int epoch, HandshakeMessageBytes message) {
        return handshake(epoch, message.msgType(), message.messageSeq(), message.body());
    }

    /** A ChangeCipherSpec, sent in {@code epoch}: the epoch <em>before</em> the switch. */
    public static OutgoingMessage changeCipherSpec(int epoch) {
        return new OutgoingMessage(epoch, ContentTypeKind.CHANGE_CIPHER_SPEC, NONE, NONE, CHANGE_CIPHER_SPEC_BODY);
    }

    public boolean isHandshake() {
        return kind == ContentTypeKind.HANDSHAKE;
    }

    /** A copy of the body. */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /**
     * The handshake message, for the transcript hash ({@link HandshakeMessageBytes#transcriptBytes()}).
     *
     * @throws IllegalStateException for a ChangeCipherSpec, which is not hashed
     */
    public HandshakeMessageBytes messageBytes() {
        requireHandshake();
        return new HandshakeMessageBytes(msgType, messageSeq, body);
    }

    /**
     * The message cut into fragments of at most {@code maxFragmentSize} encoded bytes each
     * (see {@link Fragmenter#fragment(int, int, byte[], int)}).
     *
     * @throws IllegalStateException for a ChangeCipherSpec, which is not fragmented
     */
    public List<HandshakeFragment> fragments(int maxFragmentSize) {
        requireHandshake();
        return Fragmenter.fragment(msgType, messageSeq, body, maxFragmentSize);
    }

    private void requireHandshake() {
        if (!isHandshake()) {
            throw new IllegalStateException("a ChangeCipherSpec is not a handshake message");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutgoingMessage m
                && epoch == m.epoch
                && kind == m.kind
                && msgType == m.msgType
                && messageSeq == m.messageSeq
                && Arrays.equals(body, m.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(epoch, kind, msgType, messageSeq) * 31 + Arrays.hashCode(body);
    }

    /** A short summary; the body is shown only as its length. */
    @Override
    public String toString() {
        if (!isHandshake()) {
            return "OutgoingMessage[ChangeCipherSpec, epoch=" + epoch + "]";
        }
        return "OutgoingMessage[type=" + msgType + ", seq=" + messageSeq + ", epoch=" + epoch
                + ", length=" + body.length + "]";
    }
}
