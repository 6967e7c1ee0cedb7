package org.dtls4j.jmh.flood;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dtls4j.crypto.JcaProviders;
import org.dtls4j.handshake.cookie.CookieExchange;

/**
 * The floor under the dtls4j server in the cookie flood, run in a JVM of its own by
 * {@link CookieFlood}: the JDK's {@link DatagramChannel} doing only what the server's receive
 * thread does around the cookie exchange. One thread, a {@link Selector}, up to 256 non-blocking
 * receives into a heap buffer per wake-up (as the transport's I/O loop reads), and for each
 * datagram an answer sent from a heap buffer to its source address:
 * <ul>
 *   <li>{@code bare}: a fixed HelloVerifyRequest (60 bytes, a cookie of zeros) to every datagram
 *       that opens with a handshake record. No DTLS at all: what any Java server pays per answer.
 *   <li>{@code cookies}: what {@code CookieExchange.check} answers, as the dtls4j server sends
 *       it. The cookie exchange without the transport around it: the difference between this and
 *       the dtls4j server is what the transport adds per answer, the difference between this and
 *       {@code bare} what the cookie exchange costs.
 * </ul>
 *
 * <pre>
 *   usage: DatagramFloorServer LIFETIME_SECONDS bare|cookies
 * </pre>
 *
 * It prints {@code LISTENING <port>}, serves until its standard input reaches end of file or the
 * lifetime is over, prints {@code HELLO_VERIFY_REQUESTS n} (replies sent) and exits.
 */
public final class DatagramFloorServer {
    /** The reader thread's name; Linux shows the first 15 characters. */
    static final String THREAD_NAME = "floor-receive";
    private static final int READS_PER_WAKEUP = 256;
    private static final int REPLY_LENGTH = 60;

    private DatagramFloorServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !List.of("bare", "cookies").contains(args[1])) {
            System.err.println("usage: DatagramFloorServer LIFETIME_SECONDS bare|cookies");
            System.exit(2);
        }
        Answer answer = args[1].equals("bare") ? bare() : cookies();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[0]));
        DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
        channel.bind(new InetSocketAddress("127.0.0.1", 0));
        channel.configureBlocking(false);
        Selector selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
        long[] replies = new long[1];
        Thread reader = new Thread(() -> serve(channel, selector, answer, replies), THREAD_NAME);
        reader.setDaemon(true);
        reader.start();
        System.out.println("LISTENING " + ((InetSocketAddress) channel.getLocalAddress()).getPort());
        System.out.flush();
        Thread watcher = new Thread(() -> drain(System.in), "stdin-watcher");
        watcher.setDaemon(true);
        watcher.start();
        watcher.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        channel.close();
        selector.wakeup();
        reader.join(5_000);
        System.out.println("HELLO_VERIFY_REQUESTS " + replies[0]);
        System.out.flush();
    }

    /** The answer to one datagram, or null for none; {@code data} is reused after the call. */
    private interface Answer {
        ByteBuffer to(byte[] data, int length, InetSocketAddress from);
    }

    private static Answer bare() {
        byte[] reply = helloVerifyRequest();
        return (data, length, from) -> length > 0 && data[0] == 22 ? ByteBuffer.wrap(reply) : null;
    }

    private static Answer cookies() {
        CookieExchange exchange = new CookieExchange(new SecureRandom(), Duration.ofSeconds(30), JcaProviders.defaults());
        return (data, length, from) -> exchange.check(data, 0, length, from, System.nanoTime())
                instanceof CookieExchange.Verify v ? ByteBuffer.wrap(v.datagram()) : null;
    }

    private static void serve(DatagramChannel channel, Selector selector, Answer answer, long[] replies) {
        ByteBuffer in = ByteBuffer.allocate(1 << 15);
        try {
            while (channel.isOpen()) {
                selector.select();
                selector.selectedKeys().clear();
                for (int i = 0; i < READS_PER_WAKEUP; i++) {
                    in.clear();
                    SocketAddress from = channel.receive(in);
                    if (from == null) {
                        break;
                    }
                    ByteBuffer out = answer.to(in.array(), in.position(), (InetSocketAddress) from);
                    if (out != null) {
                        channel.send(out, from);
                        replies[0]++;
                    }
                }
            }
        } catch (IOException e) {
            // closed at the end of the run
        }
    }

    /**
     * A well-formed HelloVerifyRequest with a cookie of 32 zero bytes, so that the flood counts the
     * floor's replies as it counts the servers' (RFC 6347 §4.1, §4.2.2, §4.2.1 for the layout).
     */
    private static byte[] helloVerifyRequest() {
        int body = 2 + 1 + 32;
        ByteBuffer b = ByteBuffer.allocate(REPLY_LENGTH);
        b.put((byte) 22).putShort((short) 0xFEFF).putShort((short) 0).putShort((short) 0).putInt(0);
        b.putShort((short) (12 + body));
        b.put((byte) 3).put((byte) 0).putShort((short) body).putShort((short) 0);
        b.put((byte) 0).putShort((short) 0).put((byte) 0).putShort((short) body);
        b.putShort((short) 0xFEFF).put((byte) 32);
        return b.array();
    }

    private static void drain(InputStream in) {
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // only the end of the input matters
            }
        } catch (IOException e) {
            // the parent is gone
        }
    }
}
