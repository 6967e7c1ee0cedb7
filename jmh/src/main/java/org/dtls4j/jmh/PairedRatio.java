package org.dtls4j.jmh;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import org.dtls4j.crypto.BulkCipher;

/**
 * A paired measurement for a machine that other work shares: the JCA floor and dtls4j's record
 * layer run in alternating blocks of {@value #BLOCK} records on one thread, and each pair of
 * neighbouring blocks gives one ratio of CPU times. Load that comes and goes hits both halves of
 * a pair alike, so the median of many such ratios is steadier than two JMH runs minutes apart.
 * JMH remains the reference for absolute figures; this is a cross-check of the ratio target.
 *
 * <pre>
 *   java -cp benchmarks.jar org.dtls4j.jmh.PairedRatio [cipher] [payload] [pairs] [provider]
 *   defaults: AES_128_GCM 1200 400 JDK
 * </pre>
 */
public final class PairedRatio {
    private static final int BLOCK = 2_000;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private PairedRatio() {
    }

    public static void main(String[] args) throws Exception {
        BulkCipher cipher = args.length > 0 ? BulkCipher.valueOf(args[0]) : BulkCipher.AES_128_GCM;
        int payload = args.length > 1 ? Integer.parseInt(args[1]) : 1200;
        int pairs = args.length > 2 ? Integer.parseInt(args[2]) : 400;
        Providers provider = args.length > 3 ? Providers.valueOf(args[3]) : Providers.JDK;

        RecordFloorBenchmark floor = new RecordFloorBenchmark();
        floor.cipher = cipher;
        floor.payload = payload;
        floor.setUp();
        RecordDtls4jBenchmark dtls4j = new RecordDtls4jBenchmark();
        dtls4j.cipher = cipher;
        dtls4j.payload = payload;
        dtls4j.provider = provider;
        dtls4j.setUp();

        for (int i = 0; i < 50; i++) { // warm up both paths until the JIT is done with them
            floorBlock(floor);
            dtls4jBlock(dtls4j);
        }
        double[] ratios = new double[pairs];
        double[] floorNs = new double[pairs];
        double[] dtls4jNs = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            boolean floorFirst = (i & 1) == 0; // alternate the order, so neither side always goes first
            long a = floorFirst ? floorBlock(floor) : dtls4jBlock(dtls4j);
            long b = floorFirst ? dtls4jBlock(dtls4j) : floorBlock(floor);
            long f = floorFirst ? a : b;
            long d = floorFirst ? b : a;
            floorNs[i] = f / (double) BLOCK;
            dtls4jNs[i] = d / (double) BLOCK;
            ratios[i] = d / (double) f;
        }
        dtls4j.checkNothingDiscarded();
        Arrays.sort(ratios);
        Arrays.sort(floorNs);
        Arrays.sort(dtls4jNs);
        System.out.printf(Locale.ROOT, "cipher=%s payload=%d provider=%s java=%s pairs=%d block=%d%n",
                cipher, payload, provider, System.getProperty("java.version"), pairs, BLOCK);
        System.out.printf(Locale.ROOT, "CPU ns/record, median: floor %.0f, dtls4j %.0f%n", median(floorNs), median(dtls4jNs));
        System.out.printf(Locale.ROOT, "dtls4j / floor, median of paired blocks: %.3f (interquartile %.3f .. %.3f)%n",
                median(ratios), ratios[pairs / 4], ratios[3 * pairs / 4]);
    }

    private static long floorBlock(RecordFloorBenchmark b) throws Exception {
        long t0 = THREADS.getCurrentThreadCpuTime();
        int sink = 0;
        for (int i = 0; i < BLOCK; i++) {
            sink += b.sealAndOpen();
        }
        return check(sink, b.payload, THREADS.getCurrentThreadCpuTime() - t0);
    }

    private static long dtls4jBlock(RecordDtls4jBenchmark b) {
        long t0 = THREADS.getCurrentThreadCpuTime();
        int sink = 0;
        for (int i = 0; i < BLOCK; i++) {
            sink += b.writeAndRead();
        }
        return check(sink, b.payload, THREADS.getCurrentThreadCpuTime() - t0);
    }

    /** Uses the results, so that the JIT cannot drop the work, and checks every record arrived. */
    private static long check(int sink, int payload, long nanos) {
        if (sink != payload * BLOCK) {
            throw new IllegalStateException("records lost: " + sink + " bytes instead of " + payload * BLOCK);
        }
        return nanos;
    }

    private static double median(double[] sorted) {
        return sorted[sorted.length / 2];
    }
}
