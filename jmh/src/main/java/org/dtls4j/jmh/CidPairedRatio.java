package org.dtls4j.jmh;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import org.dtls4j.crypto.BulkCipher;

/**
 * What a connection ID costs the record layer, measured the way {@link PairedRatio} measures the
 * floor: dtls4j's record layer without a CID and with one (RFC 9146) run in alternating blocks of
 * {@value #BLOCK} records on one thread, and each pair of neighbouring blocks gives one ratio of
 * CPU times, so that load coming and going on a shared machine hits both halves alike.
 *
 * <pre>
 *   java -cp benchmarks.jar org.dtls4j.jmh.CidPairedRatio [cipher] [payload] [pairs] [cidLength] [padTo] [datagram]
 *   defaults: AES_128_GCM 1200 300 6 0      (padTo: pad the CID side's inner plaintext to a multiple)
 * </pre>
 *
 * With a last argument {@code datagram}, {@code payload} is the size of the whole record instead:
 * each side carries as much application data as fits a record of that size, as a connection that
 * fills its datagrams does (the CID side 7 bytes less with a 6-byte CID: the CID and real_type).
 */
public final class CidPairedRatio {
    private static final int BLOCK = 2_000;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CidPairedRatio() {
    }

    public static void main(String[] args) {
        BulkCipher cipher = args.length > 0 ? BulkCipher.valueOf(args[0]) : BulkCipher.AES_128_GCM;
        int payload = args.length > 1 ? Integer.parseInt(args[1]) : 1200;
        int pairs = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        int cidLength = args.length > 3 ? Integer.parseInt(args[3]) : 6;
        int padTo = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        boolean datagram = args.length > 5 && args[5].equals("datagram");

        RecordDtls4jBenchmark plain = layers(cipher, datagram ? fitting(cipher, payload, 0, 0) : payload, 0, 0);
        RecordDtls4jBenchmark withCid = layers(cipher, datagram ? fitting(cipher, payload, cidLength, padTo) : payload,
                cidLength, padTo);
        for (int i = 0; i < 50; i++) { // warm up both paths until the JIT is done with them
            block(plain);
            block(withCid);
        }
        double[] ratios = new double[pairs];
        double[] plainNs = new double[pairs];
        double[] cidNs = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            boolean plainFirst = (i & 1) == 0; // alternate the order, so neither side always goes first
            long a = block(plainFirst ? plain : withCid);
            long b = block(plainFirst ? withCid : plain);
            long p = plainFirst ? a : b;
            long c = plainFirst ? b : a;
            plainNs[i] = p / (double) BLOCK;
            cidNs[i] = c / (double) BLOCK;
            ratios[i] = c / (double) p;
        }
        plain.checkNothingDiscarded();
        withCid.checkNothingDiscarded();
        Arrays.sort(ratios);
        Arrays.sort(plainNs);
        Arrays.sort(cidNs);
        System.out.printf(Locale.ROOT, "cipher=%s %s=%d (payloads %d / %d) cidLength=%d padTo=%d java=%s pairs=%d block=%d%n",
                cipher, datagram ? "record" : "payload", payload, plain.payload, withCid.payload, cidLength, padTo,
                System.getProperty("java.version"), pairs, BLOCK);
        System.out.printf(Locale.ROOT, "CPU ns/record, median: no CID %.0f, CID %.0f%n",
                plainNs[pairs / 2], cidNs[pairs / 2]);
        System.out.printf(Locale.ROOT, "CID / no CID, median of paired blocks: %.3f (interquartile %.3f .. %.3f)%n",
                ratios[pairs / 2], ratios[pairs / 4], ratios[3 * pairs / 4]);
    }

    /** The payload that makes a record of {@code recordSize} bytes on this path. */
    private static int fitting(BulkCipher cipher, int recordSize, int cidLength, int padTo) {
        return recordSize - layers(cipher, 16, cidLength, padTo).recordOverhead();
    }

    private static RecordDtls4jBenchmark layers(BulkCipher cipher, int payload, int cidLength, int padTo) {
        RecordDtls4jBenchmark b = new RecordDtls4jBenchmark();
        b.cipher = cipher;
        b.payload = payload;
        b.provider = Providers.JDK;
        b.cidLength = cidLength;
        b.padTo = padTo;
        b.setUp();
        return b;
    }

    /** CPU time of one block; checks that every record arrived, so that the JIT cannot drop the work. */
    private static long block(RecordDtls4jBenchmark b) {
        long t0 = THREADS.getCurrentThreadCpuTime();
        int sink = 0;
        for (int i = 0; i < BLOCK; i++) {
            sink += b.writeAndRead();
        }
        long nanos = THREADS.getCurrentThreadCpuTime() - t0;
        if (sink != b.payload * BLOCK) {
            throw new IllegalStateException("records lost: " + sink + " bytes instead of " + b.payload * BLOCK);
        }
        return nanos;
    }
}
