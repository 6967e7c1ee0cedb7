package org.dtls4j.netty;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import io.netty.util.ResourceLeakTracker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Netty's leak detector at {@link ResourceLeakDetector.Level#PARANOID} (every buffer tracked), with
 * every report kept here instead of only logged, so that a test can fail on it.
 *
 * <p>A leak is found when the garbage collector clears a buffer nobody released, and reported the
 * next time its detector tracks a buffer. {@link #collect()} makes that happen within a bound: it
 * leaks a canary of its own kind, collects until the canary is reported (so the collector has run
 * and the references of that cycle were processed), then allocates buffers so that the buffer
 * detector reads its queue.
 */
final class LeakRecorder {
    private static final List<String> LEAKS = new ArrayList<>();
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();
    private static final Duration COLLECT_BOUND = Duration.ofSeconds(20);

    private LeakRecorder() {
    }

    /** Installs the recording detectors; must run before the first buffer is made. Idempotent. */
    static void install() {
        if (!INSTALLED.compareAndSet(false, true)) {
            return;
        }
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
            @Override
            public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
                                                                       long maxActive) {
                return new Recording<>(resource, samplingInterval);
            }
        });
    }

    /** The leaks reported so far, and forgets them. */
    static synchronized List<String> drain() {
        List<String> out = new ArrayList<>(LEAKS);
        LEAKS.clear();
        return out;
    }

    private static synchronized void record(String leak) {
        LEAKS.add(leak);
    }

    /** Collects garbage until a leaked canary is reported, then lets the buffer detector look. */
    static void collect() {
        // a detector per call: a detector reports each leak site once
        CanaryDetector detector = new CanaryDetector();
        detector.track(new Canary()); // tracked and never closed: the canary leak
        long deadline = System.nanoTime() + COLLECT_BOUND.toNanos();
        while (!detector.leaked) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the leak canary was not reported within " + COLLECT_BOUND.toSeconds() + " s");
            }
            System.gc();
            Canary probe = new Canary();
            ResourceLeakTracker<Canary> tracker = detector.track(probe); // reads the canary queue
            if (tracker != null) {
                tracker.close(probe);
            }
        }
        for (int i = 0; i < 4; i++) {
            PooledByteBufAllocator.DEFAULT.directBuffer(16).release(); // reads the buffer queue
            Unpooled.buffer(16).release();
        }
    }

    private static final class Canary {
    }

    private static final class CanaryDetector extends ResourceLeakDetector<Canary> {
        volatile boolean leaked;

        CanaryDetector() {
            super(Canary.class, 1);
        }

        @Override
        protected boolean needReport() {
            return true;
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            leaked = true;
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            leaked = true;
        }
    }

    private static final class Recording<T> extends ResourceLeakDetector<T> {
        Recording(Class<T> resource, int samplingInterval) {
            super(resource, samplingInterval);
        }

        @Override
        protected boolean needReport() {
            return true;
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            record("LEAK: " + resourceType + " " + records);
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            record("LEAK: " + resourceType + " (no records)");
        }
    }
}
