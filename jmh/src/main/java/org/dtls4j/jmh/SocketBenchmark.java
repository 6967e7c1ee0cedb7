package org.dtls4j.jmh;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.dtls4j.transport.DtlsClient;
import org.dtls4j.transport.DtlsConnection;
import org.dtls4j.transport.DtlsServer;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Loopback throughput of 1,200-byte datagrams (issue item 6): a {@link DtlsConnection} pair
 * (client from {@link DtlsClient}, server side from {@link DtlsServer#accept}) against two plain
 * {@link DatagramChannel}s, the transport's ceiling. Each invocation sends a burst of
 * {@value #BURST} datagrams from the client and then receives them on the server, so both the
 * sending and the receiving path are in the figure; a datagram the kernel dropped is counted in
 * {@code lost} after a one-second wait instead of hanging the run. Only 127.0.0.1 is used.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SocketBenchmark {
    static final int BURST = 16;
    static final int PAYLOAD = 1200;
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

    /** Datagrams that never arrived. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Losses {
        public long lost;

        @Setup(Level.Iteration)
        public void reset() {
            lost = 0;
        }
    }

    /** A dtls4j server and one connected client, ECDHE-ECDSA P-256 with AES-128-GCM. */
    @State(Scope.Thread)
    public static class Dtls {
        DtlsServer server;
        DtlsConnection client;
        DtlsConnection accepted;
        final byte[] payload = new byte[PAYLOAD];

        @Setup
        public void setUp() throws Exception {
            KeyExchange kx = KeyExchange.ECDHE_ECDSA_P256;
            server = DtlsServer.bind(LOOPBACK, Peers.dtls4jServer(kx, Providers.JDK).build());
            client = DtlsClient.connect(server.localAddress(), Peers.dtls4jClient(kx, Providers.JDK).build(), Duration.ofSeconds(30));
            accepted = server.accept(Duration.ofSeconds(30));
            if (accepted == null) {
                throw new IllegalStateException("the server accepted no connection");
            }
        }

        @TearDown
        public void tearDown() {
            client.close();
            server.close();
        }
    }

    /**
     * The same pair, with the server's datagrams pushed to a handler on its connection worker
     * ({@code DtlsConnection.onReceive}) and the client sending from one reused buffer: the path
     * that allocates nothing per datagram.
     */
    @State(Scope.Thread)
    public static class DtlsPush extends Dtls {
        final java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();
        final ByteBuffer buffer = ByteBuffer.allocate(PAYLOAD);

        @Override
        @Setup
        public void setUp() throws Exception {
            super.setUp();
            accepted.onReceive((c, data) -> received.addAndGet(data.remaining()));
        }
    }

    /** Two connected plain UDP channels. */
    @State(Scope.Thread)
    public static class Plain {
        DatagramChannel sender;
        DatagramChannel receiver;
        final ByteBuffer payload = ByteBuffer.allocate(PAYLOAD);
        final DatagramPacket packet = new DatagramPacket(new byte[PAYLOAD + 100], PAYLOAD + 100);

        @Setup
        public void setUp() throws IOException {
            receiver = DatagramChannel.open().bind(LOOPBACK);
            sender = DatagramChannel.open().bind(LOOPBACK);
            sender.connect(receiver.getLocalAddress());
            receiver.connect(sender.getLocalAddress());
            receiver.socket().setSoTimeout(1000);
        }

        @TearDown
        public void tearDown() throws IOException {
            sender.close();
            receiver.close();
        }
    }

    /** Sends a burst through DTLS and receives it; the score is datagrams per second. */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public int dtlsConnection(Dtls s, Losses losses) throws Exception {
        for (int i = 0; i < BURST; i++) {
            s.client.send(s.payload);
        }
        int bytes = 0;
        for (int i = 0; i < BURST; i++) {
            byte[] d = s.accepted.receive(Duration.ofSeconds(1));
            if (d == null) {
                losses.lost += BURST - i;
                break;
            }
            bytes += d.length;
        }
        return bytes;
    }

    /** Sends a burst through DTLS from one buffer; the server's handler counts it; datagrams per second. */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public long dtlsPush(DtlsPush s, Losses losses) throws Exception {
        long target = s.received.get() + (long) BURST * PAYLOAD;
        for (int i = 0; i < BURST; i++) {
            s.buffer.clear();
            s.client.send(s.buffer);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        long got;
        while ((got = s.received.get()) < target) {
            if (System.nanoTime() - deadline > 0) {
                losses.lost += (target - got) / PAYLOAD;
                s.received.set(target); // the next burst starts from here
                break;
            }
            Thread.onSpinWait();
        }
        return got;
    }

    /** Sends a burst through plain UDP and receives it; the score is datagrams per second. */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public int datagramChannel(Plain s, Losses losses) throws IOException {
        for (int i = 0; i < BURST; i++) {
            s.payload.clear();
            s.sender.write(s.payload);
        }
        int bytes = 0;
        for (int i = 0; i < BURST; i++) {
            try {
                s.receiver.socket().receive(s.packet);
                bytes += s.packet.getLength();
            } catch (SocketTimeoutException e) {
                losses.lost += BURST - i;
                break;
            }
        }
        return bytes;
    }
}
