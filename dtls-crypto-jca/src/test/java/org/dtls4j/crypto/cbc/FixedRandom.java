package org.dtls4j.crypto.cbc;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;

/** A "random" source that hands out queued blocks, so a test knows each record's IV in advance. */
final class FixedRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final Deque<byte[]> queued = new ArrayDeque<>();

    FixedRandom then(byte[] bytes) {
        queued.add(bytes.clone());
        return this;
    }

    @Override
    public void nextBytes(byte[] bytes) {
        byte[] next = queued.poll();
        if (next == null || next.length != bytes.length) {
            throw new IllegalStateException("no queued block of " + bytes.length + " bytes");
        }
        System.arraycopy(next, 0, bytes, 0, bytes.length);
    }
}
