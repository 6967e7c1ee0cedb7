package org.dtls4j.transport.flood;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A raw UDP endpoint on 127.0.0.1 for attack tests: sends bytes as they are, counts what it sent
 * and received, and waits for answers with a bound, never a sleep.
 */
final class Udp implements AutoCloseable {
    private static final long POLL_NANOS = 200_000L;

    private final DatagramChannel channel;
    private final Selector selector;
    private final ByteBuffer buffer = ByteBuffer.allocate(65_535);
    private long datagramsSent;
    private long bytesSent;
    private long datagramsReceived;
    private long bytesReceived;

    Udp() throws IOException {
        channel = DatagramChannel.open();
        channel.bind(new InetSocketAddress("127.0.0.1", 0));
        channel.configureBlocking(false);
        selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
    }

    InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    /** Sends {@code d} to {@code to}; false if the socket buffer was full and nothing went out. */
    boolean send(byte[] d, SocketAddress to) throws IOException {
        int n = channel.send(ByteBuffer.wrap(d), to);
        if (n > 0 || d.length == 0) {
            datagramsSent++;
            bytesSent += d.length;
            return true;
        }
        return false;
    }

    /** The next datagram, or null if none arrives within {@code bound}. */
    byte[] receive(Duration bound) throws IOException {
        long end = System.nanoTime() + bound.toNanos();
        while (true) {
            buffer.clear();
            if (channel.receive(buffer) != null) {
                buffer.flip();
                byte[] d = Arrays.copyOf(buffer.array(), buffer.limit());
                datagramsReceived++;
                bytesReceived += d.length;
                return d;
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            selector.select(Math.max(1, left / 1_000_000));
            selector.selectedKeys().clear();
        }
    }

    /** Reads and counts whatever is waiting, without waiting; returns how many datagrams. */
    int drain() throws IOException {
        return drainAll().size();
    }

    /** Reads and counts whatever is waiting, without waiting. */
    List<byte[]> drainAll() throws IOException {
        List<byte[]> out = new ArrayList<>();
        while (true) {
            buffer.clear();
            if (channel.receive(buffer) == null) {
                return out;
            }
            buffer.flip();
            out.add(Arrays.copyOf(buffer.array(), buffer.limit()));
            datagramsReceived++;
            bytesReceived += buffer.limit();
        }
    }

    long datagramsSent() { return datagramsSent; }
    long bytesSent() { return bytesSent; }
    long datagramsReceived() { return datagramsReceived; }
    long bytesReceived() { return bytesReceived; }

    @Override
    public void close() throws IOException {
        selector.close();
        channel.close();
    }

    /** Polls {@code condition} until it holds; fails with {@code what} after {@code bound}. */
    static void await(BooleanSupplier condition, Duration bound, Supplier<String> what) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + bound.toMillis() + " ms: " + what.get());
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }
}
