package org.dtls4j.jmh.load;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.dtls4j.handshake.DtlsConfig;

/**
 * Does the server's handshake rate grow with its workers? For each worker count (1, 2 and the
 * number of processors, in one run), a {@link LoadServer} in its own JVM takes full ECDHE-ECDSA
 * P-256 handshakes on 127.0.0.1 from {@link HandshakeLoad} generators in this JVM. After a
 * warm-up (twice as long for the first server, which also warms the generator), one window
 * measures:
 * <ul>
 *   <li>handshakes completed per second (the server's {@code handshakesCompleted} counter);</li>
 *   <li>the server process's CPU in cores busy (utime + stime from {@code /proc/<pid>/stat} over
 *       the window, divided by wall time), and its CPU per handshake, GC and JIT included;</li>
 *   <li>the same for this JVM, the generator, and the busiest generator thread;</li>
 *   <li>what the rest of the machine used meanwhile ({@code /proc/stat}), since others may share it.</li>
 * </ul>
 * It ends with the rate to expect on N cores from the measured costs: with c_s server CPU and c_g
 * generator CPU per handshake, W workers and G generator threads,
 * {@code rate = min(W / c_s, G / c_g, N / (c_s + c_g))}.
 *
 * <pre>
 *   java -cp benchmarks.jar org.dtls4j.jmh.load.ScalingHarness [workers=1,2,N] [warmup=20] [window=15]
 *        [inFlight=64] [generators=1] [rounds=1] [serverJvm=-Xmx1g]
 * </pre>
 */
public final class ScalingHarness {
    /** Cores used by other processes above which a window's figures are flagged as disturbed. */
    static final double BUSY_ELSEWHERE = 0.5;

    private ScalingHarness() {
    }

    /** One window's readings. */
    private record Snapshot(long wall, long serverCpu, long selfCpu, long machineCpu, long[] threadCpu,
                            long serverHandshakes) {
        static Snapshot take(ServerProcess server, List<HandshakeLoad> loads) throws IOException {
            long[] threads = loads.stream().mapToLong(HandshakeLoad::threadCpuNanos).toArray();
            long hs = server.counters().get("handshakesCompleted");
            return new Snapshot(System.nanoTime(), server.cpuNanos(), ProcessCpu.selfNanos(), ProcessCpu.machineNanos(),
                    threads, hs);
        }
    }

    /** What one worker count did in its window. */
    record Row(int round, int workers, double handshakesPerSecond, double serverCores, double serverMicrosPerHandshake,
               double generatorCores, double generatorThreadBusy, double generatorMicrosPerHandshake, double otherCores,
               long clientFailures, long clientRetransmissions, double meanLatencyMillis, Map<String, Long> failureReasons,
               Map<String, Long> serverCounters) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Args.parse(args);
        int cores = Runtime.getRuntime().availableProcessors();
        int[] workers = workerCounts(a.getOrDefault("workers", "1,2," + cores), cores);
        long warmup = Long.parseLong(a.getOrDefault("warmup", "20"));
        long window = Long.parseLong(a.getOrDefault("window", "15"));
        int inFlight = Integer.parseInt(a.getOrDefault("inFlight", "64"));
        int generators = Integer.parseInt(a.getOrDefault("generators", "1"));
        int rounds = Integer.parseInt(a.getOrDefault("rounds", "1"));
        List<String> serverJvm = jvmArgs(a.getOrDefault("serverJvm", ""));

