package org.dtls4j.handshake.engine;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.ConnectionIdGenerator;
import org.dtls4j.handshake.DeterministicRandom;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.TestPeers;
import org.dtls4j.handshake.TestPeers.Auth;
import org.dtls4j.record.RecordHeader;

/**
 * A client and a server engine joined by hand, every datagram moved through one of the engine's
 * APIs ({@link Api}), and every datagram on the wire logged. Nothing is lost or reordered unless a
 * test moves datagrams itself; the clock is a counter that never reaches a retransmission deadline.
 */
final class EnginePair {
    static final InetSocketAddress CLIENT_ADDRESS = new InetSocketAddress("127.0.0.1", 40001);
    static final InetSocketAddress SERVER_ADDRESS = new InetSocketAddress("127.0.0.1", 40002);
    /** Far more than a handshake needs; a stuck handshake fails instead of spinning. */
    private static final int MAX_ROUNDS = 32;

    /** How datagrams and application data move in and out of the engines. */
    enum Api {
        /** {@code pollDatagram()} and {@code receive(byte[], ...)}: a buffer per datagram, kept. */
        ARRAYS,
        /** {@code pollDatagram(dst)} and {@code receive(ByteBuffer, ...)} with heap buffers. */
        HEAP,
        /** The same with direct buffers. */
        DIRECT;

        ByteBuffer allocate(int capacity) {
            return this == DIRECT ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
        }
    }

    final DtlsEngine client;
    final DtlsEngine server;
    final Api api;
    /** Every datagram moved, in order, as bytes. */
    final List<byte[]> wire = new ArrayList<>();
    private final ByteBuffer datagram;
    private long now = 1;

    /** A PSK pair: the same seed gives the same handshake and the same records. */
    EnginePair(CipherSuite suite, long seed, Api api) {
        this(suite, seed, api, -1);
    }

    /** With Connection IDs of {@code cidLength} bytes both ways (RFC 9146); none when negative. */
    EnginePair(CipherSuite suite, long seed, Api api, int cidLength) {
        DtlsConfig.Builder c = TestPeers.client(suite, Auth.SERVER);
        DtlsConfig.Builder s = TestPeers.server(suite, Auth.SERVER);
        if (cidLength >= 0) {
            c.connectionIds(ConnectionIdGenerator.random(cidLength, new DeterministicRandom(seed + 2)));
            s.connectionIds(ConnectionIdGenerator.random(cidLength, new DeterministicRandom(seed + 3)));
        }
        this.client = DtlsEngine.client(c.build(), new DeterministicRandom(seed));
        this.server = DtlsEngine.serverWithoutCookie(s.build(), new DeterministicRandom(seed + 1));
        this.api = api;
        this.datagram = api.allocate(RecordHeader.MAX_RECORD_LENGTH);
    }

    long now() {
        return now;
    }

    /** Runs the handshake to CONNECTED on both sides. */
    EnginePair connect() {
        client.start(++now);
        for (int round = 0; round < MAX_ROUNDS; round++) {
            int moved = move(client, server) + move(server, client);
            if (client.state() == EngineState.CONNECTED && server.state() == EngineState.CONNECTED && moved == 0) {
                return this;
            }
            if (moved == 0) {
                break;
            }
        }
        throw new AssertionError("handshake did not complete: client " + client.state() + " " + client.failure()
                + ", server " + server.state() + " " + server.failure());
    }

    /** Moves every datagram queued on {@code from} to {@code to}; returns how many. */
    int move(DtlsEngine from, DtlsEngine to) {
        int n = 0;
        byte[] d;
        while ((d = take(from)) != null) {
            give(to, d);
            n++;
        }
        return n;
    }

    /** The next datagram queued on {@code from}, polled through the pair's API; null when none. */
    byte[] take(DtlsEngine from) {
        byte[] bytes;
        if (api == Api.ARRAYS) {
            ByteBuffer b = from.pollDatagram();
            if (b == null) {
                return null;
            }
            bytes = new byte[b.remaining()];
            b.get(bytes);
        } else {
            datagram.clear();
            int n = from.pollDatagram(datagram);
            if (n < 0) {
                return null;
            }
            datagram.flip();
            bytes = new byte[n];
            datagram.get(bytes);
        }
        wire.add(bytes);
        return bytes;
    }

    /** Feeds {@code bytes} to {@code to} through the pair's API, from the other side's address. */
    void give(DtlsEngine to, byte[] bytes) {
        InetSocketAddress source = to == server ? CLIENT_ADDRESS : SERVER_ADDRESS;
        if (api == Api.ARRAYS) {
            to.receive(Arrays.copyOf(bytes, bytes.length), 0, bytes.length, source, ++now);
            return;
        }
        // A slice of a larger buffer, read from position 3: array offset and position must both count.
        ByteBuffer b = api.allocate(bytes.length + 9).position(2).slice();
        b.position(3);
        b.put(bytes).flip().position(3);
        to.receive(b, source, ++now);
        if (b.hasRemaining()) {
            throw new AssertionError("receive left " + b.remaining() + " bytes in the buffer");
        }
    }

    /** The next application datagram of {@code engine}, through the pair's API; null when none. */
    byte[] application(DtlsEngine engine) {
        if (api == Api.ARRAYS) {
            ByteBuffer b = engine.pollApplicationData();
            if (b == null) {
                return null;
            }
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        }
        ByteBuffer dst = api.allocate(RecordHeader.MAX_PLAINTEXT_LENGTH);
        int n = engine.pollApplicationData(dst);
        if (n < 0) {
            return null;
        }
        if (dst.position() != n) {
            throw new AssertionError("position " + dst.position() + " after a datagram of " + n);
        }
        dst.flip();
        byte[] out = new byte[n];
        dst.get(out);
        return out;
    }

    /** Sends {@code data} from {@code engine} through the pair's API. */
    void send(DtlsEngine engine, byte[] data) {
        if (api == Api.ARRAYS) {
            engine.send(data, 0, data.length);
            return;
        }
        ByteBuffer b = api.allocate(data.length + 5);
        b.position(5);
        b.put(data).flip().position(5);
        engine.send(b);
        if (b.hasRemaining()) {
            throw new AssertionError("send left " + b.remaining() + " bytes in the buffer");
        }
    }
}
