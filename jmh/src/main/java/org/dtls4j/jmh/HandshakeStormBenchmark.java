package org.dtls4j.jmh;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.transport.DtlsClient;
import org.dtls4j.transport.DtlsConnection;
import org.dtls4j.transport.DtlsServer;
import org.dtls4j.transport.ServerOptions;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A handshake storm on loopback (issue item 6): one {@link DtlsServer} with its cookie exchange,
 * and {@code clients} threads that each connect with {@link DtlsClient}, then close. One
 * invocation is one round of {@code clients} concurrent handshakes; the {@code handshakes}
 * counter, normalised by JMH to a rate, is the server's completed handshakes per second.
 *
 * <p>The clients run on the same two cores as the server, so the figure is what the machine does
 * with both ends on it, not the server's ceiling. The per-address rate limit is lifted (all
 * clients share 127.0.0.1); every other server limit stays at its default.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HandshakeStormBenchmark {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Param({"1", "4", "16"})
    public int clients;

    @Param({"ECDHE_ECDSA_P256", "PSK"})
    public KeyExchange kx;

    @Param({"JDK", "BC"})
    public Providers provider;

    private DtlsServer server;
    private DtlsConfig clientConfig;
    private ExecutorService pool;
    private InetSocketAddress address;

    /** Handshakes completed, as a rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Completed {
        public long handshakes;

        @Setup(Level.Iteration)
        public void reset() {
            handshakes = 0;
        }
    }

    @Setup
    public void setUp() throws Exception {
        ServerOptions options = ServerOptions.defaults().withHandshakesPerMinutePerAddress(1_000_000_000);
        server = DtlsServer.bind(new InetSocketAddress("127.0.0.1", 0), Peers.dtls4jServer(kx, provider).build(), options);
        server.onConnection(DtlsConnection::close);
        address = server.localAddress();
        clientConfig = Peers.dtls4jClient(kx, provider).build();
        pool = Executors.newFixedThreadPool(clients, r -> {
            Thread t = new Thread(r, "storm-client");
            t.setDaemon(true);
            return t;
        });
        round(new Completed());
    }

    @Benchmark
    public int round(Completed completed) throws Exception {
        List<Future<?>> all = new ArrayList<>(clients);
        for (int i = 0; i < clients; i++) {
            all.add(pool.submit(() -> {
                DtlsClient.connect(address, clientConfig, TIMEOUT).close();
                return null;
            }));
        }
        for (Future<?> f : all) {
            f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        completed.handshakes += clients;
        return clients;
    }

    @TearDown
    public void tearDown() {
        pool.shutdownNow();
        server.close();
    }
}
