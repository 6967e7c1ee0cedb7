package org.dtls4j.handshake.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.dtls4j.handshake.engine.EngineState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two handshakes at once, on two threads, into one log: every trace line names the peer of the
 * engine that wrote it, so the two can be told apart.
 */
@Timeout(60)
class TracePeerTest {

    @Test
    void everyTraceLineOfTwoConcurrentHandshakesNamesItsPeer() throws Exception {
        List<LogRecord> lines;
        List<Peers> pairs = List.of(
                Peers.of(Peers.clientConfig().build(), Peers.serverConfig().build(), 42001, 6001),
                Peers.of(Peers.clientConfig().build(), Peers.serverConfig().build(), 42002, 6002));
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (LogCapture log = new LogCapture()) {
            List<Future<?>> running = new ArrayList<>();
            for (Peers p : pairs) {
                running.add(threads.submit(p::handshake));
            }
            for (Future<?> f : running) {
                f.get(30, TimeUnit.SECONDS);
            }
            lines = log.records();
        } finally {
            threads.shutdownNow();
        }
        for (Peers p : pairs) {
            assertEquals(EngineState.CONNECTED, p.client().state());
            assertEquals(EngineState.CONNECTED, p.server().state());
        }

        List<String> trace = lines.stream().filter(r -> r.getLevel() == Level.FINE).map(LogRecord::getMessage).toList();
        for (String side : List.of("[127.0.0.1:6001] [client] ", "[127.0.0.1:42001] [server] ",
                "[127.0.0.1:6002] [client] ", "[127.0.0.1:42002] [server] ")) {
            assertTrue(trace.contains(side + "sending CLIENT_HELLO (message_seq 0, epoch 0)")
                    || trace.contains(side + "received CLIENT_HELLO (message_seq 0, epoch 0)"), () -> side + " in " + trace);
            assertTrue(trace.stream().anyMatch(l -> l.startsWith(side + "handshake complete")), () -> side + " in " + trace);
        }
        assertTrue(trace.stream().allMatch(l -> l.matches("\\[127\\.0\\.0\\.1:(6001|6002|42001|42002)] \\[(client|server)] .+")),
                () -> String.join("\n", trace));
        // a line's peer is the one of the engine on the line's thread: the two handshakes' lines never mix up
        for (LogRecord r : lines) {
            String m = r.getMessage();
            boolean first = m.startsWith("[127.0.0.1:6001]") || m.startsWith("[127.0.0.1:42001]");
            long sameThreadOtherPair = lines.stream().filter(o -> o.getLongThreadID() == r.getLongThreadID())
                    .filter(o -> first != (o.getMessage().startsWith("[127.0.0.1:6001]")
                            || o.getMessage().startsWith("[127.0.0.1:42001]"))).count();
            assertEquals(0, sameThreadOtherPair, m);
        }
    }
}
