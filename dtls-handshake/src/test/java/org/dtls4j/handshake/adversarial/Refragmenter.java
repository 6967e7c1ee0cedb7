package org.dtls4j.handshake.adversarial;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.dtls4j.handshake.fragment.HandshakeFragment;
import org.dtls4j.handshake.sim.SimulatedLink.Direction;
import org.dtls4j.handshake.sim.SimulatedLink.FlightRewriter;

/**
 * Cuts the server's epoch-0 handshake flights into other fragmentations on the way to the client,
 * as a sender that changed its mind about the PMTU would (RFC 6347 §4.2.3: "DTLS implementations
 * MUST be able to handle overlapping fragment ranges"). Each message is cut by one of these shapes,
 * chosen at random: whole; random cut points, sent in random order; overlapping pieces; one byte per
 * fragment (in order or backwards); and any of them may get zero-length fragments and repeated
 * pieces. The messages' fragments are interleaved, packed several to a record and several records
 * to a datagram of at most 1400 bytes.
 *
 * <p>Epoch 0 has no MAC, so the records can be rebuilt freely; they get new sequence numbers, and
 * so do the server's other epoch-0 records, so that every number stays unique and increasing.
 */
final class Refragmenter implements FlightRewriter {
    private static final int DATAGRAM = 1400;

    private final Random random;
    private long nextSeq;
    private int fragments;
    private int maxFragmentsPerFlight;
    private int zeroLength;

    Refragmenter(long seed) {
        this.random = new Random(seed);
    }

    @Override
    public List<byte[]> rewrite(Direction direction, int flight, List<byte[]> datagrams) {
        if (direction != Direction.SERVER_TO_CLIENT) {
            return datagrams;
        }
        List<Wire.Rec> records = Wire.records(datagrams);
        TreeMap<Integer, HandshakeFragment> messages = wholeMessages(records);
        List<byte[]> out = new ArrayList<>();
        if (!messages.isEmpty()) {
            out.addAll(pack(interleave(messages)));
        }
        List<byte[]> rest = new ArrayList<>();
        for (Wire.Rec r : records) {
            if (r.type() == Wire.HANDSHAKE && r.epoch() == 0) {
                continue;
            }
            rest.add(r.epoch() == 0 ? Wire.renumbered(r.bytes(), nextSeq++) : r.bytes());
        }
        if (!rest.isEmpty()) {
            out.add(Wire.datagram(rest));
        }
        return out;
    }

    /** The epoch-0 handshake messages of the flight, put back together, by message_seq. */
    private static TreeMap<Integer, HandshakeFragment> wholeMessages(List<Wire.Rec> records) {
        TreeMap<Integer, byte[]> bodies = new TreeMap<>();
        TreeMap<Integer, Integer> types = new TreeMap<>();
        for (Wire.Rec r : records) {
            if (r.type() != Wire.HANDSHAKE || r.epoch() != 0) {
                continue;
            }
            for (HandshakeFragment f : Wire.fragments(r.fragment())) {
                byte[] body = bodies.computeIfAbsent(f.messageSeq(), k -> new byte[f.length()]);
                System.arraycopy(f.body(), 0, body, f.fragmentOffset(), f.fragmentLength());
                types.put(f.messageSeq(), f.msgType());
            }
        }
        TreeMap<Integer, HandshakeFragment> out = new TreeMap<>();
        bodies.forEach((seq, body) -> out.put(seq, new HandshakeFragment(types.get(seq), body.length, seq, 0, body)));
        return out;
    }

    /** Every message cut by its own shape, then the lists merged at random (each keeping its order). */
    private List<HandshakeFragment> interleave(TreeMap<Integer, HandshakeFragment> messages) {
        List<List<HandshakeFragment>> lists = new ArrayList<>();
        messages.values().forEach(m -> lists.add(cut(m)));
        List<HandshakeFragment> out = new ArrayList<>();
        while (!lists.isEmpty()) {
            int i = random.nextInt(lists.size());
            out.add(lists.get(i).remove(0));
            if (lists.get(i).isEmpty()) {
                lists.remove(i);
            }
        }
        fragments += out.size();
        maxFragmentsPerFlight = Math.max(maxFragmentsPerFlight, out.size());
        return out;
    }

