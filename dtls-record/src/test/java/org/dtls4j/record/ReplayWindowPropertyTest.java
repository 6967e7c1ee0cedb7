package org.dtls4j.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link ReplayWindow} against the plainest possible model of RFC 6347 §4.1.2.6: the set of every
 * number marked so far and the highest one.
 */
class ReplayWindowPropertyTest {
    private static final long MAX = RecordHeader.MAX_SEQUENCE_NUMBER;

    /** The rule, written the obvious way. */
    static final class Model {
        final int size;
        final Set<Long> seen = new HashSet<>();
        long highest = -1;

        Model(int size) {
            this.size = size;
        }

        boolean mayAccept(long seq) {
            if (seq < 0 || seq > MAX) {
                return false;
            }
            if (seq > highest) {
                return true;
            }
            return highest - seq < size && !seen.contains(seq);
        }

        void mark(long seq) {
            seen.add(seq);
            highest = Math.max(highest, seq);
        }

        /** Drops numbers that can never matter again, so long runs stay small. */
        void prune() {
            seen.removeIf(s -> highest - s >= size);
        }
    }

    /** One received record: its number, and whether its MAC verifies. */
    record Op(long seq, boolean authentic) {
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Long> seq = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.longs().between(0, 300)),
                net.jqwik.api.Tuple.of(2, Arbitraries.longs().between(0, 5000)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(0, MAX)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(MAX - 2000, MAX)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(-1L, MAX + 1, Long.MAX_VALUE, Long.MIN_VALUE)));
        Arbitrary<Boolean> authentic = Arbitraries.frequency(
                net.jqwik.api.Tuple.of(4, true), net.jqwik.api.Tuple.of(1, false));
        return Combinators.combine(seq, authentic).as(Op::new).list().ofMaxSize(400);
    }

    @Provide
    Arbitrary<Integer> sizes() {
        return Arbitraries.of(64, 128, 192, 1024);
    }

    @Property(tries = 1000)
    void behavesLikeTheModel(@ForAll("operations") List<Op> ops, @ForAll("sizes") int size) {
        ReplayWindow window = new ReplayWindow(size);
        Model model = new Model(size);
        for (Op op : ops) {
            step(window, model, op.seq(), op.authentic());
        }
    }

    @Test
    void behavesLikeTheModelOverAMillionOperationsPerWindowSize() {
        Random random = new Random(0x5EED_2016_2181L);
        int[] sizes = {64, 128, 1024};
        for (int size : sizes) {
            ReplayWindow window = new ReplayWindow(size);
            Model model = new Model(size);
            long base = 0;
            for (int i = 0; i < 1_000_000; i++) {
                long seq;
                int pick = random.nextInt(100);
                if (pick < 85) {
                    seq = base + random.nextInt(3 * size) - size;      // around the right edge
                } else if (pick < 95) {
                    seq = base + random.nextInt(20 * size);            // jumps ahead
                } else if (pick < 99) {
                    seq = random.nextLong() & MAX;                     // anywhere
                } else {
                    seq = MAX - random.nextInt(2 * size);              // the very top
                }
                step(window, model, seq, random.nextInt(10) != 0);
                base = Math.max(0, model.highest);
                if (i % 4096 == 0) {
                    model.prune();
                }
            }
        }
    }

    private static void step(ReplayWindow window, Model model, long seq, boolean authentic) {
        boolean expected = model.mayAccept(seq);
        assertEquals(expected, window.mayAccept(seq), "mayAccept(" + seq + ") at highest " + model.highest);
        if (expected && authentic) {
            window.markAuthenticated(seq);
            model.mark(seq);
        }
        assertEquals(model.highest, window.highestAuthenticated());
        // Probe the edges after every step: that is where off-by-one errors live.
        long h = model.highest;
        for (long probe : new long[] {h, h - 1, h + 1, h - model.size, h - model.size + 1}) {
            assertEquals(model.mayAccept(probe), window.mayAccept(probe), "probe " + probe + " at highest " + h);
        }
    }
}
