package org.dtls4j.jmh.flood;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The stateless cookie exchange under a flood (RFC 6347 §4.2.1), dtls4j next to OpenSSL: how many
 * cookie-less ClientHellos per second one server answers with a HelloVerifyRequest, and how many
 * per second of the server process's CPU time.
 *
 * <pre>
 *   java -cp jmh/target/benchmarks.jar org.dtls4j.jmh.flood.CookieFlood [--rounds 3] [--seconds 10]
 *        [--warmup 15] [--rate 0] [--sockets 64] [--openssl auto|c|s_server|none]
 *        [--floors bare,cookies|none] [--jvm-arg ARG]...
 * </pre>
 *
 * Up to four servers run side by side, each in a process of its own, all on 127.0.0.1:
 * <ul>
 *   <li>{@code dtls4j}: a {@code DtlsServer} with its default options ({@link Dtls4jCookieServer});
 *   <li>{@code openssl}: OpenSSL's {@code DTLSv1_listen} loop, built from C at run time, or
 *       {@code openssl s_server -listen} where the compiler or the headers are missing
 *       ({@link OpenSslListenServer}; {@code --openssl} picks);
 *   <li>{@code jdk-floor}: the JDK's {@code DatagramChannel} receiving and replying as the dtls4j
 *       server's receive thread does, with no DTLS: what any Java server pays per answer;
 *   <li>{@code jdk-floor+cookies}: the same loop answering with {@code CookieExchange.check}, the
 *       cookie exchange without the transport around it ({@link DatagramFloorServer} for both;
 *       {@code --floors} picks, {@code none} leaves them out).
 * </ul>
 * Between them the floors split dtls4j's cost per answer into the JDK's, the cookie exchange's
 * and the transport's.
 * The Java servers run with this JVM's {@code java} and class path, plus any {@code --jvm-arg}.
 * Separate processes give all the servers the same footing: the flood generator's thread,
 * allocation and garbage collection stay out of the server's process, and the CPU time of each
 * server is read the same way, from {@code /proc/<pid>/stat}. For the Java servers that includes
 * their JIT compiler and garbage collector, as it would in production; the CPU time of the
 * receiving thread alone is reported beside it.
 *
 * <p>The run: one cookie round trip per server (a hello that returns its cookie must be answered
 * with the handshake's next step, or counted), then a warm-up flood per server ({@code --warmup}
 * seconds, not recorded: the JIT compiles the Java paths), then {@code --rounds} rounds in which
 * each server is flooded for {@code --seconds}, the order rotating from round to round so that a
 * change in the machine's load does not favour one side. One {@link FloodGenerator} thread in this
 * JVM sends from {@code --sockets} source ports; with {@code --rate} 0 it sends as fast as it can,
 * else at that many hellos per second. The servers are never flooded at once; the idle ones sleep
 * in {@code recvfrom} or {@code epoll_wait}. The table at the end gives every window and the
 * median of the rounds' paired ratios, dtls4j against each other server.
 *
 * <p>Every process is started by this program, bounded by a lifetime it is given, and ended by
 * its PID at the end (or by a shutdown hook if this JVM is interrupted). Only loopback addresses
 * are used.
 */
