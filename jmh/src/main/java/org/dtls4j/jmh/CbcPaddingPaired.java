package org.dtls4j.jmh;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import org.dtls4j.jmh.MacThenEncryptShapes.Shape;

/**
 * The constant-time claim for MAC-then-encrypt records as a paired measurement: the shapes of
 * {@link CbcPaddingBenchmark} opened in rotating blocks of {@value #BLOCK} records on one thread,
 * each block's CPU time per record set against the BAD_PADDING block of the same round. Load
 * that comes and goes hits the blocks of one round alike, so the median ratio shows a difference
 * of a few nanoseconds where two JMH runs cannot. The same for the HMAC a check that trusts the
 * padding would compute, to show the size of the signal removed.
 *
 * <pre>
 *   java -cp benchmarks.jar org.dtls4j.jmh.CbcPaddingPaired [rounds]     default 300
 * </pre>
 */
public final class CbcPaddingPaired {
    private static final int BLOCK = 2_000;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CbcPaddingPaired() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        Shape[] shapes = Shape.values();
        CbcPaddingBenchmark[] benches = new CbcPaddingBenchmark[shapes.length];
        for (int s = 0; s < shapes.length; s++) {
            benches[s] = new CbcPaddingBenchmark();
            benches[s].shape = shapes[s].name();
            benches[s].setUp();
        }
        for (int i = 0; i < 30; i++) { // warm up every path until the JIT is done with them
            for (CbcPaddingBenchmark b : benches) {
                block(b, true);
                block(b, false);
            }
        }
        int reference = Shape.BAD_PADDING.ordinal();
        double[][] openNs = new double[shapes.length][rounds];
        double[][] naiveNs = new double[shapes.length][rounds];
        double[][] openRatio = new double[shapes.length][rounds];
        double[][] naiveRatio = new double[shapes.length][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < shapes.length; k++) {
                int s = (k + r) % shapes.length; // rotate, so that no shape always runs first
                openNs[s][r] = block(benches[s], true) / (double) BLOCK;
                naiveNs[s][r] = block(benches[s], false) / (double) BLOCK;
            }
            for (int s = 0; s < shapes.length; s++) {
                openRatio[s][r] = openNs[s][r] / openNs[reference][r];
                naiveRatio[s][r] = naiveNs[s][r] / naiveNs[reference][r];
            }
        }
        System.out.printf(Locale.ROOT, "MAC-then-encrypt, AES-128-CBC + HMAC-SHA256, 1296-byte records, java=%s rounds=%d block=%d%n",
                System.getProperty("java.version"), rounds, BLOCK);
        System.out.printf(Locale.ROOT, "%-20s %12s %22s %12s %22s%n", "shape", "open ns", "open / BAD_PADDING",
                "naive ns", "naive / BAD_PADDING");
        for (int s = 0; s < shapes.length; s++) {
            System.out.printf(Locale.ROOT, "%-20s %12.0f %22s %12.0f %22s%n", shapes[s], median(openNs[s]),
                    quartiles(openRatio[s]), median(naiveNs[s]), quartiles(naiveRatio[s]));
        }
    }

    private static long block(CbcPaddingBenchmark b, boolean open) {
        long t0 = THREADS.getCurrentThreadCpuTime();
        long sink = 0;
        for (int i = 0; i < BLOCK; i++) {
            sink += open ? b.open() : b.naiveMacLength();
        }
        long nanos = THREADS.getCurrentThreadCpuTime() - t0;
        if (sink == Long.MIN_VALUE) {
            throw new IllegalStateException("unreachable: keeps the JIT from dropping the work");
        }
        return nanos;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** "median (q1 .. q3)". */
    private static String quartiles(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return String.format(Locale.ROOT, "%.3f (%.3f .. %.3f)", sorted[n / 2], sorted[n / 4], sorted[3 * n / 4]);
    }
}