        System.out.printf(Locale.ROOT, "# scaling: %d processors, java %s, workers %s, warm-up %d s, window %d s, "
                        + "%d handshakes in flight on %d generator thread(s), %d round(s)%n", cores,
                System.getProperty("java.version"), Arrays.toString(workers), warmup, window, inFlight, generators, rounds);
        List<Row> rows = new ArrayList<>();
        boolean first = true;
        for (int r = 1; r <= rounds; r++) {
            for (int w : workers) {
                // the first server warms this JVM's generator too: its JIT needs the same time again
                Row row = measure(r, w, first ? 2 * warmup : warmup, window, inFlight, generators, serverJvm);
                first = false;
                rows.add(row);
                System.out.println(line(row));
            }
        }
        System.out.println();
        System.out.println(table(rows));
        System.out.println(expectation(rows, cores, generators));
    }

    /** Runs one worker count: its own server process, warm-up, one measured window. */
    static Row measure(int round, int workers, long warmupSeconds, long windowSeconds, int inFlight, int generators,
                       List<String> serverJvm) throws Exception {
        try (ServerProcess server = ServerProcess.start(workers, "ignore", serverJvm,
                warmupSeconds + windowSeconds + 120)) {
            DtlsConfig config = LoadClients.config(server.fingerprint());
            List<HandshakeLoad> loads = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int g = 0; g < generators; g++) {
                int share = inFlight / generators + (g < inFlight % generators ? 1 : 0);
                HandshakeLoad load = new HandshakeLoad(server.address(), config, share, Long.MAX_VALUE);
                Thread t = new Thread(load, "load-" + g);
                t.setDaemon(true);
                loads.add(load);
                threads.add(t);
                t.start();
            }
            Thread.sleep(warmupSeconds * 1000);
            long failuresBefore = sum(loads, HandshakeLoad::failed);
            long retransmissionsBefore = sum(loads, HandshakeLoad::retransmissions);
            Snapshot s0 = Snapshot.take(server, loads);
            Thread.sleep(windowSeconds * 1000);
            Snapshot s1 = Snapshot.take(server, loads);
            long failures = sum(loads, HandshakeLoad::failed) - failuresBefore;
            long retransmissions = sum(loads, HandshakeLoad::retransmissions) - retransmissionsBefore;
            double latency = loads.stream().mapToDouble(HandshakeLoad::meanLatencyMillis).average().orElse(0);
            for (HandshakeLoad l : loads) {
                l.stop();
            }
            for (Thread t : threads) {
                t.join(10_000);
            }
            Map<String, Long> counters = server.counters();
            Map<String, Long> reasons = new java.util.TreeMap<>();
            for (HandshakeLoad l : loads) {
                l.failures().forEach((k, v) -> reasons.merge(k, v, Long::sum));
            }

            double wall = s1.wall() - s0.wall();
            long handshakes = s1.serverHandshakes() - s0.serverHandshakes();
            double serverCpu = s1.serverCpu() - s0.serverCpu();
            double selfCpu = s1.selfCpu() - s0.selfCpu();
            double busiestThread = 0;
            for (int i = 0; i < s0.threadCpu().length; i++) {
                busiestThread = Math.max(busiestThread, s1.threadCpu()[i] - s0.threadCpu()[i]);
            }
            double machine = s1.machineCpu() - s0.machineCpu();
            return new Row(round, workers, handshakes / wall * 1e9, serverCpu / wall, serverCpu / handshakes / 1e3,
                    selfCpu / wall, busiestThread / wall, selfCpu / handshakes / 1e3,
                    (machine - serverCpu - selfCpu) / wall, failures, retransmissions, latency, reasons, counters);
        }
    }

    private static long sum(List<HandshakeLoad> loads, java.util.function.ToLongFunction<HandshakeLoad> f) {
        return loads.stream().mapToLong(f).sum();
    }

    static String line(Row r) {
        return String.format(Locale.ROOT, "round %d workers %d: %.0f handshakes/s, server %.2f cores (%.0f µs/handshake), "
                        + "generator %.2f cores (busiest thread %.2f, %.0f µs/handshake), others %.2f cores, "
                        + "client failures %d, client retransmissions %d, mean handshake since the start %.1f ms; server refused %d/%d, "
                        + "failed %d, replaced %d",
                r.round(), r.workers(), r.handshakesPerSecond(), r.serverCores(), r.serverMicrosPerHandshake(),
                r.generatorCores(), r.generatorThreadBusy(), r.generatorMicrosPerHandshake(), r.otherCores(),
                r.clientFailures(), r.clientRetransmissions(), r.meanLatencyMillis(),
                r.serverCounters().getOrDefault("refusedMaxPeers", -1L), r.serverCounters().getOrDefault("refusedMaxHandshakes", -1L),
                r.serverCounters().getOrDefault("handshakesFailed", -1L), r.serverCounters().getOrDefault("associationsReplaced", -1L))
                + "; client failures by reason " + r.failureReasons() + "; server " + r.serverCounters();
    }

    static String table(List<Row> rows) {
        StringBuilder b = new StringBuilder();
        b.append("| round | workers | handshakes/s | server cores busy | server µs CPU/handshake | generator cores "
                + "| busiest generator thread | generator µs CPU/handshake | other load (cores) | client failures |\n");
        b.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "| %d | %d | %.0f | %.2f | %.0f | %.2f | %.2f | %.0f | %.2f%s | %d |%n",
                    r.round(), r.workers(), r.handshakesPerSecond(), r.serverCores(), r.serverMicrosPerHandshake(),
                    r.generatorCores(), r.generatorThreadBusy(), r.generatorMicrosPerHandshake(), r.otherCores(),
                    r.otherCores() > BUSY_ELSEWHERE ? " (disturbed)" : "", r.clientFailures()));
        }
        return b.toString();
    }

    /**
     * The formula with this run's costs: the lowest server and generator CPU per handshake seen in
     * the windows that others did not disturb (in all windows when every one was disturbed).
     */
    static String expectation(List<Row> rows, int cores, int generators) {
        List<Row> quiet = rows.stream().filter(r -> r.otherCores() <= BUSY_ELSEWHERE).toList();
        List<Row> use = quiet.isEmpty() ? rows : quiet;
        double cs = use.stream().mapToDouble(Row::serverMicrosPerHandshake).min().orElse(Double.NaN) / 1e6;
        double cg = use.stream().mapToDouble(Row::generatorMicrosPerHandshake).min().orElse(Double.NaN) / 1e6;
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "expected rate = min(W / c_s, G / c_g, N / (c_s + c_g)) with c_s = %.0f µs, "
                + "c_g = %.0f µs, G = %d:%n", cs * 1e6, cg * 1e6, generators));
        Set<Integer> ns = new LinkedHashSet<>(List.of(1, 2, cores, 4, 8, 16));
        for (int n : ns) {
            double rate = Math.min(Math.min(n / cs, generators / cg), n / (cs + cg));
            b.append(String.format(Locale.ROOT, "  N = W = %2d cores: %,6.0f handshakes/s, server %.2f cores busy%n",
                    n, rate, rate * cs));
        }
        return b.toString();
    }

    static int[] workerCounts(String spec, int cores) {
        Set<Integer> set = new LinkedHashSet<>();
        for (String s : spec.split(",")) {
            set.add(s.trim().equals("N") ? cores : Integer.parseInt(s.trim()));
        }
        return set.stream().mapToInt(Integer::intValue).toArray();
    }

    static List<String> jvmArgs(String spec) {
        return spec.isBlank() ? List.of() : List.of(spec.trim().split("\\s+"));
    }
}
