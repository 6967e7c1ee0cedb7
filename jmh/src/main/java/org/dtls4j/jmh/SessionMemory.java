package org.dtls4j.jmh;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.management.ObjectName;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.engine.EngineState;

/**
 * Heap retained per idle established connection, server side (issue item 5). Runs {@code count}
 * handshakes between engines in memory, keeps every server-side connection object and drops the
 * clients, then compares the used heap after full collections with the used heap before the run.
 * Prints the figure and, with {@code --histogram}, the classes that hold most of it.
 *
 * <pre>
 *   java -cp benchmarks.jar org.dtls4j.jmh.SessionMemory [count] [kx] [stack] [provider] [--histogram]
 *   count     connections to hold (default 10000)
 *   kx        a {@link KeyExchange} name (default ECDHE_ECDSA_P256)
 *   stack     dtls4j or jdk (the JDK's SSLEngine; default dtls4j)
 *   provider  JDK or BC, the JCA provider under dtls4j (default JDK)
 * </pre>
 *
 * The figure includes everything the connections keep alive that the empty server did not have
 * before, so the server's session cache (at most its capacity, 1,024 sessions by default) is in
 * it; divided over 10,000 connections it is a small share, and the histogram shows it.
 */
public final class SessionMemory {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private SessionMemory() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        KeyExchange kx = args.length > 1 ? KeyExchange.valueOf(args[1]) : KeyExchange.ECDHE_ECDSA_P256;
        String stack = args.length > 2 ? args[2].toLowerCase(Locale.ROOT) : "dtls4j";
        Providers provider = args.length > 3 ? Providers.valueOf(args[3]) : Providers.JDK;
        boolean histogram = List.of(args).contains("--histogram");

        Run run = "jdk".equals(stack) ? new JdkRun(kx) : new Dtls4jRun(kx, provider);
        for (int i = 0; i < 200; i++) {
            run.handshake(); // load and compile the handshake paths; these servers are dropped
        }
        run.forgetAll();
        long before = usedAfterGc();
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            run.handshake();
        }
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        long after = usedAfterGc();
        System.out.printf(Locale.ROOT, "stack=%s kx=%s provider=%s java=%s connections=%d handshakes_took=%ds%n",
                stack, kx, "jdk".equals(stack) ? "JDK" : provider, System.getProperty("java.version"), run.held(), seconds);
        System.out.printf(Locale.ROOT, "heap used after GC: before %d bytes, after %d bytes%n", before, after);
        System.out.printf(Locale.ROOT, "retained per connection: %d bytes (%.2f KiB)%n",
                (after - before) / run.held(), (after - before) / (double) run.held() / 1024);
        if (histogram) {
            System.out.println(classHistogram(25));
        }
        run.check();
    }

    /** Used heap after full collections, once it stops shrinking. */
    private static long usedAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long now = MEMORY.getHeapMemoryUsage().getUsed();
            if (now >= used) {
                return Math.min(now, used);
            }
            used = now;
        }
        return used;
    }

    /** The first {@code lines} lines of the JVM's live class histogram ({@code jcmd GC.class_histogram}). */
    private static String classHistogram(int lines) throws Exception {
        ObjectName name = new ObjectName("com.sun.management:type=DiagnosticCommand");
        String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(name, "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        String[] all = text.split("\n");
        return String.join("\n", java.util.Arrays.copyOf(all, Math.min(lines + 2, all.length)));
    }

    private interface Run {
        void handshake() throws Exception;

        void forgetAll();

        int held();

        /** Throws if a held connection is not established (a failed handshake is not a session). */
        void check();
    }

    private static final class Dtls4jRun implements Run {
        private final DtlsConfig clientConfig;
        private final Dtls4jPair pair;
        private final List<Object> servers = new ArrayList<>();

        Dtls4jRun(KeyExchange kx, Providers provider) {
            clientConfig = Peers.dtls4jClient(kx, provider).build();
            pair = new Dtls4jPair(Peers.dtls4jServer(kx, provider).build(), new SecureRandom());
        }

        @Override
        public void handshake() {
            pair.handshake(clientConfig);
            servers.add(pair.server());
        }

        @Override
        public void forgetAll() {
            servers.clear();
        }

        @Override
        public int held() {
            return servers.size();
        }

        @Override
        public void check() {
            for (Object s : servers) {
                if (((org.dtls4j.handshake.engine.DtlsEngine) s).state() != EngineState.CONNECTED) {
                    throw new IllegalStateException("a held server is " + ((org.dtls4j.handshake.engine.DtlsEngine) s).state());
                }
            }
        }
    }

    private static final class JdkRun implements Run {
        private final JdkPair pair;
        private final List<Object> servers = new ArrayList<>();

        JdkRun(KeyExchange kx) throws Exception {
            JdkPair.disableSessionTickets();
            pair = new JdkPair(kx, kx.suite().ianaName(), Peers.HANDSHAKE_MTU, new SecureRandom());
        }

        @Override
        public void handshake() throws Exception {
            pair.handshake();
            servers.add(pair.server());
        }

        @Override
        public void forgetAll() {
            servers.clear();
        }

        @Override
        public int held() {
            return servers.size();
        }

        @Override
        public void check() {
            for (Object s : servers) {
                if (((javax.net.ssl.SSLEngine) s).isOutboundDone()) {
                    throw new IllegalStateException("a held SSLEngine is closed");
                }
            }
        }
    }
}
