package org.dtls4j.jmh;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import org.dtls4j.crypto.BulkCipher;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The JDK's {@code SSLEngine} ("DTLSv1.2", issue item 1): after an ECDHE-ECDSA handshake between
 * two engines in memory, the client {@code wrap}s one application record and the server
 * {@code unwrap}s it. Heap buffers, allocated once. The JDK has no AES-CCM suites.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RecordJdkBenchmark {
    @Param({"AES_128_GCM", "AES_256_GCM", "CHACHA20_POLY1305"})
    public BulkCipher cipher;

    @Param({"64", "512", "1200", "16000"})
    public int payload;

    private SSLEngine client;
    private SSLEngine server;
    private ByteBuffer source;
    private ByteBuffer net;
    private ByteBuffer sink;

    @Setup
    public void setUp() throws Exception {
        String suite = Peers.ecdsaSuite(cipher).ianaName();
        JdkPair pair = new JdkPair(KeyExchange.ECDHE_ECDSA_P256, suite, Peers.RECORD_MTU, new SecureRandom());
        pair.handshake();
        if (!pair.negotiatedSuites().equals(java.util.List.of(suite, suite))) {
            throw new IllegalStateException("negotiated " + pair.negotiatedSuites());
        }
        client = pair.client();
        server = pair.server();
        byte[] data = new byte[payload];
        new SecureRandom().nextBytes(data);
        source = ByteBuffer.wrap(data);
        net = ByteBuffer.allocate(client.getSession().getPacketBufferSize() + payload);
        sink = ByteBuffer.allocate(server.getSession().getApplicationBufferSize() + payload);
        SSLEngineResult r = client.wrap(source, net);
        if (r.bytesConsumed() != payload) {
            throw new IllegalStateException("one wrap took " + r.bytesConsumed() + " of " + payload + " bytes: " + r);
        }
        source.clear();
        net.flip();
        server.unwrap(net, sink);
        if (sink.position() != payload) {
            throw new IllegalStateException("unwrap gave " + sink.position() + " bytes");
        }
    }

    /** Wrap one record on the client, unwrap it on the server; returns the bytes received. */
    @Benchmark
    public int wrapAndUnwrap(CpuTime cpu) throws SSLException {
        cpu.tick(CpuTime.FAST);
        return wrapAndUnwrap();
    }

    /** The operation itself, also used by the tests. */
    int wrapAndUnwrap() throws SSLException {
        source.clear();
        net.clear();
        client.wrap(source, net);
        net.flip();
        sink.clear();
        server.unwrap(net, sink);
        return sink.position();
    }
}
