package org.dtls4j.record;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts of discarded records by {@link Discard} reason, for one connection's record layer
 * (RFC 6347 §4.1.2.7 lets us drop invalid records silently; these counters keep the drops visible).
 *
 * <p>Counting is allocation-free. The counts may be read from any thread, for example by a metrics
 * exporter, while the connection's thread keeps counting.
 */
public final class DiscardCounters {
    private static final Discard[] REASONS = Discard.values();

    private final AtomicLongArray counts = new AtomicLongArray(REASONS.length);

    DiscardCounters() {
    }

    void increment(Discard reason) {
        counts.incrementAndGet(reason.ordinal());
    }

    /** Records discarded for this reason so far. */
    public long count(Discard reason) {
        return counts.get(reason.ordinal());
    }

    /** Records discarded for any reason so far. */
    public long total() {
        long sum = 0;
        for (int i = 0; i < REASONS.length; i++) {
            sum += counts.get(i);
        }
        return sum;
    }

    /** An unmodifiable copy of every count, zeros included, in {@link Discard} order. */
    public Map<Discard, Long> snapshot() {
        Map<Discard, Long> copy = new EnumMap<>(Discard.class);
        for (Discard reason : REASONS) {
            copy.put(reason, counts.get(reason.ordinal()));
        }
        return Collections.unmodifiableMap(copy);
    }

    /** The non-zero counts, e.g. {@code "DiscardCounters{REPLAY=3, BAD_MAC=1}"}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("DiscardCounters{");
        String sep = "";
        for (Discard reason : REASONS) {
            long n = counts.get(reason.ordinal());
            if (n != 0) {
                sb.append(sep).append(reason).append('=').append(n);
                sep = ", ";
            }
        }
        return sb.append('}').toString();
    }
}
