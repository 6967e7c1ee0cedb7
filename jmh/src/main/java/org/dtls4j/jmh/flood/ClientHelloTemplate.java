package org.dtls4j.jmh.flood;

import java.nio.ByteBuffer;

/**
 * The first ClientHello of a DTLS 1.2 client, as bytes on the wire, written here by hand so that
 * the flood does not depend on the code it measures. It is what a client sends before it has a
 * cookie (RFC 6347 §4.2.1), one record in one datagram:
 *
 * <pre>
 *   DTLSPlaintext (RFC 6347 §4.1)   type 22, version 0xFEFF, epoch 0, sequence_number, length
 *   Handshake (RFC 6347 §4.2.2)     client_hello(1), length, message_seq, fragment_offset 0, fragment_length
 *   ClientHello (RFC 5246 §7.4.1.2, RFC 6347 §4.2.1)
 *       client_version 0xFEFD, random, session_id &lt;0&gt;, cookie &lt;0 or the server's&gt;,
 *       six ECDHE AEAD suites, compression null,
 *       extensions: supported_groups, ec_point_formats, signature_algorithms,
 *                   extended_master_secret, renegotiation_info
 * </pre>
 *
 * The record version is DTLS 1.0 (0xFEFF), as clients write their first flight so that any DTLS
 * server reads it. A flood stamps every datagram before it goes out ({@link #stamp}): a record
 * sequence number that counts up per socket, and a client_random that differs per hello, so no
 * two hellos are the same bytes, as with real clients.
 */
final class ClientHelloTemplate {
    static final int RECORD_HEADER_LENGTH = 13;
    static final int HANDSHAKE_HEADER_LENGTH = 12;
    /** Where the 48-bit record sequence_number starts: after type (1), version (2), epoch (2). */
    private static final int SEQUENCE_OFFSET = 5;
    /** Where the client_random starts: after the two headers and client_version. */
    private static final int RANDOM_OFFSET = RECORD_HEADER_LENGTH + HANDSHAKE_HEADER_LENGTH + 2;

    private static final int[] CIPHER_SUITES = {
        0xC02B, // TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
        0xC02F, // TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
        0xC02C, // TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
        0xC030, // TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
        0xCCA9, // TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256
        0xCCA8, // TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256
    };

    private ClientHelloTemplate() {
    }

    /** A first ClientHello: no cookie, message_seq 0. */
    static byte[] withoutCookie() {
        return hello(new byte[0], 0, new byte[32]);
    }

    /**
     * The ClientHello that answers a HelloVerifyRequest: the same fields as {@code first} (RFC
     * 6347 §4.2.1: "the same parameter values (version, random, session_id, cipher_suites,
     * compression_method)"), the server's cookie, message_seq 1.
     */
    static byte[] withCookie(byte[] first, byte[] cookie) {
        byte[] random = new byte[32];
        System.arraycopy(first, RANDOM_OFFSET, random, 0, random.length);
        byte[] second = hello(cookie, 1, random);
        sequenceNumber(ByteBuffer.wrap(second), sequenceNumber(ByteBuffer.wrap(first)) + 1);
        return second;
    }

    /**
     * Writes the record {@code sequenceNumber} and a client_random made from {@code helloNumber}
     * into a hello made by this class that starts at position 0 of {@code hello}: the last 8
     * random bytes carry the number, so every number gives another random and so another cookie.
     */
    static void stamp(ByteBuffer hello, long sequenceNumber, long helloNumber) {
        sequenceNumber(hello, sequenceNumber);
        hello.putLong(RANDOM_OFFSET + 24, helloNumber);
    }

    private static void sequenceNumber(ByteBuffer hello, long sequenceNumber) {
        hello.putShort(SEQUENCE_OFFSET, (short) (sequenceNumber >>> 32)).putInt(SEQUENCE_OFFSET + 2, (int) sequenceNumber);
    }

    private static long sequenceNumber(ByteBuffer hello) {
        return ((hello.getShort(SEQUENCE_OFFSET) & 0xFFFFL) << 32) | (hello.getInt(SEQUENCE_OFFSET + 2) & 0xFFFFFFFFL);
    }

    private static byte[] hello(byte[] cookie, int messageSeq, byte[] random) {
        ByteBuffer body = ByteBuffer.allocate(512);
        body.putShort((short) 0xFEFD).put(random);
        body.put((byte) 0);                                   // session_id <0..32>
        body.put((byte) cookie.length).put(cookie);           // cookie <0..2^8-1>
        body.putShort((short) (CIPHER_SUITES.length * 2));
        for (int suite : CIPHER_SUITES) {
            body.putShort((short) suite);
        }
        body.put((byte) 1).put((byte) 0);                     // compression_methods: null
        ByteBuffer extensions = ByteBuffer.allocate(256);
        extension(extensions, 10, 0x0006, 0x001D, 0x0017, 0x0018);            // supported_groups: x25519, P-256, P-384
        extension(extensions, 11, 0x0100);                                     // ec_point_formats: uncompressed
        extension(extensions, 13, 0x0008, 0x0403, 0x0804, 0x0503, 0x0401);   // signature_algorithms
        extension(extensions, 23);                                             // extended_master_secret
        extensions.putShort((short) 0xFF01).putShort((short) 1).put((byte) 0); // renegotiation_info, empty
        extensions.flip();
        body.putShort((short) extensions.remaining()).put(extensions);
        body.flip();

        int length = body.remaining();
        ByteBuffer datagram = ByteBuffer.allocate(RECORD_HEADER_LENGTH + HANDSHAKE_HEADER_LENGTH + length);
        datagram.put((byte) 22).putShort((short) 0xFEFF).putShort((short) 0);  // handshake, DTLS 1.0, epoch 0
        datagram.putShort((short) 0).putInt(0);                                 // sequence_number, stamped later
        datagram.putShort((short) (HANDSHAKE_HEADER_LENGTH + length));
        datagram.put((byte) 1);                                                 // client_hello
        uint24(datagram, length).putShort((short) messageSeq);
        uint24(datagram, 0);                                                    // fragment_offset
        uint24(datagram, length);                                               // fragment_length
        datagram.put(body);
        return datagram.array();
    }

    /** An extension whose body is the given 16-bit values, written in order. */
    private static void extension(ByteBuffer out, int type, int... u16s) {
        out.putShort((short) type).putShort((short) (u16s.length * 2));
        for (int v : u16s) {
            out.putShort((short) v);
        }
    }

    private static ByteBuffer uint24(ByteBuffer out, int value) {
        return out.put((byte) (value >>> 16)).putShort((short) value);
    }
}
