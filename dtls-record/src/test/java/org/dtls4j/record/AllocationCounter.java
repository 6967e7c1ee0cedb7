package org.dtls4j.record;

import java.lang.reflect.Method;

/**
 * Bytes allocated so far by the current thread, from HotSpot's
 * {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}.
 *
 * <p>Reached by reflection because the tests are compiled inside this module, which does not read
 * {@code java.management}; at run time they are on the class path, where it is visible.
 */
final class AllocationCounter {
    private final Object bean;
    private final Method allocatedBytes;
    private final long threadId = Thread.currentThread().getId();

    private AllocationCounter(Object bean, Method allocatedBytes) {
        this.bean = bean;
        this.allocatedBytes = allocatedBytes;
    }

    /** A counter for the calling thread, or null if this JVM does not count allocations per thread. */
    static AllocationCounter forCurrentThread() {
        try {
            Object bean = Class.forName("java.lang.management.ManagementFactory")
                    .getMethod("getThreadMXBean").invoke(null);
            Class<?> sun = Class.forName("com.sun.management.ThreadMXBean");
            if (!sun.isInstance(bean) || !(Boolean) sun.getMethod("isThreadAllocatedMemorySupported").invoke(bean)) {
                return null;
            }
            sun.getMethod("setThreadAllocatedMemoryEnabled", boolean.class).invoke(bean, true);
            return new AllocationCounter(bean, sun.getMethod("getThreadAllocatedBytes", long.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    long allocatedBytes() {
        try {
            return (Long) allocatedBytes.invoke(bean, threadId);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
