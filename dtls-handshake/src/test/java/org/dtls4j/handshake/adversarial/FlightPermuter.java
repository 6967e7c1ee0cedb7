package org.dtls4j.handshake.adversarial;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dtls4j.handshake.sim.SimulatedLink.Direction;
import org.dtls4j.handshake.sim.SimulatedLink.FlightRewriter;

/**
 * Sends every record in a datagram of its own, and delivers the records of one chosen flight in a
 * chosen order: what a network that reorders datagrams does to a flight whose messages each got a
 * datagram (RFC 6347 §4.2.3 lets a sender do exactly that). Other flights keep their order.
 */
final class FlightPermuter implements FlightRewriter {
    private final Direction direction;
    private final int flight;
    private final int[] order;
    private final Map<String, Integer> sizes = new HashMap<>();
    private boolean applied;

    /** Splits only; records the size of every flight. */
    FlightPermuter() {
        this(null, -1, null);
    }

    /** Splits, and sends flight number {@code flight} of {@code direction} in {@code order}. */
    FlightPermuter(Direction direction, int flight, int[] order) {
        this.direction = direction;
        this.flight = flight;
        this.order = order;
    }

    @Override
    public List<byte[]> rewrite(Direction d, int index, List<byte[]> datagrams) {
        List<byte[]> records = new ArrayList<>();
        Wire.records(datagrams).forEach(r -> records.add(r.bytes()));
        sizes.putIfAbsent(key(d, index), records.size());
        if (d != direction || index != flight) {
            return records;
        }
        if (records.size() != order.length) {
            throw new AssertionError("flight " + index + " " + d + " has " + records.size()
                    + " records, the order given has " + order.length);
        }
        applied = true;
        List<byte[]> out = new ArrayList<>();
        for (int i : order) {
            out.add(records.get(i));
        }
        return out;
    }

    /** How many records flight {@code index} of {@code d} had, or 0 if it was not seen. */
    int size(Direction d, int index) {
        return sizes.getOrDefault(key(d, index), 0);
    }

    /** Whether the chosen flight went by (and was put in order). */
    boolean applied() {
        return applied;
    }

    private static String key(Direction d, int index) {
        return d + "/" + index;
    }

    /** Every permutation of {@code 0..n-1}, in lexicographic order, the identity first. */
    static List<int[]> permutations(int n) {
        List<int[]> out = new ArrayList<>();
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        while (true) {
            out.add(p.clone());
            int i = n - 2;
            while (i >= 0 && p[i] > p[i + 1]) {
                i--;
            }
            if (i < 0) {
                return out;
            }
            int j = n - 1;
            while (p[j] < p[i]) {
                j--;
            }
            swap(p, i, j);
            for (int a = i + 1, b = n - 1; a < b; a++, b--) {
                swap(p, a, b);
            }
        }
    }

    private static void swap(int[] p, int i, int j) {
        int t = p[i];
        p[i] = p[j];
        p[j] = t;
    }
}
