package org.dtls4j.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.dtls4j.transport.ConnectionClosedException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link DtlsConnection#onReceive}: datagrams pushed to a handler on the server's connection workers. */
@Timeout(60)
class PushReceiveTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Twenty peers, no thread per connection on the server: the handler echoes on the worker. */
    @Test
    void anEchoServerWithoutAThreadPerConnection() throws Exception {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        try (DtlsServer server = DtlsServer.bind(LOOPBACK, Configs.pskServer(), ServerOptions.defaults().withWorkers(2))) {
            server.onConnection(c -> c.onReceive((connection, data) -> {
                threads.add(Thread.currentThread().getName());
                connection.send(data);
            }));
            List<DtlsConnection> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 20; i++) {
                    clients.add(DtlsClient.connect(server.localAddress(), Configs.pskClient(), WAIT));
                }
                for (int round = 0; round < 5; round++) {
                    for (int i = 0; i < clients.size(); i++) {
                        byte[] msg = {(byte) i, (byte) round};
                        clients.get(i).send(msg);
                        assertArrayEquals(msg, clients.get(i).receive(WAIT));
                    }
                }
            } finally {
                clients.forEach(DtlsConnection::close);
            }
        }
        String prefix = "dtls4j-server-";
        assertTrue(threads.stream().allMatch(t -> t.startsWith(prefix) && t.contains("-connection-")), threads::toString);
        assertTrue(threads.size() <= 2, threads::toString);
    }

    /** Datagrams that came before the handler was set go to it first, in order; then the end. */
    @Test
    void queuedDatagramsGoFirstAndTheEndIsTold() throws Exception {
        try (DtlsServer server = DtlsServer.bind(LOOPBACK, Configs.pskServer());
             DtlsConnection client = DtlsClient.connect(server.localAddress(), Configs.pskClient(), WAIT)) {
            DtlsConnection accepted = server.accept(WAIT);
            assertNotNull(accepted);
            for (int i = 0; i < 3; i++) {
                client.send(new byte[] {(byte) i});
            }
            Await.until(() -> accepted.counters().applicationReceived() == 3, WAIT, accepted::toString);
            List<Integer> got = new CopyOnWriteArrayList<>();
            AtomicReference<ConnectionClosedException> end = new AtomicReference<>();
            accepted.onReceive(new DatagramHandler() {
                @Override
                public void onDatagram(DtlsConnection c, ByteBuffer data) {
                    got.add((int) data.get());
                }

                @Override
                public void onEnd(DtlsConnection c, ConnectionClosedException why) {
                    end.set(why);
                }
            });
            assertEquals(List.of(0, 1, 2), got);
            client.send(new byte[] {3});
            Await.until(() -> got.size() == 4, WAIT, got::toString);
            assertEquals(List.of(0, 1, 2, 3), got);
            assertThrows(IllegalStateException.class, () -> accepted.receive(Duration.ZERO));

            client.close();
            Await.until(() -> end.get() != null, WAIT, () -> "no end told");
            assertEquals(Reason.CLOSED_BY_PEER, end.get().reason());
        }
    }
}
