package org.dtls4j.jmh;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The server's CPU per handshake for a full ECDHE-ECDSA P-256 handshake, a resumption by session
 * ID and one by ticket ({@link TicketPeers}), measured in alternating blocks in one JVM on one
 * thread, the order rotating each round, so that load that comes and goes on a shared machine hits
 * all three alike. Each round gives one ratio per pair of paths; the medians and quartiles of
 * those are reported: ticket / session ID (RFC 5077's cost over the cache's), and full / each.
 *
 * <pre>
 *   java -cp benchmarks.jar org.dtls4j.jmh.TicketCostPaired [provider] [rounds] [warm-up seconds]
 *   defaults: JDK 60 20
 * </pre>
 */
public final class TicketCostPaired {
    private static final int FULL_BLOCK = 5;
    private static final int RESUME_BLOCK = 200;

    private TicketCostPaired() {
    }

    public static void main(String[] args) {
        Providers provider = args.length > 0 ? Providers.valueOf(args[0]) : Providers.JDK;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        long warmupNanos = (args.length > 2 ? Long.parseLong(args[2]) : 20) * 1_000_000_000L;
        TicketPeers peers = new TicketPeers(provider);
        LongSupplier[] paths = {peers::full, peers::bySessionId, peers::byTicket};
        int[] blocks = {FULL_BLOCK, RESUME_BLOCK, RESUME_BLOCK};
        String[] names = {"full", "session ID", "ticket"};

        long warmupEnd = System.nanoTime() + warmupNanos;
        do {
            for (int p = 0; p < paths.length; p++) {
                block(paths[p], blocks[p]);
            }
        } while (System.nanoTime() < warmupEnd);

        double[][] perOp = new double[paths.length][rounds];
        double[] ticketOverId = new double[rounds];
        double[] fullOverId = new double[rounds];
        double[] fullOverTicket = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < paths.length; k++) {
                int p = (r + k) % paths.length;
                perOp[p][r] = block(paths[p], blocks[p]) / (double) blocks[p];
            }
            ticketOverId[r] = perOp[2][r] / perOp[1][r];
            fullOverId[r] = perOp[0][r] / perOp[1][r];
            fullOverTicket[r] = perOp[0][r] / perOp[2][r];
        }
        System.out.printf(Locale.ROOT, "provider=%s java=%s rounds=%d blocks=%d/%d warm-up=%d s%n", provider,
                System.getProperty("java.version"), rounds, FULL_BLOCK, RESUME_BLOCK, warmupNanos / 1_000_000_000L);
        for (int p = 0; p < paths.length; p++) {
            System.out.printf(Locale.ROOT, "%-12s server CPU µs per handshake: %s%n", names[p], quartiles(perOp[p], 1e-3));
        }
        System.out.printf(Locale.ROOT, "ticket / session ID: %s%n", quartiles(ticketOverId, 1));
        System.out.printf(Locale.ROOT, "full / session ID:   %s%n", quartiles(fullOverId, 1));
        System.out.printf(Locale.ROOT, "full / ticket:       %s%n", quartiles(fullOverTicket, 1));
    }

    private static long block(LongSupplier path, int n) {
        long nanos = 0;
        for (int i = 0; i < n; i++) {
            nanos += path.getAsLong();
        }
        return nanos;
    }

    /** "median M (interquartile Q1 .. Q3)", each value times {@code scale}. */
    private static String quartiles(double[] values, double scale) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return String.format(Locale.ROOT, "median %.2f (interquartile %.2f .. %.2f)",
                s[n / 2] * scale, s[n / 4] * scale, s[3 * n / 4] * scale);
    }
}
