package org.dtls4j.handshake.cookieattack;

import java.lang.reflect.Method;

/**
 * Heap figures for the statelessness tests. The tests are compiled inside the module, which does
 * not read {@code java.management}, so the per-thread allocation counter of
 * {@code com.sun.management.ThreadMXBean} is reached by reflection (the tests run on the class
 * path, where the call is allowed); used heap comes from {@link Runtime}.
 */
final class Memory {
    private Memory() {
    }

    /** Bytes allocated so far by the calling thread. */
    static long allocatedByThisThread() {
        try {
            Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            Method m = Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes");
            return (long) m.invoke(bean);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this JVM cannot count allocated bytes per thread", e);
        }
    }

    /** Used heap after a full collection, taken once two collections in a row agree (at most ten). */
    static long usedHeapAfterGc() {
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
}
