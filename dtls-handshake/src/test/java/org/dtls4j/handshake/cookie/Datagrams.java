package org.dtls4j.handshake.cookie;

import java.util.Arrays;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.handshake.message.ClientHello;

/** Builds ClientHello datagrams, with every header field under the test's control. */
final class Datagrams {
    static final int HANDSHAKE = 22;
    static final int DTLS_1_0 = 0xFEFF;
    static final int DTLS_1_2 = 0xFEFD;

    private Datagrams() {
    }

    /** A handshake message: the 12-byte header, then the given fragment of the body. */
    static byte[] handshake(int msgType, byte[] body, int messageSeq, int fragmentOffset, int fragmentLength) {
        ByteWriter w = new ByteWriter();
        w.u8(msgType).u24(body.length).u16(messageSeq).u24(fragmentOffset).u24(fragmentLength);
        w.bytes(body, fragmentOffset, fragmentLength);
        return w.toByteArray();
    }

    static byte[] record(int contentType, int version, int epoch, long sequence, byte[] fragment) {
        ByteWriter w = new ByteWriter();
        w.u8(contentType).u16(version).u16(epoch).u48(sequence).opaque16(fragment);
        return w.toByteArray();
    }

    /** A well-formed, unfragmented ClientHello in one epoch-0 DTLS 1.0 record. */
    static byte[] clientHello(ClientHello hello, int messageSeq, long recordSequence) {
        byte[] body = hello.encode();
        return record(HANDSHAKE, DTLS_1_0, 0, recordSequence, handshake(1, body, messageSeq, 0, body.length));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The cookie inside a HelloVerifyRequest datagram (record header 13, handshake header 12, version 2). */
    static byte[] cookieOf(CookieExchange.Verify verify) {
        byte[] d = verify.datagram();
        int length = d[27] & 0xFF;
        return Arrays.copyOfRange(d, 28, 28 + length);
    }
}
