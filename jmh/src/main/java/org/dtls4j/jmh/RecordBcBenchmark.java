package org.dtls4j.jmh;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.DTLSTransport;
import org.dtls4j.crypto.BulkCipher;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Bouncy Castle DTLS (issue item 1): after an ECDHE-ECDSA handshake over {@link MemoryTransport},
 * the client's {@code DTLSTransport.send} protects one record into the server's queue and the
 * server's {@code receive} takes and opens it, on one thread.
 *
 * <p>{@code crypto=JCA} is BC's {@code JcaTlsCrypto} over the JDK's providers, {@code crypto=BC}
 * its own {@code BcTlsCrypto}. BC's JCA crypto asks for AES-CCM and for ChaCha20 and Poly1305 as
 * separate primitives ("ChaCha7539"), which the JDK's providers do not offer, so for AES-128-CCM_8
 * and ChaCha20-Poly1305 the JCA cells run {@code JcaTlsCrypto} over Bouncy Castle's JCA provider.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RecordBcBenchmark {
    @Param({"AES_128_GCM", "AES_256_GCM", "CHACHA20_POLY1305", "AES_128_CCM_8"})
    public BulkCipher cipher;

    @Param({"64", "512", "1200", "16000"})
    public int payload;

    @Param({"JCA", "BC"})
    public BcPair.Crypto crypto;

    private BcPair pair;
    private DTLSTransport client;
    private DTLSTransport server;
    private byte[] plaintext;
    private byte[] received;

    @Setup
    public void setUp() throws Exception {
        SecureRandom random = new SecureRandom();
        int suite = Peers.ecdsaSuite(cipher).id();
        boolean jdkLacksIt = cipher == BulkCipher.AES_128_CCM_8 || cipher == BulkCipher.CHACHA20_POLY1305;
        pair = crypto == BcPair.Crypto.JCA && jdkLacksIt
                ? new BcPair(Providers.bouncyCastle(), KeyExchange.ECDHE_ECDSA_P256, suite, Peers.RECORD_MTU)
                : new BcPair(crypto, KeyExchange.ECDHE_ECDSA_P256, suite, Peers.RECORD_MTU);
        pair.handshake();
        client = pair.client();
        server = pair.server();
        if (client.getSendLimit() < payload) {
            throw new IllegalStateException("BC sends at most " + client.getSendLimit() + " bytes per record");
        }
        plaintext = new byte[payload];
        random.nextBytes(plaintext);
        received = new byte[payload + 1024];
        if (sendAndReceive() != payload) {
            throw new IllegalStateException("record did not arrive");
        }
    }

    /** Send one record from the client, receive it on the server; returns the bytes received. */
    @Benchmark
    public int sendAndReceive(CpuTime cpu) throws IOException {
        cpu.tick(CpuTime.FAST);
        return sendAndReceive();
    }

    /** The operation itself, also used by the setup and the tests. */
    int sendAndReceive() throws IOException {
        client.send(plaintext, 0, payload);
        return server.receive(received, 0, received.length, 1000);
    }

    @TearDown
    public void tearDown() {
        pair.close();
    }
}
