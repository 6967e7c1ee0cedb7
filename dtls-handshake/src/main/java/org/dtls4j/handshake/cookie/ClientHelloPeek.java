package org.dtls4j.handshake.cookie;

import java.util.Arrays;
import java.util.Objects;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.DecodeException;
import org.dtls4j.handshake.fragment.HandshakeFragment;
import org.dtls4j.handshake.message.ClientHello;
import org.dtls4j.handshake.message.HandshakeType;
import org.dtls4j.record.ContentType;
import org.dtls4j.record.RecordHeader;

/**
 * A look at the first record of a datagram: does it open with a ClientHello, and if so, which
 * record and message numbers, client_random and cookie does it carry. This is what a server needs
 * before it decides whether a datagram may start or replace an association (RFC 6347 §4.2.1,
 * §4.2.8), and all it reads:
 *
 * <pre>
 *   DTLSPlaintext (RFC 6347 §4.1)       type = handshake(22), epoch = 0, sequence_number, length
 *     Handshake (RFC 6347 §4.2.2)       msg_type = client_hello(1), message_seq, fragment_offset = 0
 *       ClientHello (RFC 6347 §4.2.1)   client_version, random, session_id, cookie, (not read further)
 * </pre>
 *
 * The record header is read by {@link RecordHeader}, the handshake header by
 * {@code HandshakeFragment.Header}, and the leading ClientHello fields in their struct order, so
 * the peek and the full decoders agree on every byte (a property test checks it). The answer is
 * yes only if all of it lies inside the first record, inside the fragment's declared
 * {@code fragment_length}, and the fragment's range inside the message's {@code length}; the
 * fragment need not be the whole message, and nothing after the cookie is looked at, so a yes
 * does not mean the ClientHello decodes. Later records of the datagram are ignored.
 *
 * <p>Cost, since the transport asks for every datagram from a known peer and for every one from a
 * stranger: {@link #of} never throws on the datagram's content and copies nothing. A record of any
 * type but handshake is turned away after one byte, allocating nothing; otherwise it uses a few
 * short-lived readers (which the JIT usually removes), and only a yes allocates the answer, a view
 * of offsets into the caller's array. Read the view before the array is reused.
 */
public final class ClientHelloPeek {
    private final byte[] datagram;
    private final long recordSequenceNumber;
    private final int messageSeq;
    private final int randomOffset;
    private final int cookieOffset;
    private final int cookieLength;

    private ClientHelloPeek(byte[] datagram, long recordSequenceNumber, int messageSeq, int randomOffset,
                            int cookieOffset, int cookieLength) {
        this.datagram = datagram;
        this.recordSequenceNumber = recordSequenceNumber;
        this.messageSeq = messageSeq;
        this.randomOffset = randomOffset;
        this.cookieOffset = cookieOffset;
        this.cookieLength = cookieLength;
    }

    /**
     * Looks at {@code datagram[offset, offset + length)}.
     *
     * @return the peek if the first record is an epoch-0 handshake record whose first fragment is
     *         a ClientHello fragment that starts at offset 0 and holds the client_random and the
     *         cookie; {@code null} for anything else
     * @throws IndexOutOfBoundsException if {@code offset} and {@code length} do not fit {@code datagram}
     */
    public static ClientHelloPeek of(byte[] datagram, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, datagram.length);
        if (length < RecordHeader.LENGTH || contentTypeCode(datagram, offset) != ContentType.HANDSHAKE.code()) {
            return null;
        }
        try {
            return read(new ByteReader(datagram, offset, length));
        } catch (DecodeException e) {
            return null; // a guard: read measures before it reads, so no bytes of a datagram get here
        }
    }

    /**
     * The content type code of the record header at {@code offset}, its first field (RFC 6347
     * §4.1). Looked at before {@link RecordHeader#decode}: that turns away every other record,
     * application data from known peers above all, for one byte read and no allocation, and spares
     * the decoder a type it does not know, which it reports with an exception.
     */
    static int contentTypeCode(byte[] datagram, int offset) {
        return datagram[offset] & 0xFF;
    }

    private static ClientHelloPeek read(ByteReader datagram) throws DecodeException {
        RecordHeader header = RecordHeader.decode(datagram);
        if (header.epoch() != 0 || header.length() > datagram.remaining()) {
            return null;
        }
        ByteReader record = datagram.sub(header.length());
        if (record.remaining() < HandshakeFragment.HEADER_LENGTH) {
            return null;
        }
        HandshakeFragment.Header fragment = HandshakeFragment.Header.decode(record);
        if (fragment.msgType() != HandshakeType.CLIENT_HELLO.code() || fragment.fragmentOffset() != 0
                || !fragment.liesWithinMessage() || fragment.fragmentLength() > record.remaining()) {
            return null;
        }
        ByteReader body = record.sub(fragment.fragmentLength());
        // client_version (uint16), random, then the one-byte length of session_id
        if (body.remaining() < 2 + ClientHello.RANDOM_LENGTH + 1) {
            return null;
        }
        body.u16();
        int randomOffset = body.position();
        body.skip(ClientHello.RANDOM_LENGTH);
        int sessionIdLength = body.u8();
        // session_id, then the one-byte length of the cookie
        if (sessionIdLength > ClientHello.MAX_SESSION_ID_LENGTH || body.remaining() < sessionIdLength + 1) {
            return null;
        }
        body.skip(sessionIdLength);
        int cookieLength = body.u8();
        if (body.remaining() < cookieLength) {
            return null;
        }
        return new ClientHelloPeek(body.array(), header.sequenceNumber(), fragment.messageSeq(), randomOffset,
                body.position(), cookieLength);
    }

    /** The {@code sequence_number} of the record that carries the ClientHello. */
    public long recordSequenceNumber() {
        return recordSequenceNumber;
    }

    /** The ClientHello's {@code message_seq}: 0 for a first hello, 1 for one that answers a cookie. */
    public int messageSeq() {
        return messageSeq;
    }

    /** A copy of the 32-byte client_random. */
    public byte[] clientRandom() {
        return Arrays.copyOfRange(datagram, randomOffset, randomOffset + ClientHello.RANDOM_LENGTH);
    }

    /** Whether the client_random equals {@code random}, compared in place without a copy. */
    public boolean hasClientRandom(byte[] random) {
        return Arrays.equals(datagram, randomOffset, randomOffset + ClientHello.RANDOM_LENGTH, random, 0, random.length);
    }

    /** A copy of the cookie; empty for a first ClientHello. */
    public byte[] cookie() {
        return Arrays.copyOfRange(datagram, cookieOffset, cookieOffset + cookieLength);
    }

    @Override
    public String toString() {
        return "ClientHelloPeek[recordSequenceNumber=" + recordSequenceNumber + ", messageSeq=" + messageSeq
                + ", cookie=" + cookieLength + " bytes]";
    }
}
