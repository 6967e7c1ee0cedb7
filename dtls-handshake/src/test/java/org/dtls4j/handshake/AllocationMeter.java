package org.dtls4j.handshake;

import java.lang.reflect.Method;

/**
 * Counts the bytes the current thread allocates, through the JDK's
 * {@code com.sun.management.ThreadMXBean}. Reached by reflection because the tests are compiled
 * inside the module, which does not read {@code java.management}; they run on the class path, where
 * the call is allowed.
 */
public final class AllocationMeter {

    private final Object bean;
    private final Method allocatedBytes;
    private final boolean available;

    public AllocationMeter() {
        Object b = null;
        Method m = null;
        boolean ok = false;
        try {
            b = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            Class<?> type = Class.forName("com.sun.management.ThreadMXBean");
            m = type.getMethod("getCurrentThreadAllocatedBytes");
            ok = type.isInstance(b)
                    && (boolean) type.getMethod("isThreadAllocatedMemorySupported").invoke(b)
                    && (boolean) type.getMethod("isThreadAllocatedMemoryEnabled").invoke(b);
        } catch (ReflectiveOperationException | RuntimeException e) {
            ok = false;
        }
        this.bean = b;
        this.allocatedBytes = m;
        this.available = ok;
    }

    /** False on a JVM that cannot count allocations per thread. */
    public boolean isAvailable() {
        return available;
    }

    /** Bytes allocated so far by the calling thread. */
    public long allocatedBytes() {
        try {
            return (long) allocatedBytes.invoke(bean);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the allocation counter", e);
        }
    }
}
