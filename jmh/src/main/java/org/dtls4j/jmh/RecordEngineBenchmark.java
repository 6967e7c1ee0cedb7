package org.dtls4j.jmh;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.dtls4j.crypto.BulkCipher;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.engine.DtlsEngine;
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
 * {@link RecordDtls4jBenchmark} this pays the engine's own buffers: the datagram array it
 * queues, and the copy of the plaintext it hands to the application.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RecordEngineBenchmark {
    @Param({"AES_128_GCM", "AES_256_GCM", "CHACHA20_POLY1305", "AES_128_CCM_8"})
    public BulkCipher cipher;

    @Param({"64", "512", "1200", "16000"})
    public int payload;

    private DtlsEngine client;
    private DtlsEngine server;
    private byte[] plaintext;

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

    /** The operation itself, also used by the setup and the tests. */
    int sendAndReceive() {
        client.send(plaintext, 0, payload);
        ByteBuffer d = client.pollDatagram();
        server.receive(d.array(), d.arrayOffset() + d.position(), d.remaining(), 0);
        ByteBuffer in = server.pollApplicationData();
        return in == null ? -1 : in.remaining();
    }
}
