package org.dtls4j.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.netty.DtlsServerCounters.Stat;
import org.dtls4j.transport.DtlsClient;
import org.dtls4j.transport.DtlsConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Netty server under the flood the socket server is tested with: cookie-less ClientHellos and
 * garbage from many source ports. Nothing may be kept for any of them (RFC 6347 §4.2.1), every
 * datagram is counted, no answer is larger than what provoked it, the heap stays where it was,
 * and a real client still gets through.
 */
@Timeout(120)
class FloodTest {
    private static final int SOURCES = 40;
    private static final int ROUNDS = 25; // per source and round: one hello and one piece of garbage

    @Test
    void cookieLessHellosAndGarbageLeaveNoStateAndAreAllCounted() throws Exception {
        try (ServerFixture server = new ServerFixture(Configs.pskServer())) {
            Flood flood = new Flood(server.address());
            try {
                flood.send(ROUNDS); // warm-up: classes, pools, the JIT
                long heapBefore = usedHeapAfterGc();
                int sent = flood.send(ROUNDS * 4);
                long heapAfter = usedHeapAfterGc();
                DtlsServerCounters c = server.counters();
                Await.until(() -> c.get(Stat.DATAGRAMS_IN) >= flood.total * 9 / 10, Await.WAIT, c::toString);

                assertEquals(0, c.get(Stat.HANDSHAKES_STARTED), c::toString);
                assertEquals(0, c.peers(), c::toString);
                assertEquals(0, server.handler.peerCount());
                assertEquals(c.get(Stat.DATAGRAMS_IN),
                        c.get(Stat.HELLO_VERIFY_REQUESTS) + c.get(Stat.GARBAGE) + c.get(Stat.OVERSIZED), c::toString);
                assertTrue(c.get(Stat.HELLO_VERIFY_REQUESTS) > 0 && c.get(Stat.GARBAGE) > 0, c::toString);
                assertTrue(c.get(Stat.STRANGER_BYTES_OUT) <= c.get(Stat.STRANGER_BYTES_IN), c::toString);
                long answered = flood.drainAnswers();
                assertTrue(answered <= flood.helloBytes, answered + " bytes answered to " + flood.helloBytes + " of hellos");
                assertTrue(heapAfter - heapBefore < 8L << 20, "heap grew by " + (heapAfter - heapBefore) + " bytes over "
                        + sent + " datagrams");

                try (DtlsConnection real = DtlsClient.connect(server.address(), Configs.pskClient(), Await.WAIT)) {
                    real.send("still here".getBytes(StandardCharsets.UTF_8));
                    assertArrayEquals("still here".getBytes(StandardCharsets.UTF_8), real.receive(Await.WAIT));
                }
                assertEquals(1, c.get(Stat.HANDSHAKES_STARTED), c::toString);
            } finally {
                flood.close();
            }
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Sockets that send hellos (each a real client's first flight) and garbage, and count it all. */
    private static final class Flood implements AutoCloseable {
        private final InetSocketAddress target;
        private final List<DatagramSocket> sockets = new ArrayList<>();
        private final Random random = new Random(19);
        long total;
        long helloBytes;

        Flood(InetSocketAddress target) throws Exception {
            this.target = target;
            for (int i = 0; i < SOURCES; i++) {
                DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
                s.setSoTimeout(1);
                s.setReceiveBufferSize(1 << 20);
                sockets.add(s);
            }
        }

        int send(int rounds) throws Exception {
            int sent = 0;
            for (int r = 0; r < rounds; r++) {
                for (DatagramSocket s : sockets) {
                    byte[] hello = clientHello();
                    s.send(new DatagramPacket(hello, hello.length, target));
                    helloBytes += hello.length;
                    byte[] garbage = garbage();
                    s.send(new DatagramPacket(garbage, garbage.length, target));
                    sent += 2;
                }
                drainAnswers(); // keep the sockets' buffers from filling
            }
            total += sent;
            return sent;
        }

        private long answerBytes;

        /** All bytes answered so far. */
        long drainAnswers() throws Exception {
            byte[] buf = new byte[2048];
            for (DatagramSocket s : sockets) {
                for (int i = 0; i < 64; i++) {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    try {
                        s.receive(p);
                    } catch (SocketTimeoutException e) {
                        break;
                    }
                    answerBytes += p.getLength();
                }
            }
            return answerBytes;
        }

        /** A fresh client's ClientHello, without a cookie. */
        private static byte[] clientHello() {
            DtlsEngine client = DtlsEngine.client(Configs.pskClient(), new SecureRandom());
            client.start(System.nanoTime());
            ByteBuffer d = client.pollDatagram();
            byte[] out = new byte[d.remaining()];
            d.get(out);
            return out;
        }

        /** Random bytes; now and then shaped like a handshake record header, to get past the first check. */
        private byte[] garbage() {
            byte[] g = new byte[1 + random.nextInt(300)];
            random.nextBytes(g);
            if (random.nextBoolean() && g.length > 13) {
                g[0] = 22;
                g[1] = (byte) 0xFE;
                g[2] = (byte) 0xFD;
            }
            return g;
        }

        @Override
        public void close() {
            sockets.forEach(DatagramSocket::close);
        }
    }
}
