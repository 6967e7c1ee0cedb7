package org.dtls4j.transport.flood;

/** Used heap after full collections: the figure the flood tests budget. */
final class Heap {
    private Heap() {
    }

    /** Used heap after a full collection, taken once two collections in a row agree (at most ten). */
    static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long previous = Long.MAX_VALUE;
        long used = 0;
        for (int i = 0; i < 10; i++) {
            System.gc();
            used = rt.totalMemory() - rt.freeMemory();
            if (Math.abs(previous - used) < 64 * 1024) {
                break;
            }
            previous = used;
        }
        return used;
    }

    static String mb(long bytes) {
        return String.format("%.2f MB", bytes / (1024.0 * 1024.0));
    }
}
