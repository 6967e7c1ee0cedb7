package org.dtls4j.jmh;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.DatagramTransport;

/**
 * One end of an in-memory datagram link for Bouncy Castle's DTLS protocol classes, which read
 * with a blocking {@code receive(buf, off, len, waitMillis)}. A send copies the datagram into the
 * peer's queue; a receive takes from this end's queue, waiting at most {@code waitMillis}, and
 * returns -1 when nothing came (as BC's own test transports do).
 */
public final class MemoryTransport implements DatagramTransport {
    private final LinkedBlockingQueue<byte[]> inbox = new LinkedBlockingQueue<>();
    private final int limit;
    private MemoryTransport peer;

    private MemoryTransport(int limit) {
        this.limit = limit;
    }

    /** Two joined ends whose datagrams may be {@code limit} bytes long. */
    public static MemoryTransport[] pair(int limit) {
        MemoryTransport a = new MemoryTransport(limit);
        MemoryTransport b = new MemoryTransport(limit);
        a.peer = b;
        b.peer = a;
        return new MemoryTransport[] {a, b};
    }

    @Override
    public int getReceiveLimit() {
        return limit;
    }

    @Override
    public int getSendLimit() {
        return limit;
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws java.io.IOException {
        byte[] d;
        try {
            d = waitMillis <= 0 ? inbox.poll() : inbox.poll(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for a datagram");
        }
        if (d == null) {
            return -1;
        }
        int n = Math.min(len, d.length);
        System.arraycopy(d, 0, buf, off, n);
        return n;
    }

    @Override
    public void send(byte[] buf, int off, int len) {
        byte[] d = new byte[len];
        System.arraycopy(buf, off, d, 0, len);
        peer.inbox.add(d);
    }

    @Override
    public void close() {
        // nothing to release
    }
}
