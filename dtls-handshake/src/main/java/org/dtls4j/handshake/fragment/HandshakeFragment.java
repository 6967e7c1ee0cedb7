package org.dtls4j.handshake.fragment;

import java.util.Arrays;

import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.DecodeException;

/**
 * One handshake message fragment as it travels in a handshake record (RFC 6347 §4.2.2):
 *
 * <pre>
 * struct {
 *     HandshakeType msg_type;
 *     uint24 length;
 *     uint16 message_seq;                               // New field
 *     uint24 fragment_offset;                           // New field
 *     uint24 fragment_length;                           // New field
 *     select (HandshakeType) { ... } body;              // here: opaque body[fragment_length]
 * } Handshake;
 * </pre>
 *
 * <p>{@code length} is the length of the whole message; the fragment carries the bytes
 * {@code [fragmentOffset, fragmentOffset + fragmentLength)} of it. An unfragmented message is the
 * degenerate case {@code fragmentOffset == 0 && fragmentLength == length} ({@link #isWhole()}).
 *
 * <p>{@code msgType} stays a plain {@code int}: a fragment of a type we do not know must still
 * decode, so that the state machine (not the codec) decides what to do with it.
 *
 * <p>Immutable: the body is copied on the way in and on the way out.
 *
 * @param msgType        {@code msg_type}, 0..255
 * @param length         {@code length} of the whole message, 0..2^24-1
 * @param messageSeq     {@code message_seq}, 0..2^16-1
 * @param fragmentOffset {@code fragment_offset}
 * @param body           the fragment's bytes; {@code fragment_length} is its length
 */
public record HandshakeFragment(int msgType, int length, int messageSeq, int fragmentOffset, byte[] body) {

    /** Bytes of the header in front of each fragment's body: 1 + 3 + 2 + 3 + 3. */
    public static final int HEADER_LENGTH = 12;

    /** The largest value a {@code uint24} can hold. */
    static final int MAX_UINT24 = 0xFF_FFFF;

    /**
     * Checks the fields and copies the body.
     *
     * @throws IllegalArgumentException if a field is out of its wire range, or the fragment reaches
     *                                  past the end of the message
     */
    public HandshakeFragment {
        checkRange(msgType, 0xFF, "msg_type");
        checkRange(length, MAX_UINT24, "length");
        checkRange(messageSeq, 0xFFFF, "message_seq");
        checkRange(fragmentOffset, MAX_UINT24, "fragment_offset");
        body = body.clone();
        if ((long) fragmentOffset + body.length > length) {
            throw new IllegalArgumentException("fragment [" + fragmentOffset + ", " + (fragmentOffset + body.length)
                    + ") reaches past the message length " + length);
        }
    }

    /** {@code fragment_length}: the number of body bytes this fragment carries. */
    public int fragmentLength() {
        return body.length;
    }

    /** A copy of the fragment's bytes. */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The body without a copy, for this package's readers only; never modify it. */
    byte[] bodyNoCopy() {
        return body;
    }

    /** True for an unfragmented message: offset 0 and {@code fragment_length == length}. */
    public boolean isWhole() {
        return fragmentOffset == 0 && body.length == length;
    }

    /** Bytes this fragment occupies on the wire: header plus body. */
    public int encodedLength() {
        return HEADER_LENGTH + body.length;
    }

    /** Writes the 12-byte header and the body. */
    public void encode(ByteWriter w) {
        w.u8(msgType).u24(length).u16(messageSeq).u24(fragmentOffset).u24(body.length).bytes(body);
    }

    /**
     * Reads one fragment from a handshake record's plaintext. One record may carry several
     * fragments, so call this repeatedly while {@code r.hasRemaining()}; every call consumes at least
     * the 12-byte header, so such a loop always ends.
     *
     * <p>Nothing is allocated from the declared {@code length}: only the {@code fragment_length}
     * bytes actually present are copied. Whether the declared length is acceptable is the
     * {@link Reassembler}'s decision, not the codec's.
     *
     * @throws DecodeException if the header or body is truncated, or the fragment reaches past the
     *                         declared message length
     */
    public static HandshakeFragment decode(ByteReader r) throws DecodeException {
        Header h = Header.decode(r);
        // RFC 6347 §4.2.3: the ranges "MUST jointly contain the entire handshake message"; a range
        // that ends past the message cannot be part of it.
        if (!h.liesWithinMessage()) {
            throw new DecodeException("handshake fragment [" + h.fragmentOffset + ", "
                    + ((long) h.fragmentOffset + h.fragmentLength) + ") reaches past the message length " + h.length);
        }
        return new HandshakeFragment(h.msgType, h.length, h.messageSeq, h.fragmentOffset, r.bytes(h.fragmentLength));
    }

    /**
     * The {@value #HEADER_LENGTH}-byte header of a fragment as read, without its body: for a reader
     * that decides from the header alone, before it copies anything, such as the server looking
     * at a stranger's first datagram (RFC 6347 §4.2.1). The fields are as received; no rule
     * between them is checked ({@link #liesWithinMessage()} and {@link #isWhole()} ask).
     *
     * @param msgType        {@code msg_type}, 0..255
     * @param length         {@code length} of the whole message, 0..2^24-1
     * @param messageSeq     {@code message_seq}, 0..2^16-1
     * @param fragmentOffset {@code fragment_offset}, 0..2^24-1
     * @param fragmentLength {@code fragment_length}: the body bytes that should follow, 0..2^24-1
     */
    public record Header(int msgType, int length, int messageSeq, int fragmentOffset, int fragmentLength) {

        /**
         * Reads the {@value HandshakeFragment#HEADER_LENGTH} header bytes and leaves {@code r} at the
         * body, which is neither read nor measured.
         *
         * @throws DecodeException if fewer than {@value HandshakeFragment#HEADER_LENGTH} bytes remain
         */
        public static Header decode(ByteReader r) throws DecodeException {
            int msgType = r.u8();
            int length = r.u24();
            int messageSeq = r.u16();
            int fragmentOffset = r.u24();
            int fragmentLength = r.u24();
            return new Header(msgType, length, messageSeq, fragmentOffset, fragmentLength);
        }

        /** True if the range {@code [fragment_offset, fragment_offset + fragment_length)} ends within {@code length}. */
        public boolean liesWithinMessage() {
            return (long) fragmentOffset + fragmentLength <= length;
        }

        /** True for an unfragmented message: offset 0 and {@code fragment_length == length}. */
        public boolean isWhole() {
            return fragmentOffset == 0 && fragmentLength == length;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HandshakeFragment f
                && msgType == f.msgType
                && length == f.length
                && messageSeq == f.messageSeq
                && fragmentOffset == f.fragmentOffset
                && Arrays.equals(body, f.body);
    }

    @Override
    public int hashCode() {
        int h = msgType;
        h = 31 * h + length;
        h = 31 * h + messageSeq;
        h = 31 * h + fragmentOffset;
        return 31 * h + Arrays.hashCode(body);
    }

    /** A short summary; the body is shown only as its length. */
    @Override
    public String toString() {
        return "HandshakeFragment[type=" + msgType + ", seq=" + messageSeq + ", length=" + length
                + ", range=[" + fragmentOffset + ", " + (fragmentOffset + body.length) + ")]";
    }

    private static void checkRange(int v, int max, String what) {
        if (v < 0 || v > max) {
            throw new IllegalArgumentException(what + " out of range: " + v);
        }
    }
}
