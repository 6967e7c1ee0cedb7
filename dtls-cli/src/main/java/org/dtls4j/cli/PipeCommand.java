package org.dtls4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.random.RandomGenerator;
import org.dtls4j.cli.pipe.EndpointGroups;
import org.dtls4j.cli.pipe.PipeClient;
import org.dtls4j.cli.pipe.PipeOptions;
import org.dtls4j.cli.pipe.PipeServer;
import org.dtls4j.cli.pipe.TunnelEnd;
import org.dtls4j.handshake.DtlsConfig;

/**
 * {@code dtls4j pipe server|client BIND REMOTE}: a UDP-over-DTLS tunnel that behaves like
 * dtlspipe. The client takes plain UDP on BIND and opens one DTLS session per source address to
 * the server at REMOTE; the server forwards each session as its own UDP flow to REMOTE.
 * {@code pipe hoppingclient BIND ENDPOINT-GROUP...} is a client that sends each session to an
 * endpoint drawn from the groups ({@link EndpointGroups}). Runs until the process is stopped.
 */
final class PipeCommand implements Command {

    @Override public String name() { return "pipe"; }
    @Override public String synopsis() {
        return "server|client BIND REMOTE [options]\n   or: dtls4j pipe hoppingclient BIND ENDPOINT-GROUP... [options]";
    }
    @Override public String description() {
        return "Tunnel UDP through DTLS, one session per UDP flow (like dtlspipe).\n"
                + "  pipe client BIND REMOTE  plain UDP in on BIND, DTLS out to the tunnel server at REMOTE\n"
                + "  pipe server BIND REMOTE  DTLS in on BIND, plain UDP out to the service at REMOTE\n"
                + "  pipe hoppingclient BIND ENDPOINT-GROUP...  a client sending each session to a random endpoint\n"
                + "ENDPOINT-GROUP: comma-separated host names, IPs, ranges A..B and prefixes A/N, then :PORT or\n"
                + ":PORT-PORT. A group is drawn with equal probability, then an address with probability\n"
                + "proportional to the size of its term, and a port of the range.\n"
                + "Durations: 500ms, 30s, 1m, 1h30m. Examples:\n"
                + "  dtls4j pipe server --psk $(dtls4j genpsk) 0.0.0.0:2815 127.0.0.1:514\n"
                + "  dtls4j pipe hoppingclient -psk HEX 127.0.0.1:2816 'example.org:20000-50000' '192.0.2.0/24:2815'";
    }
    @Override public List<Option> options() { return PipeSettings.OPTIONS; }

    @Override
    public int run(ParsedArgs args, Terminal terminal) throws UsageException, CommandFailure, InterruptedException {
        PipeSettings s = PipeSettings.from(args, terminal);
        PrintStream out = terminal.out();
        try (TunnelEnd tunnel = start(s, out, terminal.err())) {
            // Runs until the process is stopped; on Ctrl-C every session still gets its close_notify.
            Thread hook = new Thread(tunnel::close, "dtls4j-pipe-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                new CountDownLatch(1).await();
            } finally {
                removeHook(hook);
            }
        }
        return Main.OK;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook runs.
        }
    }

    /**
     * Starts the tunnel end {@code s} describes and prints where it listens. Sessions opened and
     * closed go to {@code out}; a server end prints each failed handshake to {@code err}.
     */
    static TunnelEnd start(PipeSettings s, PrintStream out, PrintStream err) throws UsageException, CommandFailure {
        return start(s, out, err, new SecureRandom());
    }

    /**
     * As {@link #start(PipeSettings, PrintStream, PrintStream)}, with the random source the hopping
     * client draws its endpoints from (a seeded one in tests).
     */
    static TunnelEnd start(PipeSettings s, PrintStream out, PrintStream err, RandomGenerator hopRandom)
            throws UsageException, CommandFailure {
        DtlsConfig config = s.server() ? Configs.server(s.tls(), true) : Configs.client(s.tls());
        PipeOptions options = s.pipeOptions();
        try {
            if (s.server()) {
                PipeServer server = PipeServer.start(s.bind(), s.remote(), config, options, out::println);
                server.onHandshakeFailure((peer, e) -> err.println(Describe.handshakeFailure(peer, e)));
                out.println("pipe server: DTLS on " + Addresses.text(server.localAddress()) + ", forwarding to "
                        + Addresses.text(s.remote()));
                out.println(ServerLimits.line(s.limits()));
                return server;
            }
            if (s.hopping()) {
                PipeClient client = PipeClient.start(s.bind(), s.hops().destinations(hopRandom), config, options,
                        out::println);
                out.println("pipe hoppingclient: UDP on " + Addresses.text(client.localAddress())
                        + ", tunnelling each session to one of " + s.hops());
                return client;
            }
            PipeClient client = PipeClient.start(s.bind(), s.remote(), config, options, out::println);
            out.println("pipe client: UDP on " + Addresses.text(client.localAddress()) + ", tunnelling to "
                    + Addresses.text(s.remote()));
            return client;
        } catch (IOException e) {
            throw new CommandFailure("cannot bind " + Addresses.text(s.bind()) + ": " + e.getMessage(), e);
        }
    }
}
