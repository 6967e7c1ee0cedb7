package org.dtls4j.interop.soak;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Named counters that every thread of a soak run adds to: what happened to sessions, datagrams
 * and handshakes, each failure under its reason. Names start with the side that counted
 * ({@code client}, {@code server}, {@code relay}); {@link #LOST} and {@link #BAD_DATA} prefix the
 * counters that must stay at zero.
 */
final class SoakTally {
    /** Prefix of associations that ended other than by a rule: must stay at zero. */
    static final String LOST = "LOST ";
    /** Prefix of datagrams delivered corrupted or twice: must stay at zero. */
    static final String BAD_DATA = "BAD DATA ";

    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();

    void add(String name) {
        add(name, 1);
    }

    void add(String name, long n) {
        counters.computeIfAbsent(name, k -> new LongAdder()).add(n);
    }

    long get(String name) {
        LongAdder a = counters.get(name);
        return a == null ? 0 : a.sum();
    }

    /** The sum of every counter whose name starts with {@code prefix}. */
    long sum(String prefix) {
        return counters.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .mapToLong(e -> e.getValue().sum()).sum();
    }

    /** Every counter, sorted by name. */
    Map<String, Long> snapshot() {
        Map<String, Long> m = new TreeMap<>();
        counters.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }
}
