package org.dtls4j.jmh.flood;

import java.nio.ByteBuffer;

/**
 * Tells whether a datagram is exactly one well-formed HelloVerifyRequest, read by hand (like
 * {@link ClientHelloTemplate}, independent of the code under test):
 *
 * <pre>
 *   DTLSPlaintext (RFC 6347 §4.1)   type 22, version 0xFExx, epoch 0, length = the rest of the datagram
 *   Handshake (RFC 6347 §4.2.2)     hello_verify_request(3), length, message_seq,
 *                                   fragment_offset 0, fragment_length = length = the rest of the record
 *   HelloVerifyRequest (§4.2.1)     server_version 0xFExx, opaque cookie&lt;0..2^8-1&gt; = the rest,
 *                                   at least one byte
 * </pre>
 */
final class HelloVerifyRequests {
    private static final int HANDSHAKE = 22;
    private static final int HELLO_VERIFY_REQUEST = 3;
    private static final int DTLS_MAJOR = 0xFE;
    private static final int HEADERS = ClientHelloTemplate.RECORD_HEADER_LENGTH + ClientHelloTemplate.HANDSHAKE_HEADER_LENGTH;

    private HelloVerifyRequests() {
    }

    /**
     * The length of the cookie if {@code datagram[0, length)} is one well-formed
     * HelloVerifyRequest with a cookie, else -1. Reads by absolute index; the buffer's position
     * and limit are left as they are.
     */
    static int cookieLength(ByteBuffer datagram, int length) {
        if (length < HEADERS + 3 || u8(datagram, 0) != HANDSHAKE || u8(datagram, 1) != DTLS_MAJOR
                || u16(datagram, 3) != 0 || u16(datagram, 11) != length - ClientHelloTemplate.RECORD_HEADER_LENGTH) {
            return -1;
        }
        int h = ClientHelloTemplate.RECORD_HEADER_LENGTH;
        int bodyLength = length - HEADERS;
        if (u8(datagram, h) != HELLO_VERIFY_REQUEST || u24(datagram, h + 1) != bodyLength
                || u24(datagram, h + 6) != 0 || u24(datagram, h + 9) != bodyLength) {
            return -1;
        }
        int cookieLength = u8(datagram, HEADERS + 2);
        boolean wellFormed = u8(datagram, HEADERS) == DTLS_MAJOR && cookieLength > 0 && 3 + cookieLength == bodyLength;
        return wellFormed ? cookieLength : -1;
    }

    /** The cookie of a datagram for which {@link #cookieLength} said yes. */
    static byte[] cookie(ByteBuffer datagram, int length) {
        int n = cookieLength(datagram, length);
        if (n < 0) {
            throw new IllegalArgumentException("not a HelloVerifyRequest");
        }
        byte[] cookie = new byte[n];
        datagram.get(HEADERS + 3, cookie);
        return cookie;
    }

    private static int u8(ByteBuffer b, int at) {
        return b.get(at) & 0xFF;
    }

    private static int u16(ByteBuffer b, int at) {
        return b.getShort(at) & 0xFFFF;
    }

    private static int u24(ByteBuffer b, int at) {
        return (u8(b, at) << 16) | u16(b, at + 1);
    }
}
