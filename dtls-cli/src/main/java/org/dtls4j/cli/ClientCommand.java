package org.dtls4j.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.transport.ConnectionClosedException;
import org.dtls4j.transport.DtlsClient;
import org.dtls4j.transport.DtlsConnection;

/**
 * {@code dtls4j client --connect HOST:PORT}: connects, prints what was negotiated, then either
 * sends each line of standard input as one datagram and prints what comes back (as
 * {@code openssl s_client} does), or, with {@code --count N}, sends N datagrams of
 * {@code --size} bytes, waits for each echo and checks it.
 */
final class ClientCommand implements Command {

    @Override public String name() { return "client"; }
    @Override public String synopsis() { return "--connect HOST:PORT [options]"; }
    @Override public String description() {
        return "Connect to a DTLS server, print what was negotiated, then exchange datagrams.\n"
                + "Sends each line of stdin as one datagram and prints the replies; with --count N sends\n"
                + "N datagrams instead and exits 0 only if every echo came back intact.";
    }
    @Override public List<Option> options() { return ClientSettings.OPTIONS; }

    @Override
    @SuppressWarnings("try") // the trace resource is only there to be closed
    public int run(ParsedArgs args, Terminal terminal) throws UsageException, CommandFailure, InterruptedException {
        ClientSettings s = ClientSettings.from(args, terminal);
        DtlsConfig config = WireTrace.wire(Configs.client(s.tls()), s.trace(), terminal.out());
        PrintStream out = terminal.out();
        try (TraceOutput trace = s.trace() != null ? TraceOutput.install(out) : null;
             DtlsConnection c = connect(s, config)) {
            out.println("connected to " + Addresses.text(c.peer()) + " from " + Addresses.text(c.localAddress()));
            Describe.negotiated(out, c.negotiated(), c.maxApplicationDataSize());
            s.sessions().save(c.session());
            out.print(Describe.keying(c, s.tls()));
            int status = s.count() > 0 ? countMode(s, c, out) : lineMode(s, c, terminal);
            out.println("counters: " + Describe.counters(c.counters()));
            return status;
        }
    }

    private static DtlsConnection connect(ClientSettings s, DtlsConfig config) throws CommandFailure, InterruptedException {
        try {
            return DtlsClient.connect(s.connect(), config, s.sessions().load(), s.timeout());
        } catch (DtlsException e) {
            throw new CommandFailure("handshake with " + Addresses.text(s.connect()) + " failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new CommandFailure("cannot connect to " + Addresses.text(s.connect()) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Sends {@code count} datagrams one at a time and waits for each echo. Each payload starts
     * with its index and continues with bytes from a seeded generator, so a reordered, stale or
     * altered echo is recognised.
     */
    static int countMode(ClientSettings s, DtlsConnection c, PrintStream out) throws CommandFailure, InterruptedException {
        if (s.size() > c.maxApplicationDataSize()) {
            throw new CommandFailure("--size " + s.size() + " is larger than the " + c.maxApplicationDataSize()
                    + " bytes one datagram can carry with this suite, MTU and the server's record size limit");
        }
        long start = System.nanoTime();
        for (int i = 0; i < s.count(); i++) {
            byte[] sent = payload(i, s.size());
            try {
                c.send(sent);
                byte[] echo = c.receive(s.timeout());
                if (echo == null) {
                    out.println("datagram " + i + ": no echo within " + s.timeout().toMillis() + " ms");
                    return Main.FAILED;
                }
                if (!Arrays.equals(sent, echo)) {
                    out.println("datagram " + i + ": the echo differs from what was sent");
                    return Main.FAILED;
                }
            } catch (IOException e) {
                out.println("datagram " + i + ": " + e.getMessage());
                return Main.FAILED;
            }
        }
        long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
        out.println(s.count() + "/" + s.count() + " datagrams of " + s.size() + " bytes echoed intact in " + ms + " ms");
        return Main.OK;
    }

    /** {@code size} bytes: the index big-endian in the first four, then bytes seeded by the index. */
    static byte[] payload(int index, int size) {
        byte[] b = new byte[size];
        new SplittableRandom(index).nextBytes(b);
        for (int k = 0; k < Math.min(4, size); k++) {
            b[k] = (byte) (index >>> (24 - 8 * k));
        }
        return b;
    }

    /**
     * One datagram per line of standard input; replies are printed as they arrive by a reader
     * thread. At the end of input the client waits up to {@code --timeout} for replies still
     * outstanding, then closes.
     */
    private static int lineMode(ClientSettings s, DtlsConnection c, Terminal terminal) throws InterruptedException {
        PrintStream out = terminal.out();
        Replies replies = new Replies();
        Threads.start("dtls4j-client-reader", () -> replies.printAll(c, out));
        long sent = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(terminal.in(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                byte[] data = line.getBytes(StandardCharsets.UTF_8);
                if (data.length > c.maxApplicationDataSize()) {
                    terminal.err().println("line too long for one datagram (" + data.length + " > "
                            + c.maxApplicationDataSize() + " bytes), not sent");
                    continue;
                }
                c.send(data);
                sent++;
            }
        } catch (ConnectionClosedException e) {
            out.println("connection ended: " + e.getMessage());
            return e.reason() == ConnectionClosedException.Reason.FAILED ? Main.FAILED : Main.OK;
        } catch (IOException e) {
            terminal.err().println("error: " + e.getMessage());
            return Main.FAILED;
        }
        replies.await(sent, s.timeout());
        return Main.OK;
    }

    /** Counts the replies the reader thread printed, so the end of input can wait for them. */
    private static final class Replies {
        private long count;
        private boolean ended;

        void printAll(DtlsConnection c, PrintStream out) {
            try {
                while (true) {
                    byte[] data = c.receive();
                    out.println(new String(data, StandardCharsets.UTF_8));
                    arrived(false);
                }
            } catch (IOException | InterruptedException e) {
                arrived(true);
            }
        }

        private synchronized void arrived(boolean end) {
            if (end) {
                ended = true;
            } else {
                count++;
            }
            notifyAll();
        }

        /** Waits until {@code expected} replies arrived, the connection ended, or {@code timeout} passed. */
        synchronized void await(long expected, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            long left = timeout.toNanos();
            while (count < expected && !ended && left > 0) {
                wait(Math.max(1, left / 1_000_000));
                left = deadline - System.nanoTime();
            }
        }
    }
}
