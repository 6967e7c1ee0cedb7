package org.dtls4j.handshake.cookieattack;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.handshake.cookie.CookieExchange;
import org.dtls4j.handshake.extension.ExtendedMasterSecret;
import org.dtls4j.handshake.extension.Extensions;
import org.dtls4j.handshake.message.ClientHello;

/**
 * Hand-made first datagrams for the cookie attacks: every field of the record header (RFC 6347
 * §4.1) and of the handshake header (RFC 6347 §4.2.2) is the test's to choose.
 */
final class Wire {
    static final int HANDSHAKE = 22;
    static final int APPLICATION_DATA = 23;
    static final int DTLS_1_0 = 0xFEFF;
    static final int DTLS_1_2 = 0xFEFD;
    static final int CLIENT_HELLO = 1;
    static final int HELLO_VERIFY_REQUEST = 3;
    static final int RECORD_HEADER = 13;
    static final int HANDSHAKE_HEADER = 12;

    private Wire() {
    }

    static InetSocketAddress peer(byte[] address, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(address), port);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** 127.0.0.1 at {@code port}. */
    static InetSocketAddress loopback(int port) {
        return peer(new byte[] {127, 0, 0, 1}, port);
    }

    /** A DTLS 1.2 ClientHello as a client of ours sends it first: no cookie, no session. */
    static ClientHello hello(int randomByte) {
        byte[] random = new byte[32];
        Arrays.fill(random, (byte) randomByte);
        return ClientHello.of(DTLS_1_2, random, new byte[0], new byte[0], List.of(0xC02B, 0xC02F, 0x00A8),
                Extensions.of(ExtendedMasterSecret.INSTANCE.toExtension()));
    }

    /** A handshake message: the 12-byte header with the given fragment fields, then {@code fragment}. */
    static byte[] handshake(int msgType, int length, int messageSeq, int fragmentOffset, int fragmentLength,
                            byte[] fragment) {
        ByteWriter w = new ByteWriter();
        w.u8(msgType).u24(length).u16(messageSeq).u24(fragmentOffset).u24(fragmentLength).bytes(fragment);
        return w.toByteArray();
    }

    /** An unfragmented handshake message. */
    static byte[] whole(int msgType, int messageSeq, byte[] body) {
        return handshake(msgType, body.length, messageSeq, 0, body.length, body);
    }

    static byte[] record(int contentType, int version, int epoch, long sequence, byte[] fragment) {
        ByteWriter w = new ByteWriter();
        w.u8(contentType).u16(version).u16(epoch).u48(sequence).opaque16(fragment);
        return w.toByteArray();
    }

    /** One ClientHello, unfragmented, in one epoch-0 record. */
    static byte[] datagram(ClientHello hello, int recordVersion, long recordSequence, int messageSeq) {
        return record(HANDSHAKE, recordVersion, 0, recordSequence, whole(CLIENT_HELLO, messageSeq, hello.encode()));
    }

    static byte[] datagram(ClientHello hello) {
        return datagram(hello, DTLS_1_0, 0, 0);
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /**
     * The cookie inside a HelloVerifyRequest datagram: record header (13), handshake header (12),
     * server_version (2), then {@code opaque cookie<0..2^8-1>}.
     */
    static byte[] cookieOf(CookieExchange.Verify verify) {
        byte[] d = verify.datagram();
        int length = d[RECORD_HEADER + HANDSHAKE_HEADER + 2] & 0xFF;
        int start = RECORD_HEADER + HANDSHAKE_HEADER + 3;
        return Arrays.copyOfRange(d, start, start + length);
    }
}
