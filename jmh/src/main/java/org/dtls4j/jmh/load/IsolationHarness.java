package org.dtls4j.jmh.load;

import java.util.HexFormat;
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
 * the cores busy in each process and elsewhere on the machine ({@code /proc/stat}); then the ratio
 * p99(storm) / p99(quiet).
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
                 double serverCores, double stormCores, double selfCores, double otherCores) {
        String line() {
            return String.format(Locale.ROOT, "| %s | %.1f | %d | %d | %.3f | %.3f | %.3f | %.3f | %.2f | %.2f | %.2f | %.2f |",
                    name, seconds, sent, sent - received, p50 / 1e6, p99 / 1e6, max / 1e6, lateP99 / 1e6, serverCores,
                    stormCores, selfCores, otherCores);
        }
    }

    /** The readings at a phase boundary. */
    private record Mark(long wall, long server, long storm, long self, long machine) {
        static Mark take(ServerProcess server, ChildJvm storm) {
            return new Mark(System.nanoTime(), server.cpuNanos(), storm.cpuNanos(), ProcessCpu.selfNanos(),
                    ProcessCpu.machineNanos());
        }
    }

    /** The run's parameters; see the class comment. */
    record Settings(int workers, int peers, int rate, long warmup, long settle, long quiet, long storm, int inFlight,
                    List<String> serverJvm) {
        static Settings of(Map<String, String> a) {
            return new Settings(
                    Integer.parseInt(a.getOrDefault("workers", Integer.toString(Runtime.getRuntime().availableProcessors()))),
                    Integer.parseInt(a.getOrDefault("peers", "100")),
                    Integer.parseInt(a.getOrDefault("rate", "20")),
                    Long.parseLong(a.getOrDefault("warmup", "2000")),
                    Long.parseLong(a.getOrDefault("settle", "5")),
                    Long.parseLong(a.getOrDefault("quiet", "10")),
                    Long.parseLong(a.getOrDefault("storm", "2000")),
                    Integer.parseInt(a.getOrDefault("inFlight", "64")),
                    ScalingHarness.jvmArgs(a.getOrDefault("serverJvm", "")));
        }
    }

    /** What the run measured. */
    record Result(Phase quiet, Phase storm, Map<String, String> stormed, Map<String, Long> serverCounters,
                  long misrouted, long peersEnded) {
        double p99Ratio() {
            return (double) storm.p99() / quiet.p99();
        }

        double stormRate() {
            return Long.parseLong(stormed.get("completed")) / Double.parseDouble(stormed.get("seconds"));
        }
    }

    public static void main(String[] args) throws Exception {
        Settings s = Settings.of(Args.parse(args));
        System.out.printf(Locale.ROOT, "# isolation: %d processors, java %s, %d workers, %d peers at %d/s each, "
                        + "warm-up storm %d, quiet %d s, storm %d handshakes (%d in flight)%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), s.workers(), s.peers(),
                s.rate(), s.warmup(), s.quiet(), s.storm(), s.inFlight());
        Result r = run(s);
        System.out.println("storm: " + r.stormed() + String.format(Locale.ROOT, " (%.0f handshakes/s)", r.stormRate()));
        System.out.println("server: " + r.serverCounters());
        System.out.printf(Locale.ROOT, "misrouted echoes %d, established peers ended %d%n", r.misrouted(), r.peersEnded());
        System.out.println();
        System.out.println("| phase | seconds | echoes sent | lost | p50 ms | p99 ms | max ms | send lateness p99 ms "
                + "| server cores | storm client cores | echo peers' JVM cores | other load (cores) |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        System.out.println(r.quiet().line());
        System.out.println(r.storm().line());
        System.out.printf(Locale.ROOT, "%np99(storm) / p99(quiet) = %.1f%n", r.p99Ratio());
        for (Phase p : List.of(r.quiet(), r.storm())) {
            if (p.otherCores() > ScalingHarness.BUSY_ELSEWHERE) {
                System.out.printf(Locale.ROOT, "WARNING: other processes used %.2f cores during the %s phase; "
                        + "its round trips, and the ratio, say little about the server%n", p.otherCores(), p.name());
            }
        }
    }

    /** Runs the three phases with three processes; see the class comment. */
    static Result run(Settings s) throws Exception {
        try (ServerProcess server = ServerProcess.start(s.workers(), "echo", s.serverJvm(), 1800);
             ChildJvm storms = ChildJvm.start(StormClient.class, List.of(), List.of(
                     "port=" + server.address().getPort(),
                     "fingerprint=" + HexFormat.of().formatHex(server.fingerprint()),
                     "inFlight=" + s.inFlight()))) {
            storms.expect("ready");
            if (s.warmup() > 0) {
                System.out.println("warm-up storm: " + storms.ask("storm " + s.warmup(), "stormed"));
            }
            EchoPeers echo = new EchoPeers(server.address(), LoadClients.config(server.fingerprint()), s.peers(), s.rate());
            Thread t = new Thread(echo, "echo-peers");
            t.setDaemon(true);
            t.start();
            try {
                if (!echo.awaitEstablished(90)) {
                    throw new IllegalStateException("established peers: " + echo.failure());
                }
                echo.phase(SETTLE);
                Thread.sleep(s.settle() * 1000);
                echo.phase(QUIET);
                Mark m0 = Mark.take(server, storms);
                Thread.sleep(s.quiet() * 1000);
                echo.phase(STORM);
                Mark m1 = Mark.take(server, storms);
                Map<String, String> stormed = storms.ask("storm " + s.storm(), "stormed");
                Mark m2 = Mark.take(server, storms);
                echo.stop();
                t.join(10_000);
                return new Result(phase("quiet", echo, QUIET, m0, m1), phase("storm", echo, STORM, m1, m2), stormed,
                        server.counters(), echo.misrouted(), echo.ended());
            } finally {
                echo.stop();
            }
        }
    }

    private static Phase phase(String name, EchoPeers echo, int p, Mark from, Mark to) {
        double wall = to.wall() - from.wall();
        Samples rtt = echo.roundTrips(p);
        return new Phase(name, wall / 1e9, echo.sent(p), echo.received(p), rtt.percentile(50), rtt.percentile(99),
                rtt.max(), echo.sendLateness(p).percentile(99), (to.server() - from.server()) / wall,
                (to.storm() - from.storm()) / wall, (to.self() - from.self()) / wall,
                ((to.machine() - from.machine()) - (to.server() - from.server()) - (to.storm() - from.storm())
                        - (to.self() - from.self())) / wall);
    }
}
