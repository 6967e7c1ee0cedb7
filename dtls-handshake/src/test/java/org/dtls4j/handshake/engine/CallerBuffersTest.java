package org.dtls4j.handshake.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.engine.EnginePair.Api;
import org.dtls4j.record.ContentType;
import org.dtls4j.record.RecordHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The engine's caller-owned-buffer methods: {@code receive(ByteBuffer, SocketAddress, long)},
 * {@code send(ByteBuffer)}, {@code pollDatagram(ByteBuffer)} and
 * {@code pollApplicationData(ByteBuffer)}, against the methods that hand out a buffer per datagram.
 */
class CallerBuffersTest {
    private static final CipherSuite SUITE = CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256;

    @ParameterizedTest
    @EnumSource(Api.class)
    void applicationDataGoesBothWaysIntact(Api api) {
        EnginePair p = new EnginePair(SUITE, 1, api).connect();
        int max = p.client.maxApplicationDataSize();
        int[] sizes = {0, 1, 17, 512, 1200, max};
        Random random = new Random(2);
        for (int i = 0; i < 60; i++) {
            DtlsEngine from = i % 2 == 0 ? p.client : p.server;
            DtlsEngine to = from == p.client ? p.server : p.client;
            byte[] data = new byte[sizes[i % sizes.length]];
            random.nextBytes(data);
            p.send(from, data);
            assertEquals(1, p.move(from, to), "one record, one datagram");
            assertArrayEquals(data, p.application(to), "datagram " + i);
            assertNull(p.application(to), "nothing more");
        }
        assertEquals(30, p.server.counters().applicationReceived());
        assertEquals(30, p.client.counters().applicationReceived());
        assertEquals(0, p.server.counters().discardedRecords() + p.client.counters().discardedRecords());
    }

