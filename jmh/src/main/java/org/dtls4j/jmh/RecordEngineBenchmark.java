package org.dtls4j.jmh;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.dtls4j.crypto.BulkCipher;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.record.RecordHeader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One application datagram through two connected dtls4j {@link DtlsEngine}s (issue item 1, at the
 * same level as the SSLEngine and Bouncy Castle benchmarks): {@code send} on the client,
 * {@code pollDatagram}, {@code receive} on the server, {@code pollApplicationData}. On top of
 * {@link RecordDtls4jBenchmark} this pays the engine's own work: its queues, and the copy of the
 * plaintext out of the record layer's scratch space.
 *
 * <p>{@code api} chooses the engine methods. {@code arrays}: {@code send(byte[], int, int)},
 * {@code pollDatagram()}, {@code receive(byte[], int, int, long)}, {@code pollApplicationData()},
 * which hand the caller a buffer per datagram to keep. {@code buffers}: {@code send(ByteBuffer)},
 * {@code pollDatagram(ByteBuffer)}, {@code receive(ByteBuffer, SocketAddress, long)} with the
 * source address a transport passes, and {@code pollApplicationData(ByteBuffer)}, all in buffers
 * the benchmark owns and reuses, as a transport would.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RecordEngineBenchmark {
    /** The source address the server is given with each datagram in the {@code buffers} mode. */
    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 40001);

    @Param({"AES_128_GCM", "AES_256_GCM", "CHACHA20_POLY1305", "AES_128_CCM_8"})
    public BulkCipher cipher;

    @Param({"64", "512", "1200", "16000"})
    public int payload;

    /** {@code arrays}: a buffer per datagram handed out; {@code buffers}: the caller's own buffers. */
    @Param({"arrays", "buffers"})
    public String api;

    private DtlsEngine client;
    private DtlsEngine server;
    private byte[] plaintext;
    private boolean buffers;
    private ByteBuffer toSend;
    private ByteBuffer datagram;
    private ByteBuffer received;

    @Setup
    public void setUp() {
        SecureRandom random = new SecureRandom();
        KeyExchange kx = KeyExchange.ECDHE_ECDSA_P256;
        DtlsConfig clientConfig = Peers.dtls4jClient(kx, Providers.JDK)
                .cipherSuites(Peers.ecdsaSuite(cipher)).maxDatagramSize(Peers.RECORD_MTU).build();
        DtlsConfig serverConfig = Peers.dtls4jServer(kx, Providers.JDK)
                .cipherSuites(Peers.ecdsaSuite(cipher)).maxDatagramSize(Peers.RECORD_MTU).build();
        Dtls4jPair pair = new Dtls4jPair(serverConfig, random);
        pair.handshake(clientConfig);
        client = pair.client();
        server = pair.server();
        if (client.negotiated().cipherSuite().cipher() != cipher) {
            throw new IllegalStateException("negotiated " + client.negotiated().cipherSuite());
        }
        plaintext = new byte[payload];
        random.nextBytes(plaintext);
        buffers = switch (api) {
            case "arrays" -> false;
            case "buffers" -> true;
            default -> throw new IllegalArgumentException("api is arrays or buffers, not " + api);
        };
        toSend = ByteBuffer.wrap(plaintext);
        datagram = ByteBuffer.allocate(RecordHeader.MAX_RECORD_LENGTH);
        received = ByteBuffer.allocate(RecordHeader.MAX_PLAINTEXT_LENGTH);
        if (sendAndReceive() != payload) {
            throw new IllegalStateException("datagram did not arrive: " + server.counters());
        }
    }

    /** Client sends one datagram; the server receives it; returns its length. */
    @Benchmark
    public int sendAndReceive(CpuTime cpu) {
        cpu.tick(CpuTime.FAST);
        return sendAndReceive();
    }

    /** The operation itself, also used by the setup, {@link PairedRatio} and the tests. */
    int sendAndReceive() {
        return buffers ? throughBuffers() : throughArrays();
    }

    private int throughBuffers() {
        toSend.clear();
        client.send(toSend);
        datagram.clear();
        client.pollDatagram(datagram);
        datagram.flip();
        server.receive(datagram, CLIENT, 0);
        received.clear();
        return server.pollApplicationData(received);
    }

    private int throughArrays() {
        client.send(plaintext, 0, payload);
        ByteBuffer d = client.pollDatagram();
        server.receive(d.array(), d.arrayOffset() + d.position(), d.remaining(), 0);
        ByteBuffer in = server.pollApplicationData();
        return in == null ? -1 : in.remaining();
    }
}
