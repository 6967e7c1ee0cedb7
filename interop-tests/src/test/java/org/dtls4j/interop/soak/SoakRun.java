package org.dtls4j.interop.soak;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.dtls4j.credentials.CaAndLeaf;
import org.dtls4j.credentials.ThrowawayCredentials;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.crypto.NamedGroup;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.transport.DtlsServer;
import org.dtls4j.transport.ServerCounters;
import org.dtls4j.transport.ServerOptions;
import org.dtls4j.transport.HandshakeRate;

/**
 * One soak run in this JVM: a {@link DtlsServer} on 127.0.0.1 with its {@link SoakServerApp},
 * a {@link LossyRelay}, and {@link SoakClients}. It builds the population, holds it with churn
 * for the run's duration, takes the heap after a full GC at a fifth of the run and at its end,
 * then closes everything and returns the tallies.
 *
 * <p>The server takes PSK (TLS_PSK_WITH_AES_128_GCM_SHA256) and ECDHE-ECDSA P-256
 * (TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, a throwaway CA and leaf) with the default options
 * except: no per-address handshake rate (every client is on 127.0.0.1), room for twice the
 * population, and the run's idle timeout.
 */
final class SoakRun {
    private static final byte[] IDENTITY = "soak-client".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] KEY = "soak-psk-0123456789abcdef0123456".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private SoakRun() {
    }

    static SoakResult run(SoakParams p) throws Exception {
        CaAndLeaf pki = ThrowawayCredentials.caAndLeaf("P-256", "localhost", "localhost", "127.0.0.1");
        DtlsConfig serverConfig = DtlsConfig.builder()
                .cipherSuites(CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256)
                .groups(NamedGroup.SECP256R1)
                .certificate(pki.chain(), pki.leaf().privateKey())
                .pskStore(id -> Arrays.equals(id, IDENTITY) ? KEY.clone() : null)
                .build();
        DtlsConfig psk = DtlsConfig.builder().cipherSuites(CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256)
                .psk(IDENTITY, KEY).build();
        DtlsConfig ecdhe = DtlsConfig.builder().cipherSuites(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256)
                .groups(NamedGroup.SECP256R1).trustedCertificates(List.of(pki.ca())).serverName("localhost").build();
        ServerOptions options = ServerOptions.defaults()
                .withHandshakeRate(HandshakeRate.OFF)
                .withMaxPeers(2 * p.sessions() + 1000)
                .withIdleTimeout(Duration.ofSeconds(p.idleSeconds()));

        SoakTally tally = new SoakTally();
        SessionRecord.Registry registry = new SessionRecord.Registry();
        log("soak: " + p);
        try (DtlsServer server = DtlsServer.bind(new InetSocketAddress("127.0.0.1", 0), serverConfig, options)) {
            SoakServerApp app = new SoakServerApp(server, registry, tally, p.messageMillis(), p.idleSeconds(), p.seed());
            LossyRelay relay = new LossyRelay(server.localAddress(), p.loss(), p.seed(), tally);
            int relayPort = relay.address().getPort();
            SoakClients clients = new SoakClients(p, server.localAddress(), relay, psk, ecdhe, registry, tally);
            long[] heap = new long[2];
            int serverPort = server.localAddress().getPort();
            long rampDrops = 0;
            long runDrops = 0;
            double rampSeconds;
            ServerCounters counters;
            try {
                long start = System.nanoTime();
                long rampDeadline = start + TimeUnit.SECONDS.toNanos(30) + TimeUnit.MILLISECONDS.toNanos(20L * p.sessions());
                if (!Waits.until(() -> clients.established() >= p.sessions(), rampDeadline)) {
                    throw new AssertionError("only " + clients.established() + " of " + p.sessions()
                            + " sessions established by the ramp's deadline; " + tally.snapshot());
                }
                rampSeconds = (System.nanoTime() - start) / 1e9;
                rampDrops = UdpDrops.at(serverPort);
                log(String.format(Locale.ROOT, "soak: %d sessions established in %.1f s", p.sessions(), rampSeconds));
                clients.startChurn();
                long t0 = System.nanoTime();
                long firstMark = t0 + p.firstHeapMark().toNanos();
                long end = t0 + p.duration().toNanos();
                long nextReport = t0;
                while (System.nanoTime() - end < 0) {
                    long now = System.nanoTime();
                    if (heap[0] == 0 && now - firstMark >= 0) {
                        heap[0] = heapAfterFullGc();
                        log("soak: heap after full GC at the first mark: " + mib(heap[0]));
                    }
                    if (now - nextReport >= 0) {
                        nextReport = now + Math.max(TimeUnit.SECONDS.toNanos(10), p.duration().toNanos() / 10);
                        log(String.format(Locale.ROOT, "soak: %5.0f s: %d established, %d handshaking, server %d peers, "
                                        + "application %d connections, lost %d, bad data %d", (now - t0) / 1e9,
                                clients.established(), clients.handshaking(), server.peerCount(), app.open(),
                                tally.sum(SoakTally.LOST), tally.sum(SoakTally.BAD_DATA)));
                    }
                    long nextMark = heap[0] == 0 ? firstMark : end;
                    Waits.untilTime(earliest(nextReport, nextMark, end)); // the run's own schedule
                }
                if (heap[0] == 0) {
                    heap[0] = heapAfterFullGc();
                }
                heap[1] = heapAfterFullGc();
                log("soak: heap after full GC at the end: " + mib(heap[1]));
                runDrops = UdpDrops.at(serverPort) - rampDrops;
            } finally {
                clients.close();
                awaitDrained(app);
                tally.add("relay front socket: datagrams the kernel dropped (receive buffer full)", UdpDrops.at(relayPort));
                app.close();
                relay.close();
            }
            counters = server.counters();
            tally.add("server socket: datagrams the kernel dropped (receive buffer full), ramp", rampDrops);
            tally.add("server socket: datagrams the kernel dropped (receive buffer full), held population", runDrops);
            return new SoakResult(p, rampSeconds, heap[0], heap[1], tally.snapshot(), counters);
        }
    }

    /** Lets the server see the clients' close_notify: until the application holds nothing, or 5 s. */
    private static void awaitDrained(SoakServerApp app) throws InterruptedException {
        Waits.until(() -> app.open() == 0, System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
    }

    /** The earliest of three {@link System#nanoTime()} values (overflow-safe). */
    private static long earliest(long a, long b, long c) {
        long ab = a - b < 0 ? a : b;
        return ab - c < 0 ? ab : c;
    }

    /** Heap in use after two full collections (G1 runs a full, stop-the-world GC on {@code System.gc()}). */
    static long heapAfterFullGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    private static void log(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
