package org.dtls4j.jmh.flood;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.dtls4j.crypto.JcaProviders;
import org.dtls4j.handshake.cookie.CookieExchange;
import org.dtls4j.jmh.CpuTime;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The server's cost per cookie-less ClientHello without the socket: one
 * {@link CookieExchange#check} of {@link ClientHelloTemplate}'s hello, from one of 64 source ports
 * in turn, each time with another client_random, as under {@link CookieFlood}'s flood. The answer
 * is a HelloVerifyRequest every time (RFC 6347 §4.2.1). The {@code cpuNanos / cpuOps} counters
 * give the CPU time per hello, which a busy machine does not inflate; {@code -prof gc} gives the
 * bytes allocated per hello:
 *
 * <pre>
 *   java -jar jmh/target/benchmarks.jar -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc CookieCheckBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CookieCheckBenchmark {
    private static final int PORTS = 64;
    /** Read the CPU clock once every 1,024 hellos, as {@code CpuTime} does for records. */
    private static final int CPU_STRIDE = 1024;

    private final InetSocketAddress[] peers = new InetSocketAddress[PORTS];
    private CookieExchange cookies;
    private byte[] hello;
    private ByteBuffer stamp;
    private long helloNumber;
    private long now;

    @Setup
    public void setUp() throws UnknownHostException {
        cookies = new CookieExchange(new SecureRandom(), Duration.ofSeconds(30), JcaProviders.defaults());
        hello = ClientHelloTemplate.withoutCookie();
        stamp = ByteBuffer.wrap(hello);
        InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        for (int i = 0; i < PORTS; i++) {
            peers[i] = new InetSocketAddress(loopback, 40_000 + i);
        }
        if (!(check() instanceof CookieExchange.Verify)) {
            throw new IllegalStateException("the template hello was not answered with a HelloVerifyRequest");
        }
    }

    @Benchmark
    public CookieExchange.Result check(CpuTime cpu) {
        cpu.tick(CPU_STRIDE);
        return check();
    }

    private CookieExchange.Result check() {
        long n = helloNumber++;
        ClientHelloTemplate.stamp(stamp, n, n);
        now += 1_000;
        return cookies.check(hello, 0, hello.length, peers[(int) (n & (PORTS - 1))], now);
    }
}
