package org.dtls4j.transport.flood;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.engine.DtlsEngine;

/** First datagrams and the shapes an attacker makes of them. */
final class Hellos {
    static final int HANDSHAKE = 22;
    static final int CLIENT_HELLO = 1;
    static final int HELLO_VERIFY_REQUEST = 3;
    static final int CERTIFICATE = 11;

    private Hellos() {
    }

    /** The first datagram of a fresh client engine: a ClientHello without a cookie, with a new random. */
    static byte[] cookieless(DtlsConfig config) {
        DtlsEngine e = DtlsEngine.client(config, new SecureRandom());
        e.start(0);
        return bytes(e.pollDatagram());
    }

    static byte[] bytes(ByteBuffer b) {
        byte[] d = new byte[b.remaining()];
        b.get(d);
        return d;
    }

    /** A hello with its 32-byte random and, if it has one, session_id rewritten from {@code random}. */
    static byte[] withNewRandom(byte[] hello, Random random) {
        byte[] d = hello.clone();
        for (int i = 27; i < 27 + 32 && i < d.length; i++) {
            d[i] = (byte) random.nextInt(256);
        }
        return d;
    }

    /** A ClientHello that asks to resume a session the server never issued: a random 32-byte session_id. */
    static byte[] withUnknownSession(byte[] hello, Random random) {
        // record header 13, handshake header 12, client_version 2, random 32: session_id<0..32> at 59
        int at = 59;
        int oldLength = hello[at] & 0xFF;
        byte[] sessionId = new byte[32];
        random.nextBytes(sessionId);
        byte[] d = new byte[hello.length - oldLength + 32];
        System.arraycopy(hello, 0, d, 0, at);
        d[at] = 32;
        System.arraycopy(sessionId, 0, d, at + 1, 32);
        System.arraycopy(hello, at + 1 + oldLength, d, at + 33, hello.length - at - 1 - oldLength);
        int delta = 32 - oldLength;
        addToField(d, 11, 2, delta);   // record length
        addToField(d, 14, 3, delta);   // length
        addToField(d, 22, 3, delta);   // fragment_length
        return d;
    }

    private static void addToField(byte[] d, int at, int width, int delta) {
        long v = 0;
        for (int i = 0; i < width; i++) {
            v = v << 8 | (d[at + i] & 0xFF);
        }
        v += delta;
        for (int i = width - 1; i >= 0; i--) {
            d[at + i] = (byte) v;
            v >>>= 8;
        }
    }

    /** Random bytes that never start like a handshake record. */
    static byte[] garbage(Random random, int maxLength) {
        byte[] d = new byte[random.nextInt(maxLength + 1)];
        random.nextBytes(d);
        if (d.length > 0 && d[0] == HANDSHAKE) {
            d[0] = 21;
        }
        return d;
    }

    /** One byte-level mutation of {@code d}: bit flip, byte, cut, extension or a length field poked. */
    static byte[] mutate(byte[] d, Random random) {
        byte[] m = d.clone();
        switch (random.nextInt(5)) {
            case 0 -> m[random.nextInt(m.length)] ^= (byte) (1 << random.nextInt(8));
            case 1 -> m[random.nextInt(m.length)] = (byte) random.nextInt(256);
            case 2 -> m = Arrays.copyOf(m, random.nextInt(m.length));
            case 3 -> {
                byte[] tail = new byte[1 + random.nextInt(200)];
                random.nextBytes(tail);
                byte[] longer = Arrays.copyOf(m, m.length + tail.length);
                System.arraycopy(tail, 0, longer, m.length, tail.length);
                m = longer;
            }
            default -> {
                int[] lengthFields = {11, 12, 15, 16, 23, 24};
                int at = lengthFields[random.nextInt(lengthFields.length)];
                if (at < m.length) {
                    m[at] = (byte) random.nextInt(256);
                }
            }
        }
        return m;
    }

    /** True for one epoch-0 handshake record that holds a HelloVerifyRequest and nothing else. */
    static boolean isOnlyHelloVerifyRequest(byte[] d) {
        if (d.length < 13 + 12 || d[0] != HANDSHAKE || d[3] != 0 || d[4] != 0) {
            return false;
        }
        int recordLength = (d[11] & 0xFF) << 8 | (d[12] & 0xFF);
        return 13 + recordLength == d.length && d[13] == HELLO_VERIFY_REQUEST;
    }
}
