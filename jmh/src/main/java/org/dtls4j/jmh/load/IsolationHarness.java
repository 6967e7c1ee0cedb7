package org.dtls4j.jmh.load;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Do established connections keep their round-trip time while the server is flooded with new
 * handshakes? Three processes on 127.0.0.1: a {@link LoadServer} that echoes ({@link Echo}), a
 * {@link StormClient} that runs the handshake storms, and this JVM, whose one {@link EchoPeers}
 * thread drives the established peers and times their echoes.
 *
 * <ol>
 *   <li>Warm-up storm ({@code warmup} full ECDHE-ECDSA handshakes), so that the server's and the
 *       storm client's handshake code is compiled before anything is timed.</li>
 *   <li>{@code peers} peers complete their ECDHE-ECDSA handshakes, then each sends {@code rate}
 *       datagrams per second; {@code settle} seconds of that are discarded.</li>
 *   <li>Quiet: {@code quiet} seconds of echoes with nothing else going on.</li>
 *   <li>Storm: {@code storm} new peers handshake as fast as the server takes them
 *       ({@code inFlight} at a time) while the echoes go on; the phase lasts as long as the storm.</li>
 * </ol>
 * Reported per phase: echo round trips p50 / p99 / max, datagrams lost, how late the sender was,
 * the server's cores busy; then the ratio p99(storm) / p99(quiet).
 *
 * <pre>
 *   java -cp benchmarks.jar org.dtls4j.jmh.load.IsolationHarness [workers=N] [peers=100] [rate=20]
 *        [warmup=2000] [settle=5] [quiet=10] [storm=2000] [inFlight=64] [serverJvm=...]
 * </pre>
 */
public final class IsolationHarness {
    static final int SETTLE = 0;
    static final int QUIET = 1;
    static final int STORM = 2;

    private IsolationHarness() {
    }

    /** What one phase measured. */
    record Phase(String name, double seconds, long sent, long received, long p50, long p99, long max, long lateP99,
                 double serverCores, double stormCores, double selfCores) {
        String line() {
            return String.format(Locale.ROOT, "| %s | %.1f | %d | %d | %.3f | %.3f | %.3f | %.3f | %.2f | %.2f | %.2f |",
                    name, seconds, sent, sent - received, p50 / 1e6, p99 / 1e6, max / 1e6, lateP99 / 1e6, serverCores,
                    stormCores, selfCores);
        }
    }

    /** The readings at a phase boundary. */
    private record Mark(long wall, long server, long storm, long self) {
        static Mark take(ServerProcess server, ChildJvm storm) {
            return new Mark(System.nanoTime(), server.cpuNanos(), storm.cpuNanos(), ProcessCpu.selfNanos());
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Args.parse(args);
        int workers = Integer.parseInt(a.getOrDefault("workers", Integer.toString(Runtime.getRuntime().availableProcessors())));
        int peers = Integer.parseInt(a.getOrDefault("peers", "100"));
        int rate = Integer.parseInt(a.getOrDefault("rate", "20"));
        long warmup = Long.parseLong(a.getOrDefault("warmup", "2000"));
        long settle = Long.parseLong(a.getOrDefault("settle", "5"));
        long quiet = Long.parseLong(a.getOrDefault("quiet", "10"));
        long storm = Long.parseLong(a.getOrDefault("storm", "2000"));
        int inFlight = Integer.parseInt(a.getOrDefault("inFlight", "64"));
        List<String> serverJvm = ScalingHarness.jvmArgs(a.getOrDefault("serverJvm", ""));
        System.out.printf(Locale.ROOT, "# isolation: %d processors, java %s, %d workers, %d peers at %d/s each, "
                        + "warm-up storm %d, quiet %d s, storm %d handshakes (%d in flight)%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), workers, peers, rate,
                warmup, quiet, storm, inFlight);

        try (ServerProcess server = ServerProcess.start(workers, "echo", serverJvm, 1800);
             ChildJvm storms = ChildJvm.start(StormClient.class, List.of(), List.of(
                     "port=" + server.address().getPort(),
                     "fingerprint=" + java.util.HexFormat.of().formatHex(server.fingerprint()),
                     "inFlight=" + inFlight))) {
            storms.expect("ready");
            if (warmup > 0) {
                System.out.println("warm-up storm: " + storms.ask("storm " + warmup, "stormed"));
            }
            EchoPeers echo = new EchoPeers(server.address(), LoadClients.config(server.fingerprint()), peers, rate);
            Thread t = new Thread(echo, "echo-peers");
            t.setDaemon(true);
            t.start();
            if (!echo.awaitEstablished(90)) {
                throw new IllegalStateException("established peers: " + echo.failure());
            }
            echo.phase(SETTLE);
            Thread.sleep(settle * 1000);

            echo.phase(QUIET);
            Mark m0 = Mark.take(server, storms);
            Thread.sleep(quiet * 1000);
            echo.phase(STORM);
            Mark m1 = Mark.take(server, storms);
            Map<String, String> stormed = storms.ask("storm " + storm, "stormed");
            Mark m2 = Mark.take(server, storms);
            echo.stop();
            t.join(10_000);
            Map<String, Long> counters = server.counters();

            Phase q = phase("quiet", echo, QUIET, m0, m1);
            Phase s = phase("storm", echo, STORM, m1, m2);
            System.out.println("storm: " + stormed + String.format(Locale.ROOT, " (%.0f handshakes/s)",
                    Long.parseLong(stormed.get("completed")) / Double.parseDouble(stormed.get("seconds"))));
            System.out.println("server: " + counters);
            System.out.printf(Locale.ROOT, "misrouted echoes %d, established peers ended %d%n", echo.misrouted(), echo.ended());
            System.out.println();
            System.out.println("| phase | seconds | echoes sent | lost | p50 ms | p99 ms | max ms | send lateness p99 ms "
                    + "| server cores | storm client cores | echo peers' JVM cores |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            System.out.println(q.line());
            System.out.println(s.line());
            System.out.printf(Locale.ROOT, "%np99(storm) / p99(quiet) = %.1f%n", (double) s.p99() / q.p99());
        }
    }

    private static Phase phase(String name, EchoPeers echo, int p, Mark from, Mark to) {
        double wall = to.wall() - from.wall();
        Samples rtt = echo.roundTrips(p);
        return new Phase(name, wall / 1e9, echo.sent(p), echo.received(p), rtt.percentile(50), rtt.percentile(99),
                rtt.max(), echo.sendLateness(p).percentile(99), (to.server() - from.server()) / wall,
                (to.storm() - from.storm()) / wall, (to.self() - from.self()) / wall);
    }
}
