package org.dtls4j.jmh;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.dtls4j.crypto.BulkCipher;

/**
 * A paired measurement for a machine that other work shares: the JCA floor, dtls4j's record layer
 * and the {@code DtlsEngine} API run in rotating blocks of {@value #BLOCK} records on one thread,
 * and each round of three neighbouring blocks gives one ratio of CPU times per contender against
 * the floor. Load that comes and goes hits the blocks of a round alike, so the median of many such
 * ratios is steadier than two JMH runs minutes apart. JMH remains the reference for absolute
 * figures; this is a cross-check of the ratio targets. The bytes each contender allocates per
 * record, counted over all its measured blocks, come out too.
 *
 * <p>The engine contender is {@link RecordEngineBenchmark} with the given {@code api}
 * ({@code buffers}: the caller-owned-buffer methods; {@code arrays}: a buffer per datagram).
 *
 * <pre>
 *   java -cp benchmarks.jar org.dtls4j.jmh.PairedRatio [cipher] [payload] [pairs] [provider] [api]
 *   defaults: AES_128_GCM 1200 400 JDK buffers
 * </pre>
 */
public final class PairedRatio {
    private static final int BLOCK = 2_000;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.ThreadMXBean ALLOCATIONS = (com.sun.management.ThreadMXBean) THREADS;

    private PairedRatio() {
    }

    public static void main(String[] args) throws Exception {
        BulkCipher cipher = args.length > 0 ? BulkCipher.valueOf(args[0]) : BulkCipher.AES_128_GCM;
        int payload = args.length > 1 ? Integer.parseInt(args[1]) : 1200;
        int pairs = args.length > 2 ? Integer.parseInt(args[2]) : 400;
        Providers provider = args.length > 3 ? Providers.valueOf(args[3]) : Providers.JDK;
        String api = args.length > 4 ? args[4] : "buffers";

        RecordFloorBenchmark floor = new RecordFloorBenchmark();
        floor.cipher = cipher;
        floor.payload = payload;
        floor.setUp();
        RecordDtls4jBenchmark dtls4j = new RecordDtls4jBenchmark();
        dtls4j.cipher = cipher;
        dtls4j.payload = payload;
        dtls4j.provider = provider;
        dtls4j.setUp();
        RecordEngineBenchmark engine = new RecordEngineBenchmark();
        engine.cipher = cipher;
        engine.payload = payload;
        engine.api = api;
        engine.setUp();

        for (int i = 0; i < 50; i++) { // warm up every path until the JIT is done with them
            floorBlock(floor);
            dtls4jBlock(dtls4j);
            engineBlock(engine);
        }
        double[] recordRatios = new double[pairs];
        double[] engineRatios = new double[pairs];
        double[] floorNs = new double[pairs];
        double[] dtls4jNs = new double[pairs];
        double[] engineNs = new double[pairs];
        long[] allocated = new long[3];
        long[] nanos = new long[3];
        for (int i = 0; i < pairs; i++) {
            for (int k = 0; k < 3; k++) { // rotate the order, so that no contender always goes first
                int who = (i + k) % 3;
                long bytes = ALLOCATIONS.getCurrentThreadAllocatedBytes();
                nanos[who] = who == 0 ? floorBlock(floor) : who == 1 ? dtls4jBlock(dtls4j) : engineBlock(engine);
                allocated[who] += ALLOCATIONS.getCurrentThreadAllocatedBytes() - bytes;
            }
            floorNs[i] = nanos[0] / (double) BLOCK;
            dtls4jNs[i] = nanos[1] / (double) BLOCK;
            engineNs[i] = nanos[2] / (double) BLOCK;
            recordRatios[i] = nanos[1] / (double) nanos[0];
            engineRatios[i] = nanos[2] / (double) nanos[0];
        }
        dtls4j.checkNothingDiscarded();
        for (double[] a : List.of(recordRatios, engineRatios, floorNs, dtls4jNs, engineNs)) {
            Arrays.sort(a);
        }
        long records = (long) pairs * BLOCK;
        System.out.printf(Locale.ROOT, "cipher=%s payload=%d provider=%s engine api=%s java=%s pairs=%d block=%d%n",
                cipher, payload, provider, api, System.getProperty("java.version"), pairs, BLOCK);
        System.out.printf(Locale.ROOT, "CPU ns/record, median: floor %.0f, dtls4j %.0f, engine %.0f%n",
                median(floorNs), median(dtls4jNs), median(engineNs));
        System.out.printf(Locale.ROOT, "bytes allocated/record: floor %d, dtls4j %d, engine %d%n",
                allocated[0] / records, allocated[1] / records, allocated[2] / records);
        System.out.printf(Locale.ROOT, "dtls4j / floor, median of paired blocks: %.3f (interquartile %.3f .. %.3f)%n",
                median(recordRatios), recordRatios[pairs / 4], recordRatios[3 * pairs / 4]);
        System.out.printf(Locale.ROOT, "engine / floor, median of paired blocks: %.3f (interquartile %.3f .. %.3f)%n",
                median(engineRatios), engineRatios[pairs / 4], engineRatios[3 * pairs / 4]);
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

    private static long engineBlock(RecordEngineBenchmark b) {
        long t0 = THREADS.getCurrentThreadCpuTime();
        int sink = 0;
        for (int i = 0; i < BLOCK; i++) {
            sink += b.sendAndReceive();
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