    /**
     * With Connection IDs the record layer opens a record's whole inner plaintext (RFC 9146 §4), one
     * byte and more longer than its content: the arrays are longer than the datagrams they hold.
     */
    @ParameterizedTest
    @EnumSource(Api.class)
    void applicationDataGoesBothWaysWithConnectionIds(Api api) {
        EnginePair p = new EnginePair(SUITE, 10, api, 6).connect();
        assertTrue(p.client.negotiated().connectionIds().isPresent());
        Random random = new Random(10);
        for (int i = 0; i < 20; i++) {
            DtlsEngine from = i % 2 == 0 ? p.client : p.server;
            DtlsEngine to = from == p.client ? p.server : p.client;
            byte[] data = new byte[i * 60];
            random.nextBytes(data);
            p.send(from, data);
            p.move(from, to);
            if (api == Api.ARRAYS) {
                ByteBuffer b = to.pollApplicationData();
                assertExactArray(b);
                assertArrayEquals(data, bytes(b));
            } else {
                assertArrayEquals(data, p.application(to), "datagram " + i);
            }
        }
        assertEquals(0, p.server.counters().discardedRecords() + p.client.counters().discardedRecords());
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void theDatagramsAreTheSameWhicheverApiMovesThem(Api api) {
        EnginePair reference = new EnginePair(SUITE, 3, Api.ARRAYS).connect();
        EnginePair other = new EnginePair(SUITE, 3, api).connect();
        for (EnginePair p : List.of(reference, other)) {
            for (int i = 0; i < 10; i++) {
                p.send(p.client, ("to the server " + i).getBytes(StandardCharsets.UTF_8));
                p.send(p.server, ("to the client " + i).getBytes(StandardCharsets.UTF_8));
                p.move(p.client, p.server);
                p.move(p.server, p.client);
            }
        }
        assertEquals(reference.wire.size(), other.wire.size(), "datagrams on the wire");
        for (int i = 0; i < reference.wire.size(); i++) {
            assertArrayEquals(reference.wire.get(i), other.wire.get(i), "datagram " + i);
        }
        for (int i = 0; i < 10; i++) {
            assertArrayEquals(reference.application(reference.server), other.application(other.server));
            assertArrayEquals(reference.application(reference.client), other.application(other.client));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Api.class, names = {"HEAP", "DIRECT"})
    void nothingQueuedGivesMinusOneAndLeavesTheBufferAlone(Api api) {
        EnginePair p = new EnginePair(SUITE, 4, api);
        ByteBuffer dst = api.allocate(2000).position(5);
        assertEquals(-1, p.client.pollDatagram(dst), "not started");
        assertEquals(-1, p.client.pollApplicationData(dst));
        p.connect();
        assertEquals(-1, p.client.pollDatagram(dst), "everything was moved");
        assertEquals(-1, p.server.pollApplicationData(dst));
        assertEquals(5, dst.position());
        assertEquals(2000, dst.limit());
    }

    @ParameterizedTest
    @EnumSource(value = Api.class, names = {"HEAP", "DIRECT"})
    void aBufferTooSmallThrowsAndTheDatagramStaysFirst(Api api) {
        EnginePair p = new EnginePair(SUITE, 5, api).connect();
        byte[] first = new byte[1000];
        new Random(5).nextBytes(first);
        p.send(p.client, first);
        p.send(p.client, new byte[] {1, 2, 3});
        int length = first.length + p.client.recordLayer().recordOverhead(1);

        ByteBuffer small = api.allocate(length + 3).position(4); // one byte short
        assertThrows(BufferOverflowException.class, () -> p.client.pollDatagram(small));
        assertEquals(4, small.position(), "nothing written");
        ByteBuffer exact = api.allocate(length);
        assertEquals(length, p.client.pollDatagram(exact), "the same datagram, first still");
        assertEquals(length, exact.position());
        p.give(p.server, bytes(exact.flip()));
        p.move(p.client, p.server);

        ByteBuffer tooSmall = api.allocate(999);
        assertThrows(BufferOverflowException.class, () -> p.server.pollApplicationData(tooSmall));
        assertEquals(0, tooSmall.position());
        ByteBuffer room = api.allocate(1000);
        assertEquals(1000, p.server.pollApplicationData(room));
        assertArrayEquals(first, bytes(room.flip()));
        assertArrayEquals(new byte[] {1, 2, 3}, p.application(p.server), "then the second, in order");
    }

    /**
     * The two ways of polling share one queue: mixed, they keep the order. A buffer polled to keep
     * holds exactly its datagram in an array of its own, which later datagrams never overwrite.
     */
    @Test
    void oldAndNewPollsMixInOrderAndKeptBuffersStayIntact() {
        EnginePair p = new EnginePair(SUITE, 6, Api.HEAP).connect();
        List<ByteBuffer> kept = new ArrayList<>();
        List<byte[]> keptCopies = new ArrayList<>();
        ByteBuffer dst = ByteBuffer.allocate(2000);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 8; i++) {
                p.send(p.client, text("datagram " + round + "." + i + " ".repeat(i * 50 * (round + 1))));
            }
            for (int i = 0; i < 8; i++) {
                byte[] datagram;
                if (i % 2 == 0) {
                    ByteBuffer b = p.client.pollDatagram();
                    assertExactArray(b);
                    datagram = bytes(b.duplicate());
                    kept.add(b);
                    keptCopies.add(datagram);
                } else {
                    dst.clear();
                    p.client.pollDatagram(dst);
                    datagram = bytes(dst.flip());
                }
                p.give(p.server, datagram);
            }
            for (int i = 0; i < 8; i++) {
                String expected = "datagram " + round + "." + i + " ".repeat(i * 50 * (round + 1));
                if (i % 3 == 0) {
                    ByteBuffer b = p.server.pollApplicationData();
                    assertExactArray(b);
                    kept.add(b);
                    keptCopies.add(bytes(b.duplicate()));
                    assertEquals(expected, new String(bytes(b.duplicate()), StandardCharsets.UTF_8));
                } else {
                    dst.clear();
                    p.server.pollApplicationData(dst);
                    assertEquals(expected, new String(bytes(dst.flip()), StandardCharsets.UTF_8));
                }
            }
        }
        for (int i = 0; i < kept.size(); i++) {
            assertArrayEquals(keptCopies.get(i), bytes(kept.get(i)), "kept buffer " + i + " was overwritten");
        }
    }

