package org.dtls4j.handshake.fuzz;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * A short mutation fuzz of every target in the normal build: a corpus input, mutated the way a
 * fuzzer would (bit flips, bytes, cut, extend, duplicate a slice, splice with another input, poke
 * the length prefix of the framing), must pass the target's checks. Jazzer does the same guided by
 * coverage, for longer, in the {@code fuzz} profile.
 */
class CorpusMutationTest {
    private static final Map<Target, List<Corpus.Entry>> CORPUS = new EnumMap<>(Target.class);

    private static synchronized List<Corpus.Entry> corpus(Target t) {
        return CORPUS.computeIfAbsent(t, Target::corpus);
    }

    @Property(tries = 1500)
    void mutatedCorpusInputsPassTheirTarget(@ForAll Target target, @ForAll @IntRange(min = 1, max = 8) int rounds,
                                            @ForAll long seed) {
        Random random = new Random(seed);
        List<Corpus.Entry> corpus = corpus(target);
        byte[] input = corpus.get(random.nextInt(corpus.size())).bytes();
        byte[] other = corpus.get(random.nextInt(corpus.size())).bytes();
        for (int i = 0; i < rounds; i++) {
            input = mutate(input, other, random);
        }
        target.run(input);
    }

    static byte[] mutate(byte[] d, byte[] other, Random random) {
        int op = random.nextInt(7);
        if (d.length == 0) {
            op = 4;
        }
        byte[] m = d.clone();
        switch (op) {
            case 0 -> m[random.nextInt(m.length)] ^= (byte) (1 << random.nextInt(8));
            case 1 -> m[random.nextInt(m.length)] = (byte) random.nextInt(256);
            case 2 -> m = Arrays.copyOf(m, random.nextInt(m.length));
            case 3 -> {
                int from = random.nextInt(m.length);
                int len = Math.min(m.length - from, 1 + random.nextInt(64));
                m = concat(m, Arrays.copyOfRange(m, from, from + len));
            }
            case 4 -> {
                byte[] tail = new byte[1 + random.nextInt(64)];
                random.nextBytes(tail);
                m = concat(m, tail);
            }
            case 5 -> m = concat(Arrays.copyOf(m, random.nextInt(m.length + 1)),
                    Arrays.copyOfRange(other, random.nextInt(other.length + 1), other.length));
            default -> {
                // an interesting value at a random place: 0, 0xFF, or a small length
                int v = new int[] {0, 0xFF, 0x7F, 1, 12, 13}[random.nextInt(6)];
                m[random.nextInt(m.length)] = (byte) v;
            }
        }
        return m;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