public final class CookieFlood {
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);
    /** A lifetime margin for the servers beyond the run's own length. */
    private static final Duration SERVER_MARGIN = Duration.ofSeconds(120);

    private CookieFlood() {
    }

    /** What the command line asked for. */
    record Options(int rounds, Duration seconds, Duration warmup, long rate, int sockets, String openssl,
                   List<String> floors, List<String> jvmArgs) {
        static Options parse(String[] args) {
            int rounds = 3;
            Duration seconds = Duration.ofSeconds(10);
            Duration warmup = Duration.ofSeconds(15);
            long rate = 0;
            int sockets = 64;
            String openssl = "auto";
            List<String> floors = List.of("bare", "cookies");
            List<String> jvmArgs = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                if (value == null) {
                    throw new IllegalArgumentException("no value after " + args[i]);
                }
                switch (args[i++]) {
                    case "--rounds" -> rounds = Integer.parseInt(value);
                    case "--seconds" -> seconds = Duration.ofMillis((long) (Double.parseDouble(value) * 1000));
                    case "--warmup" -> warmup = Duration.ofMillis((long) (Double.parseDouble(value) * 1000));
                    case "--rate" -> rate = Long.parseLong(value);
                    case "--sockets" -> sockets = Integer.parseInt(value);
                    case "--openssl" -> openssl = value;
                    case "--floors" -> floors = value.equals("none") ? List.of() : List.of(value.split(","));
                    case "--jvm-arg" -> jvmArgs.add(value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i - 1]);
                }
            }
            if (!List.of("auto", "c", "s_server", "none").contains(openssl)) {
                throw new IllegalArgumentException("--openssl is auto, c, s_server or none, not " + openssl);
            }
            if (!List.of("bare", "cookies").containsAll(floors)) {
                throw new IllegalArgumentException("--floors is none or a list of bare and cookies, not " + floors);
            }
            return new Options(rounds, seconds, warmup, rate, sockets, openssl, floors, List.copyOf(jvmArgs));
        }

        /** How long the servers may live: the whole run, twice over for safety, plus a margin. */
        Duration serverLifetime() {
            return warmup.plus(seconds.multipliedBy(rounds)).multipliedBy(4).plus(SERVER_MARGIN);
        }
    }

    /** One server flooded once. */
    record Window(String server, int round, FloodGenerator.Result flood, long cpuNanos, long threadCpuNanos) {
        double answersPerCpuSecond() {
            return cpuNanos == 0 ? Double.NaN : flood.answered() * 1e9 / cpuNanos;
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        Path work = Files.createTempDirectory("cookie-flood");
        List<ServerProcess> servers = new ArrayList<>();
        Thread hook = new Thread(() -> servers.forEach(ServerProcess::close), "cookie-flood-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            machine(o);
            servers.add(startDtls4j(o));
            ServerProcess openssl = startOpenSsl(o, work);
            if (openssl != null) {
                servers.add(openssl);
            }
            for (String mode : o.floors()) {
                servers.add(startFloor(o, mode));
            }
            for (ServerProcess s : servers) {
                if (s.name().equals(OpenSslListenServer.S_SERVER)) {
                    continue;
                }
                int type = FloodGenerator.cookieRoundTrip(address(s), Duration.ofSeconds(5));
                System.out.printf("%s (pid %d, port %d): cookie round trip answered with handshake type %d%n",
                        s.name(), s.pid(), s.port(), type);
            }
            for (ServerProcess s : servers) {
                Window w = flood(s, 0, o.warmup(), o);
                System.out.println("warm-up  " + line(w));
            }
            List<Window> windows = new ArrayList<>();
            for (int round = 1; round <= o.rounds(); round++) {
                List<ServerProcess> order = new ArrayList<>(servers);
                Collections.rotate(order, 1 - round);
                for (ServerProcess s : order) {
                    Window w = flood(s, round, o.seconds(), o);
                    windows.add(w);
                    System.out.println("round " + round + "  " + line(w));
                }
            }
            for (ServerProcess s : servers) {
                Map<String, Long> counters = s.stop(STOP_WAIT);
                System.out.println(s.name() + " counters at exit (warm-up and round trip included): " + counters);
            }
            System.out.println();
            System.out.print(table(windows, servers));
            machine(o);
        } finally {
            servers.forEach(ServerProcess::close);
            Runtime.getRuntime().removeShutdownHook(hook);
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The dtls4j server in a JVM of its own. */
    static ServerProcess startDtls4j(Options o) throws IOException {
        return startJava("dtls4j", Dtls4jCookieServer.class, Dtls4jCookieServer.IO_THREAD_PREFIX, o);
    }

    /**
     * The JDK's {@code DatagramChannel} under the dtls4j server, in a JVM of its own: answering
     * with a fixed datagram ({@code bare}) or with the cookie exchange alone ({@code cookies}).
     */
    static ServerProcess startFloor(Options o, String mode) throws IOException {
        String name = mode.equals("bare") ? "jdk-floor" : "jdk-floor+cookies";
        return startJava(name, DatagramFloorServer.class, DatagramFloorServer.THREAD_NAME, o, mode);
    }

    /** {@code mainClass} with this JVM's {@code java} and class path and the {@code --jvm-arg}s. */
    private static ServerProcess startJava(String name, Class<?> mainClass, String threadPrefix, Options o,
                                           String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(o.jvmArgs());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName(),
                Long.toString(o.serverLifetime().toSeconds())));
        cmd.addAll(List.of(args));
        return ServerProcess.announcingPort(name, cmd, threadPrefix, Duration.ofSeconds(30));
    }

    /** OpenSSL's server as {@code --openssl} asks; null for none. */
    static ServerProcess startOpenSsl(Options o, Path work) throws IOException, InterruptedException {
        if (o.openssl().equals("none")) {
            return null;
        }
        if (!o.openssl().equals("s_server")) {
            OpenSslListenServer.Build build = OpenSslListenServer.build(work);
            if (build.executable() != null) {
                return OpenSslListenServer.start(build.executable(), o.serverLifetime());
            }
            if (o.openssl().equals("c")) {
                throw new IOException("cannot build the OpenSSL server: " + build.missing());
            }
            System.out.println("OpenSSL server not built: " + build.missing() + "; falling back to openssl s_server");
        }
        if (!OpenSslListenServer.onPath("openssl")) {
            System.out.println("no openssl command either: dtls4j runs alone");
            return null;
        }
        return OpenSslListenServer.sServer(freeUdpPort());
    }

    /** Floods {@code s} once and reads its CPU time before and after. */
    static Window flood(ServerProcess s, int round, Duration length, Options o) throws IOException {
        try (FloodGenerator g = new FloodGenerator(address(s), o.sockets())) {
            long cpu = s.cpuNanos();
            long thread = s.threadCpuNanos();
            FloodGenerator.Result r = g.run(length, o.rate());
            return new Window(s.name(), round, r, s.cpuNanos() - cpu, s.threadCpuNanos() - thread);
        }
    }

    private static InetSocketAddress address(ServerProcess s) {
        return new InetSocketAddress("127.0.0.1", s.port());
    }

    private static int freeUdpPort() throws IOException {
        try (java.nio.channels.DatagramChannel c = java.nio.channels.DatagramChannel.open()) {
            c.bind(new InetSocketAddress("127.0.0.1", 0));
            return ((InetSocketAddress) c.getLocalAddress()).getPort();
        }
    }

    private static String line(Window w) {
        FloodGenerator.Result r = w.flood();
        return String.format(Locale.ROOT, "%-16s offered %,10.0f/s  answered %,10.0f/s  server CPU %6.2f s"
                        + " (I/O thread %6.2f s)  %,10.0f answers per CPU-s  not answers %d  generator CPU %.2f s",
                w.server(), r.offeredPerSecond(), r.answeredPerSecond(), w.cpuNanos() / 1e9, w.threadCpuNanos() / 1e9,
                w.answersPerCpuSecond(), r.notAnswers(), r.generatorCpuNanos() / 1e9);
    }

    /** The Markdown table of all rounds, then medians and the dtls4j / OpenSSL ratios. */
    static String table(List<Window> windows, List<ServerProcess> servers) {
        StringBuilder sb = new StringBuilder();
        sb.append("| server | round | offered/s | answered/s | server CPU-s | I/O thread CPU-s | answers per CPU-s |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (Window w : windows) {
            FloodGenerator.Result r = w.flood();
            sb.append(String.format(Locale.ROOT, "| %s | %d | %,.0f | %,.0f | %.2f | %.2f | %,.0f |%n", w.server(),
                    w.round(), r.offeredPerSecond(), r.answeredPerSecond(), w.cpuNanos() / 1e9,
                    w.threadCpuNanos() / 1e9, w.answersPerCpuSecond()));
        }
        for (ServerProcess other : servers.subList(1, servers.size())) {
            List<Double> answered = new ArrayList<>();
            List<Double> perCpu = new ArrayList<>();
            for (int round = 1; round <= windows.stream().mapToInt(Window::round).max().orElse(0); round++) {
                Window ours = find(windows, round, servers.get(0).name());
                Window theirs = find(windows, round, other.name());
                answered.add(ours.flood().answeredPerSecond() / theirs.flood().answeredPerSecond());
                perCpu.add(ours.answersPerCpuSecond() / theirs.answersPerCpuSecond());
            }
            sb.append(String.format(Locale.ROOT, "%nratio %s / %s, median of the rounds' paired ratios:"
                    + " answered/s %.2f, answers per CPU-s %.2f (rounds: %s; %s)", servers.get(0).name(), other.name(),
                    median(answered), median(perCpu), format(answered), format(perCpu)));
        }
        sb.append(System.lineSeparator());
        return sb.toString();
    }

    private static Window find(List<Window> windows, int round, String server) {
        return windows.stream().filter(w -> w.round() == round && w.server().equals(server)).findFirst().orElseThrow();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String format(List<Double> values) {
        return String.join(" ", values.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList());
    }

    /** The machine, as far as it matters for the figures: cores, load, Java, the options. */
    private static void machine(Options o) throws IOException, InterruptedException {
        String load = Files.readString(Path.of("/proc/loadavg")).trim();
        System.out.printf(Locale.ROOT, "machine: %d cores, load average %s; java %s; %s; %s%n",
                Runtime.getRuntime().availableProcessors(), load, System.getProperty("java.version"),
                OpenSslListenServer.version(), o);
    }
}