    /**
     * The server's final flight and the application data it sends at once share the queue, flight
     * first; when that data overtakes the flight, the client holds it until the Finished verifies
     * and then delivers it through the same polls.
     */
    @ParameterizedTest
    @EnumSource(value = Api.class, names = {"HEAP", "DIRECT"})
    void applicationDataFollowsTheFinalFlightEvenWhenItOvertakesIt(Api api) {
        for (boolean overtakes : new boolean[] {false, true}) {
            EnginePair p = new EnginePair(SUITE, 7, api);
            p.client.start(p.now());
            p.move(p.client, p.server);                      // ClientHello
            p.move(p.server, p.client);                      // ServerHello ... ServerHelloDone
            p.move(p.client, p.server);                      // ClientKeyExchange, ChangeCipherSpec, Finished
            assertEquals(EngineState.CONNECTED, p.server.state());
            p.send(p.server, text("right behind the Finished"));

            byte[] flight = p.take(p.server);
            byte[] data = p.take(p.server);
            assertNull(p.take(p.server));
            assertEquals(ContentType.CHANGE_CIPHER_SPEC.code(), flight[0] & 0xFF, "the flight first");
            assertEquals(ContentType.APPLICATION_DATA.code(), data[0] & 0xFF, "then the data");
            if (overtakes) {
                p.give(p.client, data);
                assertNull(p.application(p.client), "held until the Finished verifies");
                p.give(p.client, flight);
            } else {
                p.give(p.client, flight);
                p.give(p.client, data);
            }
            assertEquals(EngineState.CONNECTED, p.client.state());
            assertArrayEquals(text("right behind the Finished"), p.application(p.client), "overtakes=" + overtakes);
            assertNull(p.application(p.client));
        }
    }

    @Test
    void aDirectDatagramLongerThanAnyRecordIsDiscardedAndCounted() {
        EnginePair p = new EnginePair(SUITE, 8, Api.DIRECT).connect();
        ByteBuffer huge = ByteBuffer.allocateDirect(RecordHeader.MAX_RECORD_LENGTH + 1);
        p.server.receive(huge, EnginePair.CLIENT_ADDRESS, p.now() + 1);
        assertEquals(1, p.server.counters().oversizedDatagrams());
        assertEquals(huge.limit(), huge.position(), "consumed");
        assertEquals(EngineState.CONNECTED, p.server.state());

        p.send(p.client, text("still here"));
        p.move(p.client, p.server);
        assertArrayEquals(text("still here"), p.application(p.server));
    }

    @ParameterizedTest
    @EnumSource(value = Api.class, names = {"HEAP", "DIRECT"})
    void aRefusedSendLeavesTheBufferAlone(Api api) {
        EnginePair p = new EnginePair(SUITE, 9, api);
        ByteBuffer data = api.allocate(100).position(10);
        assertThrows(IllegalStateException.class, () -> p.client.send(data), "not connected");
        assertEquals(10, data.position());
        p.connect();
        ByteBuffer tooLong = api.allocate(p.client.maxApplicationDataSize() + 1);
        assertThrows(IllegalArgumentException.class, () -> p.client.send(tooLong));
        assertEquals(0, tooLong.position());
        assertEquals(-1, p.client.pollDatagram(api.allocate(2000)), "nothing was queued");
    }

    private static void assertExactArray(ByteBuffer b) {
        assertNotNull(b);
        assertEquals(0, b.arrayOffset());
        assertEquals(0, b.position());
        assertEquals(b.array().length, b.remaining(), "the array holds exactly the datagram");
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
