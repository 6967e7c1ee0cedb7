package org.dtls4j.jmh.flood;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.dtls4j.jmh.KeyExchange;
import org.dtls4j.jmh.Peers;
import org.dtls4j.jmh.Providers;
import org.dtls4j.transport.DtlsConnection;
import org.dtls4j.transport.DtlsServer;
import org.dtls4j.transport.ServerCounters;

/**
 * The dtls4j side of the cookie flood, run in a JVM of its own by {@link CookieFlood}: one
 * {@link DtlsServer} on 127.0.0.1 with {@code ServerOptions.defaults()} (cookie exchange on) and
 * the benchmarks' ECDSA P-256 identity, as an application would start it.
 *
 * <pre>
 *   usage: Dtls4jCookieServer LIFETIME_SECONDS
 * </pre>
 *
 * It prints {@code LISTENING <port>}, then serves until its standard input reaches end of file or the lifetime is over,
 * prints its counters ({@code HELLO_VERIFY_REQUESTS}, {@code COOKIES_ACCEPTED},
 * {@code DATAGRAMS_IN}, {@code SEND_FAILURES}) and exits.
 */
public final class Dtls4jCookieServer {
    /** The server's I/O thread is named {@code dtls4j-server-<port>}; Linux shows the first 15 characters. */
    static final String IO_THREAD_PREFIX = "dtls4j-server-";

    private Dtls4jCookieServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: Dtls4jCookieServer LIFETIME_SECONDS");
            System.exit(2);
        }
        long lifetime = Long.parseLong(args[0]);
        CountDownLatch inputClosed = new CountDownLatch(1);
        Thread watcher = new Thread(() -> {
            drain(System.in);
            inputClosed.countDown();
        }, "stdin-watcher");
        watcher.setDaemon(true);
        watcher.start();

        try (DtlsServer server = DtlsServer.bind(new InetSocketAddress("127.0.0.1", 0),
                Peers.dtls4jServer(KeyExchange.ECDHE_ECDSA_P256, Providers.JDK).build())) {
            server.onConnection(DtlsConnection::close);
            System.out.println("LISTENING " + server.localAddress().getPort());
            System.out.flush();
            inputClosed.await(lifetime, TimeUnit.SECONDS);
            ServerCounters c = server.counters();
            List<String> out = new ArrayList<>();
            out.add("HELLO_VERIFY_REQUESTS " + c.cookieVerifies());
            out.add("COOKIES_ACCEPTED " + c.cookieAccepts());
            out.add("DATAGRAMS_IN " + c.datagramsIn());
            out.add("SEND_FAILURES " + c.sendFailures());
            out.forEach(System.out::println);
            System.out.flush();
        }
    }

    /** Reads {@code in} until end of file (or an error, which means the same here). */
    private static void drain(InputStream in) {
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // nothing is sent on the input; only its end matters
            }
        } catch (IOException e) {
            // the parent is gone
        }
    }
}