    private List<HandshakeFragment> cut(HandshakeFragment m) {
        byte[] body = m.body();
        int n = body.length;
        List<int[]> ranges = new ArrayList<>();
        switch (random.nextInt(5)) {
            case 0 -> ranges.add(new int[] {0, n});
            case 1 -> randomSplit(n, ranges, true);
            case 2 -> overlapping(n, ranges);
            case 3 -> oneByte(n, ranges);
            default -> {
                randomSplit(n, ranges, false);
                List<int[]> finer = new ArrayList<>();
                for (int[] r : ranges) {
                    if (r[1] - r[0] <= 16) {
                        for (int i = r[0]; i < r[1]; i++) {
                            finer.add(new int[] {i, i + 1});
                        }
                    } else {
                        finer.add(r);
                    }
                }
                ranges = finer;
            }
        }
        if (n == 0 && ranges.isEmpty()) {
            ranges.add(new int[] {0, 0});
        }
        for (int i = random.nextInt(4); i > 0; i--) {
            int at = random.nextInt(n + 1);
            ranges.add(random.nextInt(ranges.size() + 1), new int[] {at, at});
            zeroLength++;
        }
        for (int i = random.nextInt(3); i > 0; i--) {
            ranges.add(ranges.get(random.nextInt(ranges.size())));
        }
        List<HandshakeFragment> out = new ArrayList<>();
        for (int[] r : ranges) {
            out.add(new HandshakeFragment(m.msgType(), n, m.messageSeq(), r[0], java.util.Arrays.copyOfRange(body, r[0], r[1])));
        }
        return out;
    }

    /** Up to a dozen random cut points; pieces in random order or in order. */
    private void randomSplit(int n, List<int[]> out, boolean shuffle) {
        java.util.TreeSet<Integer> cuts = new java.util.TreeSet<>(List.of(0, n));
        for (int i = random.nextInt(12); i > 0 && n > 1; i--) {
            cuts.add(1 + random.nextInt(n - 1));
        }
        Integer prev = null;
        for (int c : cuts) {
            if (prev != null) {
                out.add(new int[] {prev, c});
            }
            prev = c;
        }
        if (shuffle) {
            java.util.Collections.shuffle(out, random);
        }
    }

    /** Pieces that each reach back into the one before. */
    private void overlapping(int n, List<int[]> out) {
        int pos = 0;
        while (pos < n) {
            int len = 1 + random.nextInt(Math.max(1, n / 4));
            int start = Math.max(0, pos - random.nextInt(len + 1));
            int end = Math.min(n, pos + len);
            out.add(new int[] {start, end});
            pos = end;
        }
        if (random.nextBoolean()) {
            java.util.Collections.reverse(out);
        }
    }

    /** One byte per fragment for the first 256 bytes (forwards or backwards), the rest in one piece. */
    private void oneByte(int n, List<int[]> out) {
        int ones = Math.min(n, 256);
        for (int i = 0; i < ones; i++) {
            out.add(new int[] {i, i + 1});
        }
        if (random.nextBoolean()) {
            java.util.Collections.reverse(out);
        }
        if (ones < n) {
            out.add(new int[] {ones, n});
        }
    }

    /** Fragments into records of one to four fragments, records into datagrams of at most 1400 bytes. */
    private List<byte[]> pack(List<HandshakeFragment> fragments) {
        List<byte[]> records = new ArrayList<>();
        int i = 0;
        while (i < fragments.size()) {
            int count = 1 + random.nextInt(4);
            List<byte[]> parts = new ArrayList<>();
            int size = 13;
            while (count-- > 0 && i < fragments.size() && (parts.isEmpty() || size + fragments.get(i).encodedLength() <= DATAGRAM)) {
                HandshakeFragment f = fragments.get(i++);
                parts.add(Wire.encode(f));
                size += f.encodedLength();
            }
            records.add(Wire.record(Wire.HANDSHAKE, Wire.DTLS_1_2, 0, nextSeq++, Wire.datagram(parts)));
        }
        List<byte[]> datagrams = new ArrayList<>();
        List<byte[]> current = new ArrayList<>();
        int used = 0;
        for (byte[] r : records) {
            if (!current.isEmpty() && used + r.length > DATAGRAM) {
                datagrams.add(Wire.datagram(current));
                current = new ArrayList<>();
                used = 0;
            }
            current.add(r);
            used += r.length;
        }
        if (!current.isEmpty()) {
            datagrams.add(Wire.datagram(current));
        }
        return datagrams;
    }

    int fragments() {
        return fragments;
    }

    int maxFragmentsPerFlight() {
        return maxFragmentsPerFlight;
    }

    int zeroLengthFragments() {
        return zeroLength;
    }
}
