package org.dtls4j.interop.soak;

import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.Random;
import java.util.zip.CRC32C;

/**
 * One direction of a session's application data: numbered datagrams with a checksum, and the
 * receiver's check that each arrives intact and at most once. UDP may lose and reorder them, so
 * neither is an error; DTLS must never hand over a datagram altered (its AEAD, RFC 5246 §6.2.3.3)
 * or twice (the replay window, RFC 6347 §4.1.2.6).
 *
 * <pre>
 *   session id (8) | sequence number (8) | payload length (2) | payload | CRC-32C of all before (4)
 * </pre>
 */
final class Stream {
    static final int HEADER = 18;
    static final int MAX_PAYLOAD = 200;

    /** What the receiver made of one datagram. */
    enum Verdict { FIRST, REORDERED, DUPLICATE, CORRUPT, WRONG_SESSION }

    private final long session;
    private final BitSet seen = new BitSet();
    private long highest = -1;

    Stream(long session) {
        this.session = session;
    }

    /** A datagram of {@code session} numbered {@code seq}, with up to {@value #MAX_PAYLOAD} random bytes. */
    static byte[] datagram(long session, long seq, Random random) {
        int len = random.nextInt(MAX_PAYLOAD + 1);
        ByteBuffer b = ByteBuffer.allocate(HEADER + len + 4);
        b.putLong(session).putLong(seq).putShort((short) len);
        byte[] payload = new byte[len];
        random.nextBytes(payload);
        b.put(payload);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, HEADER + len);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /** The session a datagram claims, or -1 when it is too short or fails its checksum. */
    static long sessionOf(byte[] d) {
        return intact(d) ? ByteBuffer.wrap(d).getLong() : -1;
    }

    /** Checks one received datagram of this stream. */
    synchronized Verdict accept(byte[] d) {
        if (!intact(d)) {
            return Verdict.CORRUPT;
        }
        ByteBuffer b = ByteBuffer.wrap(d);
        if (b.getLong() != session) {
            return Verdict.WRONG_SESSION;
        }
        long seq = b.getLong();
        if (seq < 0 || seq > Integer.MAX_VALUE) {
            return Verdict.CORRUPT;
        }
        if (seen.get((int) seq)) {
            return Verdict.DUPLICATE;
        }
        seen.set((int) seq);
        if (seq < highest) {
            return Verdict.REORDERED;
        }
        highest = seq;
        return Verdict.FIRST;
    }

    private static boolean intact(byte[] d) {
        if (d.length < HEADER + 4) {
            return false;
        }
        int len = ByteBuffer.wrap(d).getShort(16) & 0xFFFF;
        if (d.length != HEADER + len + 4) {
            return false;
        }
        CRC32C crc = new CRC32C();
        crc.update(d, 0, HEADER + len);
        return ByteBuffer.wrap(d).getInt(HEADER + len) == (int) crc.getValue();
    }
}
