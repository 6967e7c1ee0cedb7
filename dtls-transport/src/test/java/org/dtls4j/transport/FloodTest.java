package org.dtls4j.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * RFC 6347 §4.2.1: strangers cost the server one look (and, for a ClientHello, one
 * HMAC and one small answer) and leave nothing behind.
 */
@Timeout(60)
class FloodTest {
    private static final int SOURCES = 40;
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void garbageAndCookielessHellosFromManyPortsLeaveNoPeersBehind() throws Exception {
        Random random = new Random(6347);
        try (DtlsServer server = DtlsServer.bind(new InetSocketAddress("127.0.0.1", 0), Configs.pskServer())) {
            List<DatagramChannel> sources = new ArrayList<>();
            try {
                for (int i = 0; i < SOURCES; i++) {
                    DatagramChannel ch = DatagramChannel.open();
                    ch.bind(new InetSocketAddress("127.0.0.1", 0));
                    sources.add(ch);
                }
                long sent = 0;
                long hellos = 0;
                long garbage = 0;
                for (DatagramChannel source : sources) {
                    List<byte[]> hostile = new ArrayList<>();
                    byte[] hello = RawClient.cookielessHello(Configs.pskClient());
                    hostile.add(hello);                                      // asks for a HelloVerifyRequest
                    hostile.add(RawClient.withCookie(hello, randomBytes(random, 32))); // a guessed cookie: same
                    hellos += 2;
                    hostile.add(randomBytes(random, 5));                     // shorter than a record header
                    hostile.add(notHandshake(random, 23, 0, 80));           // application_data in epoch 0
                    hostile.add(notHandshake(random, 22, 1, 80));           // handshake record in epoch 1
                    hostile.add(notHandshake(random, 22, 0, 60));           // epoch 0 handshake junk
                    hostile.add(truncated(hello));                           // a hello cut short
                    garbage += 5;
                    for (byte[] d : hostile) {
                        source.send(ByteBuffer.wrap(d), server.localAddress());
                    }
                    sent += hostile.size();
                    // paced per source, so the socket buffer never overflows and every count is exact
                    long expected = sent;
                    Await.until(() -> server.counters().datagramsIn() == expected, WAIT,
                            () -> "server read " + server.counters().datagramsIn() + " of " + expected);
                    assertEquals(0, server.peerCount(), "a stranger got state");
                }
                byte[] huge = new byte[PeerTable.MAX_RECEIVED_DATAGRAM + 100];
                sources.get(0).send(ByteBuffer.wrap(huge), server.localAddress());
                long total = sent + 1;
                Await.until(() -> server.counters().datagramsIn() == total, WAIT, () -> server.counters().toString());

                ServerCounters c = server.counters();
                assertEquals(0, server.peerCount(), c::toString);
                assertEquals(0, c.handshakesStarted(), c::toString);
                assertEquals(0, c.cookieAccepts(), c::toString);
                assertEquals(hellos, c.cookieVerifies(), c::toString);
                assertEquals(garbage, c.cookieDrops(), c::toString);
                assertEquals(garbage, c.garbageDropped(), c::toString);
                assertEquals(1, c.oversizedDropped(), c::toString);
                assertEquals(hellos, c.datagramsOut(), c::toString); // one HelloVerifyRequest per hello, nothing else
            } finally {
                for (DatagramChannel ch : sources) {
                    ch.close();
                }
            }

            // and the server still serves a real client
            try (DtlsConnection client = DtlsClient.connect(server.localAddress(), Configs.pskClient(), WAIT)) {
                DtlsConnection accepted = server.accept(WAIT);
                client.send("after the flood".getBytes(StandardCharsets.UTF_8));
                assertArrayEquals("after the flood".getBytes(StandardCharsets.UTF_8), accepted.receive(WAIT));
                assertEquals(1, server.peerCount());
            }
        }
    }

    @Test
    void withoutCookiesOnlyClientHellosCreatePeers() throws Exception {
        Random random = new Random(4347);
        ServerOptions options = ServerOptions.defaults().withCookies(false);
        try (DtlsServer server = DtlsServer.bind(new InetSocketAddress("127.0.0.1", 0), Configs.pskServer(), options);
             DatagramChannel source = DatagramChannel.open()) {
            source.bind(new InetSocketAddress("127.0.0.1", 0));
            for (int i = 0; i < 20; i++) {
                source.send(ByteBuffer.wrap(notHandshake(random, 23, 0, 40 + i)), server.localAddress());
            }
            Await.until(() -> server.counters().datagramsIn() == 20, WAIT, () -> server.counters().toString());
            ServerCounters c = server.counters();
            assertEquals(20, c.garbageDropped(), c::toString);
            assertEquals(0, c.handshakesStarted(), c::toString);
            assertEquals(0, server.peerCount());
        }
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        if (b[0] == 22) {
            b[0] = 21; // never a handshake record by chance
        }
        return b;
    }

    /** A record header of the given type and epoch followed by random bytes. */
    private static byte[] notHandshake(Random random, int contentType, int epoch, int bodyLength) {
        ByteBuffer b = ByteBuffer.allocate(13 + bodyLength);
        b.put((byte) contentType).putShort((short) 0xFEFD).putShort((short) epoch);
        b.putShort((short) 0).putInt(random.nextInt(1000)).putShort((short) bodyLength);
        byte[] body = new byte[bodyLength];
        random.nextBytes(body);
        body[0] = 2; // if read as a handshake header: a ServerHello, never a ClientHello
        b.put(body);
        return b.array();
    }

    private static byte[] truncated(byte[] hello) {
        return java.util.Arrays.copyOf(hello, hello.length - 10);
    }
}
