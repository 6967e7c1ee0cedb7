package org.dtls4j.handshake.adversarial;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.DecodeException;
import org.dtls4j.handshake.fragment.HandshakeFragment;

/**
 * Record and fragment surgery for tests that act as the network: split datagrams into records,
 * build records with any header, cut handshake messages into fragments (RFC 6347 §4.1, §4.2.2).
 * Epoch 0 is plaintext, so its handshake records can be taken apart and put back together freely.
 *
 * <pre>
 * record header (13 bytes): type u8, version u16, epoch u16, sequence_number u48, length u16
 * handshake header (12):    msg_type u8, length u24, message_seq u16, fragment_offset u24, fragment_length u24
 * </pre>
 */
final class Wire {
    static final int HANDSHAKE = 22;
    static final int CHANGE_CIPHER_SPEC = 20;
    static final int ALERT = 21;
    static final int APPLICATION_DATA = 23;
    static final int DTLS_1_2 = 0xFEFD;

    /** One record as it travels: the header fields and the whole record's bytes. */
    record Rec(int type, int version, int epoch, long seq, byte[] bytes) {
        /** The fragment after the 13-byte header (plaintext in epoch 0). */
        byte[] fragment() {
            return Arrays.copyOfRange(bytes, 13, bytes.length);
        }

        @Override
        public String toString() {
            return "Rec[type=" + type + ", epoch=" + epoch + ", seq=" + seq + ", " + bytes.length + " bytes]";
        }
    }

    private Wire() {
    }

    /** The records of a datagram, in order; stops at the first record that does not fit. */
    static List<Rec> records(byte[] datagram) {
        List<Rec> out = new ArrayList<>();
        int pos = 0;
        while (datagram.length - pos >= 13) {
            int length = ((datagram[pos + 11] & 0xFF) << 8) | (datagram[pos + 12] & 0xFF);
            if (pos + 13 + length > datagram.length) {
                break;
            }
            ByteReader r = new ByteReader(datagram, pos, 13);
            try {
                out.add(new Rec(r.u8(), r.u16(), r.u16(), r.u48(),
                        Arrays.copyOfRange(datagram, pos, pos + 13 + length)));
            } catch (DecodeException e) {
                throw new AssertionError(e);
            }
            pos += 13 + length;
        }
        return out;
    }

    /** The records of every datagram, in order. */
    static List<Rec> records(List<byte[]> datagrams) {
        List<Rec> out = new ArrayList<>();
        datagrams.forEach(d -> out.addAll(records(d)));
        return out;
    }

    /** A record with the given header and fragment; the length field is the fragment's length. */
    static byte[] record(int type, int version, int epoch, long seq, byte[] fragment) {
        return new ByteWriter(13 + fragment.length).u8(type).u16(version).u16(epoch).u48(seq)
                .u16(fragment.length).bytes(fragment).toByteArray();
    }

    /** The same record under another sequence number (header bytes 5..10). */
    static byte[] renumbered(byte[] record, long seq) {
        byte[] out = record.clone();
        for (int i = 0; i < 6; i++) {
            out[5 + i] = (byte) (seq >>> (8 * (5 - i)));
        }
        if (records(out).get(0).seq() != seq) {
            throw new AssertionError("renumbering failed");
        }
        return out;
    }

    /** Records laid end to end in one datagram. */
    static byte[] datagram(List<byte[]> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        records.forEach(out::writeBytes);
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        return datagram(List.of(parts));
    }

    /** The handshake fragments of an epoch-0 handshake record's plaintext. */
    static List<HandshakeFragment> fragments(byte[] plaintext) {
        ByteReader r = new ByteReader(plaintext);
        List<HandshakeFragment> out = new ArrayList<>();
        // Each fragment consumes at least its 12-byte header, so this bound is never the reason to stop.
        for (int i = 0; i <= plaintext.length / HandshakeFragment.HEADER_LENGTH && r.hasRemaining(); i++) {
            try {
                out.add(HandshakeFragment.decode(r));
            } catch (DecodeException e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }

    /** A handshake fragment header and body with any field values, consistent or not. */
    static byte[] fragment(int msgType, int length, int messageSeq, int offset, int fragmentLength, byte[] body) {
        return new ByteWriter(12 + body.length).u8(msgType).u24(length).u16(messageSeq).u24(offset)
                .u24(fragmentLength).bytes(body).toByteArray();
    }

    /** The encoding of a fragment as it appears in a record. */
    static byte[] encode(HandshakeFragment f) {
        ByteWriter w = new ByteWriter(f.encodedLength());
        f.encode(w);
        return w.toByteArray();
    }
}
