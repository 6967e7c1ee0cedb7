package org.dtls4j.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two clients shake hands with one server at the same time: every line of the engines' trace
 * names the peer it is about, on both sides, from the client's first ClientHello on (the
 * transport names the peer to its engine before the handshake starts).
 */
@Timeout(60)
class PeerNamedInLogTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Held strongly: java.util.logging keeps only weak references to its loggers. */
    private static final Logger DTLS4J = Logger.getLogger("org.dtls4j");

    @Test
    void theTraceOfTwoConcurrentHandshakesNamesEachPeer() throws Exception {
        List<String> lines = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLoggerName().equals("org.dtls4j.handshake.engine.DtlsEngine")) {
                    synchronized (lines) {
                        lines.add(r.getMessage());
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(Level.ALL);
        Level levelBefore = DTLS4J.getLevel();
        boolean parentsBefore = DTLS4J.getUseParentHandlers();
        DTLS4J.setLevel(Level.FINE);
        DTLS4J.setUseParentHandlers(false);
        DTLS4J.addHandler(capture);
        List<InetSocketAddress> clients = new ArrayList<>();
        InetSocketAddress serverAt;
        try (DtlsServer server = DtlsServer.bind(new InetSocketAddress("127.0.0.1", 0), Configs.pskServer());
             ClientLoop loop = ClientLoop.open(2)) {
            serverAt = server.localAddress();
            CompletableFuture<DtlsConnection> a = DtlsClient.connectAsync(serverAt, Configs.pskClient(), loop);
            CompletableFuture<DtlsConnection> b = DtlsClient.connectAsync(serverAt, Configs.pskClient(), loop);
            try (DtlsConnection first = a.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                 DtlsConnection second = b.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                clients.add(first.localAddress());
                clients.add(second.localAddress());
                assertNotNull(server.accept(WAIT));
                assertNotNull(server.accept(WAIT));
            }
        } finally {
            DTLS4J.removeHandler(capture);
            DTLS4J.setUseParentHandlers(parentsBefore);
            DTLS4J.setLevel(levelBefore);
        }

        List<String> trace;
        synchronized (lines) {
            trace = List.copyOf(lines);
        }
        String server = "[" + name(serverAt) + "] [client] ";
        assertEquals(2, trace.stream().filter(l -> l.equals(server + "sending CLIENT_HELLO (message_seq 0, epoch 0)")).count(),
                () -> String.join("\n", trace));
        for (InetSocketAddress c : clients) {
            String client = "[" + name(c) + "] [server] ";
            assertTrue(trace.stream().anyMatch(l -> l.startsWith(client + "handshake complete")), () -> client + " in " + trace);
        }
        assertTrue(trace.stream().allMatch(l -> l.startsWith(server)
                        || clients.stream().anyMatch(c -> l.startsWith("[" + name(c) + "] [server] "))),
                () -> String.join("\n", trace));
    }

    private static String name(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }
}
