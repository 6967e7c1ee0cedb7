package org.dtls4j.record.fuzz;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * A short mutation fuzz in the normal build: corpus inputs with bits flipped, bytes set, cut,
 * extended, a slice duplicated or another input spliced in, and header fields (type, version,
 * epoch, sequence number, length) poked, through {@link RecordTargets#receive}. Jazzer does the
 * same guided by coverage, for longer, in the {@code fuzz} profile.
 */
class CorpusMutationTest {
    private static final List<Corpus.Entry> CORPUS = Corpus.load(RecordLayerFuzzer.class, "receive");
    /** Offsets of header fields in the first record (after the selector byte). */
    private static final int[] HEADER_FIELDS = {1, 2, 4, 6, 11, 12, 13};

    @Property(tries = 2000)
    void mutatedCorpusInputsPassTheTarget(@ForAll @IntRange(min = 1, max = 8) int rounds, @ForAll long seed) {
        Random random = new Random(seed);
        byte[] input = CORPUS.get(random.nextInt(CORPUS.size())).bytes();
        byte[] other = CORPUS.get(random.nextInt(CORPUS.size())).bytes();
        for (int i = 0; i < rounds; i++) {
            input = mutate(input, other, random);
        }
        RecordTargets.receive(input);
    }

    private static byte[] mutate(byte[] d, byte[] other, Random random) {
        int op = d.length == 0 ? 4 : random.nextInt(7);
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
                int at = HEADER_FIELDS[random.nextInt(HEADER_FIELDS.length)];
                if (at < m.length) {
                    m[at] = (byte) new int[] {0, 1, 2, 0x16, 0x17, 0xFE, 0xFF}[random.nextInt(7)];
                }
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
