package org.dtls4j.jmh.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A {@link LoadServer} in a JVM of its own ({@link ChildJvm}), so that the server's CPU time is
 * read apart from its load generator's.
 */
final class ServerProcess implements AutoCloseable {
    private final ChildJvm jvm;
    private final InetSocketAddress address;
    private final byte[] fingerprint;

    private ServerProcess(ChildJvm jvm) throws IOException {
        this.jvm = jvm;
        try {
            Map<String, String> ready = jvm.expect("ready");
            this.address = new InetSocketAddress("127.0.0.1", Integer.parseInt(ready.get("port")));
            this.fingerprint = HexFormat.of().parseHex(ready.get("fingerprint"));
        } catch (IOException | RuntimeException e) {
            jvm.close();
            throw e;
        }
    }

    /**
     * Starts {@code LoadServer workers=<workers> app=<app>}.
     *
     * @param jvmArgs extra JVM options for the server, e.g. {@code -Xmx1g}
     */
    static ServerProcess start(int workers, String app, List<String> jvmArgs, long lifetimeSeconds) throws IOException {
        return new ServerProcess(ChildJvm.start(LoadServer.class, jvmArgs,
                List.of("workers=" + workers, "app=" + app, "lifetime=" + lifetimeSeconds)));
    }

    InetSocketAddress address() {
        return address;
    }

    /** SHA-256 of the server's leaf certificate, for the clients' pin. */
    byte[] fingerprint() {
        return fingerprint.clone();
    }

    /** CPU time of the server process so far: I/O thread, workers, GC and JIT. */
    long cpuNanos() {
        return jvm.cpuNanos();
    }

    /** The server's {@code ServerCounters}, each component by name. */
    Map<String, Long> counters() throws IOException {
        return ChildJvm.numbers(jvm.ask("counters", "counters"));
    }

    @Override
    public void close() {
        jvm.close();
    }
}
