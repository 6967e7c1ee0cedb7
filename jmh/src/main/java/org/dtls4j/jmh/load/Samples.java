package org.dtls4j.jmh.load;

import java.util.Arrays;

/** Nanosecond samples kept whole (tens of thousands at most), for exact percentiles. */
final class Samples {
    private long[] values = new long[1024];
    private int size;

    void add(long v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = v;
    }

    int size() {
        return size;
    }

    /** The {@code p}-th percentile (nearest rank), in nanoseconds; 0 when empty. */
    long percentile(double p) {
        if (size == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * size);
        return sorted[Math.max(0, Math.min(size - 1, rank - 1))];
    }

    long max() {
        return percentile(100);
    }
}
