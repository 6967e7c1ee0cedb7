package org.dtls4j.handshake.fragment;

import static org.dtls4j.handshake.fragment.ReassemblerTest.piece;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.DecodeException;
import org.dtls4j.handshake.fragment.Reassembler.Outcome;

/**
 * However a valid flight is cut, repeated, overlapped and reordered, the reassembler delivers the
 * same messages, in order, with the transcript bytes of the unfragmented messages.
 */
class ReassemblerProperties {

    /**
     * Base cuts per message. With one piece re-cut into at most 15 one-byte fragments and the extras
     * below, a message gets at most about 50 fragments; each can add at most one missing range, so the
     * default cap of 64 ranges is never reached by a valid flight.
     */
    private static final int MAX_CUTS = 25;

    @Provide
    Arbitrary<List<byte[]>> flights() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(3000).list().ofMinSize(1).ofMaxSize(5);
    }

    @Property(tries = 1000)
    void anyCutsOverlapsAndOrderReassembleTheSameBytes(
            @ForAll("flights") List<byte[]> bodies,
            @ForAll @IntRange(min = 0, max = 0xFFFF - 5) int firstSeq,
            @ForAll Random random) throws DecodeException {
        List<HandshakeMessageBytes> sent = new ArrayList<>();
        List<HandshakeFragment> wire = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            HandshakeMessageBytes m = new HandshakeMessageBytes(random.nextInt(256), firstSeq + i, bodies.get(i));
            sent.add(m);
            wire.addAll(scatter(m, random));
        }
        if (firstSeq > 0) {
            // A stale retransmission of the peer's previous flight.
            wire.add(new HandshakeFragment(1, 3, firstSeq - 1, 0, new byte[] {1, 2, 3}));
        }
        Collections.shuffle(wire, random);

        Reassembler r = new Reassembler();
        r.setNextExpectedSeq(firstSeq);
        List<HandshakeMessageBytes> received = new ArrayList<>();
        for (HandshakeFragment f : throughRecords(wire, random)) {
            Outcome o = r.offer(f);
            assertFalse(o.isRejected(), f + " was rejected: " + o);
            if (f.messageSeq() < firstSeq) {
                assertEquals(Outcome.DUPLICATE, o);
            }
            for (HandshakeMessageBytes m; (m = r.poll()) != null; ) {
                received.add(m);
            }
        }

        assertEquals(sent, received);
        for (HandshakeMessageBytes m : received) {
            ByteWriter unfragmented = new ByteWriter();
            new HandshakeFragment(m.msgType(), m.length(), m.messageSeq(), 0, m.body()).encode(unfragmented);
            assertArrayEquals(unfragmented.toByteArray(), m.transcriptBytes());
        }
        assertEquals(0, r.bufferedBytes());
        assertEquals(firstSeq + bodies.size(), r.nextExpectedSeq());
        HandshakeFragment late = wire.get(random.nextInt(wire.size()));
        assertEquals(Outcome.DUPLICATE, r.offer(late), "everything is delivered, so any fragment is a duplicate");
        assertNull(r.poll());
    }

    /**
     * Fragments that jointly cover {@code m}: a random cut, one short piece re-cut into 1-byte
     * fragments, overlapping ranges, zero-length fragments and repeats.
     */
    private static List<HandshakeFragment> scatter(HandshakeMessageBytes m, Random random) {
        byte[] body = m.body();
        int type = m.msgType();
        int seq = m.messageSeq();
        TreeSet<Integer> cuts = new TreeSet<>(List.of(0, body.length));
        int wanted = body.length == 0 ? 0 : random.nextInt(Math.min(body.length, MAX_CUTS));
        for (int i = 0; i < wanted; i++) {
            cuts.add(1 + random.nextInt(Math.max(1, body.length - 1)));
        }
        List<HandshakeFragment> out = new ArrayList<>();
        int recut = random.nextInt(cuts.size());
        int index = 0;
        Integer from = cuts.first();
        for (Integer to = cuts.higher(from); to != null; from = to, to = cuts.higher(to), index++) {
            if (index == recut && to - from <= 15) {
                for (int at = from; at < to; at++) {
                    out.add(piece(type, seq, body, at, at + 1));
                }
            } else {
                out.add(piece(type, seq, body, from, to));
            }
        }
        if (body.length == 0) {
            out.add(piece(type, seq, body, 0, 0));
        }
        int base = out.size();
        for (int i = random.nextInt(6); i > 0 && body.length > 0; i--) {
            int a = random.nextInt(body.length);
            out.add(piece(type, seq, body, a, a + 1 + random.nextInt(body.length - a)));
        }
        for (int i = random.nextInt(4); i > 0; i--) {
            int at = random.nextInt(body.length + 1);
            out.add(piece(type, seq, body, at, at));
        }
        for (int i = random.nextInt(4); i > 0; i--) {
            out.add(out.get(random.nextInt(base)));
        }
        return out;
    }

    /** Packs the fragments 1 to 4 per record, encodes each record and decodes it again. */
    private static List<HandshakeFragment> throughRecords(List<HandshakeFragment> fragments, Random random)
            throws DecodeException {
        List<HandshakeFragment> out = new ArrayList<>(fragments.size());
        int i = 0;
        while (i < fragments.size()) {
            ByteWriter record = new ByteWriter();
            int n = Math.min(fragments.size() - i, 1 + random.nextInt(4));
            for (int k = 0; k < n; k++) {
                fragments.get(i++).encode(record);
            }
            ByteReader reader = new ByteReader(record.toByteArray());
            for (int k = 0; k < n; k++) {
                out.add(HandshakeFragment.decode(reader));
            }
            assertFalse(reader.hasRemaining());
        }
        assertTrue(out.equals(fragments));
        return out;
    }
}
