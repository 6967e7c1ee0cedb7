package org.dtls4j.cli;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import org.dtls4j.handshake.ticket.RotatingTicketKeys;
import org.dtls4j.handshake.ticket.SessionTickets;
import org.dtls4j.handshake.ticket.TicketKeys;
import org.dtls4j.transport.tickets.FileTicketKeys;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.transport.ConnectionClosedException;
import org.dtls4j.transport.DtlsConnection;
import org.dtls4j.transport.DtlsServer;

/**
 * {@code dtls4j server --listen HOST:PORT}: an echo server, like {@code openssl s_server} with
 * its echo mode. Every datagram a peer sends comes back to it unchanged. It prints the limits in
 * force ({@link ServerLimits}) when it starts, so an operator sees what the flags set. Each
 * connection is logged (peer, suite, identity) when it is established and when it ends; each
 * failed handshake is one line on stderr ({@link Describe#handshakeFailure}).
 *
 * <p>One thread per connection echoes; the transport's receive thread and workers do the protocol work.
 */
final class ServerCommand implements Command {

    @Override public String name() { return "server"; }
    @Override public String synopsis() { return "--listen HOST:PORT (--cert FILE --key FILE | --psk HEX) [options]"; }
    @Override public String description() {
        return "Run a DTLS echo server: every datagram received is sent back.\n"
                + "Prints the limits in force when it starts, then logs each connection\n"
                + "(peer, cipher suite, identity) to stdout and each failed handshake\n"
                + "(peer, alert, cause) to stderr. With --save-connections, the connections\n"
                + "open at exit are saved for the next run's --restore-connections, whose\n"
                + "clients go on without a handshake (graceful restart).";
    }
    @Override public List<Option> options() { return ServerSettings.OPTIONS; }

    @Override
    @SuppressWarnings("try") // the trace resource is only there to be closed
    public int run(ParsedArgs args, Terminal terminal) throws UsageException, CommandFailure, InterruptedException {
        ServerSettings s = ServerSettings.from(args, terminal);
        DtlsConfig config = WireTrace.wire(withTickets(Configs.server(s.tls(), false), s), s.trace(), terminal.out());
        PrintStream out = terminal.out();
        try (TraceOutput trace = s.trace() != null ? TraceOutput.install(out) : null;
             DtlsServer server = bind(s, config)) {
            // runs on the server's receive thread: one short line, nothing that blocks
            PrintStream err = terminal.err();
            server.onHandshakeFailure((peer, e) -> err.println(Describe.handshakeFailure(peer, e)));
            out.println("listening on " + Addresses.text(server.localAddress())
                    + (s.options().cookies() ? "" : " (no cookie exchange)"));
            out.println(ServerLimits.line(s.options()));
            Semaphore closed = new Semaphore(0);
            Thread acceptor = Threads.start("dtls4j-accept", () -> acceptLoop(server, s.tls(), out, closed));
            s.restart().restoreInto(server, out, err);
            RestartFiles.Saver saver = s.restart().saveOnExit(server, out, err);
            try {
                if (s.count() > 0) {
                    closed.acquire(s.count());
                    out.println("served " + s.count() + " connection" + (s.count() == 1 ? "" : "s") + ", exiting");
                } else {
                    acceptor.join();
                }
            } finally {
                if (saver != null) {
                    saver.run(); // the connections still open when the command ends go to the file
                }
                acceptor.interrupt();
            }
        }
        return Main.OK;
    }

    /**
     * {@code --ticket-key-file}: tickets under the shared file's keys; {@code --tickets}: under
     * keys made in memory, rotated every hour with half an hour's overlap.
     */
    private static DtlsConfig withTickets(DtlsConfig config, ServerSettings s) throws CommandFailure {
        TicketKeys keys;
        if (s.ticketKeyFile() != null) {
            try {
                keys = new FileTicketKeys(s.ticketKeyFile());
            } catch (IOException | IllegalArgumentException e) {
                throw new CommandFailure("cannot use ticket key file " + s.ticketKeyFile() + ": " + e.getMessage(), e);
            }
        } else if (s.tickets()) {
            keys = new RotatingTicketKeys(new SecureRandom(), Duration.ofHours(1), Duration.ofMinutes(30));
        } else {
            return config;
        }
        return config.toBuilder().sessionTickets(new SessionTickets(keys)).build();
    }

    private static DtlsServer bind(ServerSettings s, DtlsConfig config) throws CommandFailure {
        try {
            return DtlsServer.bind(s.listen(), config, s.options());
        } catch (IOException e) {
            throw new CommandFailure("cannot listen on " + Addresses.text(s.listen()) + ": " + e.getMessage(), e);
        }
    }

    private static void acceptLoop(DtlsServer server, TlsSettings tls, PrintStream out, Semaphore closed) {
        try {
            DtlsConnection c;
            while ((c = server.accept()) != null) {
                DtlsConnection connection = c;
                out.print(Describe.keying(c, tls));
                Threads.start("dtls4j-echo-" + Addresses.text(c.peer()), () -> echo(connection, out, closed));
            }
        } catch (InterruptedException e) {
            // The command is ending.
        }
    }

    /** Echoes until the connection ends, then logs how it ended. */
    static void echo(DtlsConnection c, PrintStream out, Semaphore closed) {
        String peer = Addresses.text(c.peer());
        out.println("connection from " + peer + ": " + Describe.brief(c.negotiated()));
        AtomicLong echoed = new AtomicLong();
        String end;
        try {
            while (true) {
                byte[] data = c.receive();
                if (data.length > c.maxApplicationDataSize()) {
                    // The peer may use a larger MTU than we do: say so rather than end the connection.
                    out.println("connection from " + peer + ": not echoing a " + data.length + "-byte datagram, larger than "
                            + c.maxApplicationDataSize() + " bytes (see --mtu; or the client's record size limit)");
                    continue;
                }
                c.send(data);
                echoed.incrementAndGet();
            }
        } catch (ConnectionClosedException e) {
            end = e.getMessage();
        } catch (IOException e) {
            end = "error: " + e.getMessage();
        } catch (InterruptedException e) {
            end = "server stopping";
        } finally {
            c.close();
        }
        out.println("connection from " + peer + " ended (" + end + "), " + echoed.get() + " datagrams echoed");
        closed.release();
    }
}
