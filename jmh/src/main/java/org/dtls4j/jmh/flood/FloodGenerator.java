package org.dtls4j.jmh.flood;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends cookie-less ClientHellos to one server from many source ports and counts the
 * HelloVerifyRequests that come back (RFC 6347 §4.2.1). One thread does both: it sends a burst
 * of {@value #BURST} hellos, one per socket in turn, then reads whatever answers have arrived on
 * any socket, and so on until the time is up. Each socket is a {@link DatagramChannel} bound to
 * 127.0.0.1 and connected to the server, so it sees only the server's datagrams; each answer is
 * checked by {@link HelloVerifyRequests}, and anything else is counted as not an answer.
 *
 * <p>Without an offered rate it sends as fast as it can: the kernel drops what the server's
 * socket buffer cannot hold, and the answers per second are what the server manages. With one,
 * it sends no faster than that rate (measured from the start of the run), and waits for answers
 * in between.
 */
final class FloodGenerator implements AutoCloseable {
    /** Hellos sent between two looks at the answers. */
    static final int BURST = 32;
    /** How long answers are still collected after the last hello, so that those in flight count. */
    private static final long GRACE_NANOS = 250_000_000L;
    /** Room for any answer: a HelloVerifyRequest with the longest cookie is 28 + 255 bytes. */
    private static final int RECEIVE_BUFFER = 2048;
    /** Kernel receive buffer per socket, so that answers are not lost while the thread sends. */
    private static final int SOCKET_RECEIVE_BUFFER = 1 << 20;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final List<DatagramChannel> channels = new ArrayList<>();
    private final long[] sequenceNumbers;
    private final Selector selector;
    private final ByteBuffer hello;
    private final ByteBuffer answer = ByteBuffer.allocateDirect(RECEIVE_BUFFER);
    private long helloNumber;

    /**
     * What one run saw.
     *
     * @param sent hellos handed to the kernel
     * @param answered well-formed HelloVerifyRequests received
     * @param notAnswers datagrams received that were not one
     * @param nanos the sending time, the divisor of every rate
     * @param generatorCpuNanos CPU time of the generator's thread
     */
    record Result(long sent, long answered, long notAnswers, long nanos, long generatorCpuNanos) {
        double offeredPerSecond() {
            return sent * 1e9 / nanos;
        }

        double answeredPerSecond() {
            return answered * 1e9 / nanos;
        }
    }

    /** Opens {@code sockets} channels on 127.0.0.1, each connected to {@code server}. */
    FloodGenerator(InetSocketAddress server, int sockets) throws IOException {
        if (!server.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("the flood only goes to loopback addresses, not " + server);
        }
        selector = Selector.open();
        try {
            for (int i = 0; i < sockets; i++) {
                DatagramChannel c = DatagramChannel.open(StandardProtocolFamily.INET);
                channels.add(c);
                c.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_RECEIVE_BUFFER);
                c.bind(new InetSocketAddress("127.0.0.1", 0));
                c.connect(server);
                c.configureBlocking(false);
                c.register(selector, SelectionKey.OP_READ);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        sequenceNumbers = new long[sockets];
        byte[] template = ClientHelloTemplate.withoutCookie();
        hello = ByteBuffer.allocateDirect(template.length).put(template).flip();
    }

    /**
     * Floods for {@code duration}, at {@code offeredPerSecond} hellos per second or, if that is 0,
     * as fast as this thread can send; then collects answers for a further 250 ms.
     */
    Result run(Duration duration, long offeredPerSecond) throws IOException {
        long cpuBefore = THREADS.getCurrentThreadCpuTime();
        long sent = 0;
        long[] received = new long[2]; // answers, other datagrams
        int next = 0;
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long now;
        while ((now = System.nanoTime()) < end) {
            int burst = BURST;
            if (offeredPerSecond > 0) {
                long due = offeredPerSecond * (now - start) / 1_000_000_000L - sent;
                if (due <= 0) {
                    collect(received, 1);
                    continue;
                }
                burst = (int) Math.min(due, BURST);
            }
            for (int i = 0; i < burst; i++) {
                send(next);
                sent++;
                next = next + 1 == channels.size() ? 0 : next + 1;
            }
            collect(received, 0);
        }
        long sending = System.nanoTime() - start;
        long graceEnd = System.nanoTime() + GRACE_NANOS;
        while (System.nanoTime() < graceEnd) {
            collect(received, 10);
        }
        return new Result(sent, received[0], received[1], sending, THREADS.getCurrentThreadCpuTime() - cpuBefore);
    }

    /**
     * One cookie round trip from a socket of its own (RFC 6347 §4.2.1): a hello without a cookie,
     * the HelloVerifyRequest, the same hello with its cookie. Returns the handshake type of the
     * first record the server sends after that (2, server_hello, from a server that goes on with
     * the handshake), or -1 if nothing comes within {@code wait}.
     *
     * @throws IOException if no HelloVerifyRequest came within {@code wait}
     */
    static int cookieRoundTrip(InetSocketAddress server, Duration wait) throws IOException {
        try (DatagramChannel c = DatagramChannel.open(StandardProtocolFamily.INET);
             Selector s = Selector.open()) {
            c.bind(new InetSocketAddress("127.0.0.1", 0));
            c.connect(server);
            c.configureBlocking(false);
            c.register(s, SelectionKey.OP_READ);
            byte[] first = ClientHelloTemplate.withoutCookie();
            c.write(ByteBuffer.wrap(first));
            ByteBuffer in = ByteBuffer.allocate(RECEIVE_BUFFER);
            int n = receive(c, s, in, wait);
            if (n < 0 || HelloVerifyRequests.cookieLength(in, n) < 0) {
                throw new IOException("no HelloVerifyRequest from " + server + " within " + wait);
            }
            c.write(ByteBuffer.wrap(ClientHelloTemplate.withCookie(first, HelloVerifyRequests.cookie(in, n))));
            in.clear();
            n = receive(c, s, in, wait);
            int firstMessage = ClientHelloTemplate.RECORD_HEADER_LENGTH;
            return n > firstMessage && in.get(0) == 22 ? in.get(firstMessage) & 0xFF : -1;
        }
    }

    /** Reads one datagram into {@code in} (flipped), waiting at most {@code wait}; -1 if none came. */
    private static int receive(DatagramChannel c, Selector s, ByteBuffer in, Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            if (c.read(in) > 0) {
                in.flip();
                return in.remaining();
            }
            s.select(10);
            s.selectedKeys().clear();
        }
        return -1;
    }

    private void send(int i) throws IOException {
        ClientHelloTemplate.stamp(hello, sequenceNumbers[i]++, helloNumber++);
        hello.rewind();
        try {
            channels.get(i).write(hello);
        } catch (PortUnreachableException e) {
            // an ICMP error from an earlier datagram: the server is not there (yet); no answer will come
        }
    }

    /** Reads every datagram that has arrived, waiting up to {@code waitMillis} for the first. */
    private void collect(long[] received, long waitMillis) throws IOException {
        int ready = waitMillis == 0 ? selector.selectNow() : selector.select(waitMillis);
        if (ready == 0) {
            return;
        }
        for (SelectionKey key : selector.selectedKeys()) {
            DatagramChannel c = (DatagramChannel) key.channel();
            while (true) {
                answer.clear();
                int n;
                try {
                    n = c.read(answer);
                } catch (PortUnreachableException e) {
                    continue;
                }
                if (n <= 0) {
                    break;
                }
                if (HelloVerifyRequests.cookieLength(answer, n) > 0) {
                    received[0]++;
                } else {
                    received[1]++;
                }
            }
        }
        selector.selectedKeys().clear();
    }

    @Override
    public void close() throws IOException {
        for (DatagramChannel c : channels) {
            c.close();
        }
        selector.close();
    }
}
