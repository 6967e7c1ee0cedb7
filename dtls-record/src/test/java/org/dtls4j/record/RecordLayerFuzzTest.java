package org.dtls4j.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.dtls4j.crypto.BulkCipher;
import org.dtls4j.record.CollectingSink.Delivered;
import org.dtls4j.record.Records.Link;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Hostile datagrams: whatever arrives, the record layer only ever delivers records or counts
 * discards, never throws, and does work bounded by the datagram's length.
 */
class RecordLayerFuzzTest {

    /** Every outcome: delivered records, future-epoch records handed over (and kept), discards. */
    private static long outcomes(CollectingSink sink, RecordLayer layer) {
        return sink.records.size() + sink.futureRecords.size() + layer.discards().total();
    }

    @Property(tries = 1000)
    void randomBytesYieldOnlyRecordsOrDiscards(@ForAll @Size(max = 1500) byte[] datagram,
                                               @ForAll BulkCipher cipher) {
        Link link = Link.of(cipher);
        CollectingSink sink = new CollectingSink(true);
        Records.receive(link.receiver(), datagram, sink);
        // Every outcome but a final truncated header consumes at least a 13-byte header.
        assertTrue(outcomes(sink, link.receiver()) <= datagram.length / RecordHeader.LENGTH + 1);
        for (Delivered d : sink.records) {
            assertEquals(0, d.epoch(), "random bytes never authenticate in epoch 1: " + d);
        }
    }

    /** A record with arbitrary header fields, but a length that matches its body. */
    record Junk(int type, int version, int epoch, long seq, byte[] body) {
        byte[] bytes() {
            return Records.rawRecord(type, version, epoch, seq, body);
        }
    }

    @Provide
    Arbitrary<List<Junk>> junk() {
        Arbitrary<Integer> type = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(20, 21, 22, 23)),
                Tuple.of(1, Arbitraries.integers().between(0, 255)));
        Arbitrary<Integer> version = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(ProtocolVersion.DTLS_1_2)),
                Tuple.of(1, Arbitraries.just(ProtocolVersion.DTLS_1_0)),
                Tuple.of(1, Arbitraries.integers().between(0, 0xFFFF)));
        Arbitrary<Integer> epoch = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(1)),
                Tuple.of(1, Arbitraries.just(0)),
                Tuple.of(1, Arbitraries.just(2)),
                Tuple.of(1, Arbitraries.integers().between(0, 0xFFFF)));
        Arbitrary<Long> seq = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.longs().between(0, 20)),
                Tuple.of(1, Arbitraries.longs().between(0, RecordHeader.MAX_SEQUENCE_NUMBER)));
        Arbitrary<byte[]> body = Arbitraries.bytes().array(byte[].class).ofMaxSize(80);
        return Combinators.combine(type, version, epoch, seq, body).as(Junk::new).list().ofMaxSize(12);
    }

    /**
     * Genuine epoch-1 records shuffled among junk records in one datagram: each framed record has
     * exactly one outcome, every genuine record is delivered intact, and nothing else is ever
     * delivered in epoch 1. Junk records reach the replay window and the cipher, so this drives
     * the decrypt path with forged tags, borrowed sequence numbers and short fragments.
     */
    @Property(tries = 1000)
    void framedRecordsEachHaveExactlyOneOutcome(@ForAll("junk") List<Junk> junk,
                                                @ForAll @IntRange(max = 8) int genuineCount,
                                                @ForAll BulkCipher cipher,
                                                @ForAll long shuffleSeed) {
        Link link = Link.of(cipher);
        List<byte[]> parts = new ArrayList<>();
        List<byte[]> genuinePayloads = new ArrayList<>();
        for (int i = 0; i < genuineCount; i++) {
            byte[] payload = {(byte) i, (byte) (i * 7), 42};
            genuinePayloads.add(payload);
            parts.add(Records.write(link.sender(), ContentType.APPLICATION_DATA, 1, payload));
        }
        for (Junk j : junk) {
            parts.add(j.bytes());
        }
        Collections.shuffle(parts, new Random(shuffleSeed));

        CollectingSink sink = new CollectingSink(true);
        Records.receive(link.receiver(), Records.concat(parts.toArray(new byte[0][])), sink);

        assertEquals(parts.size(), outcomes(sink, link.receiver()), link.receiver().discards().toString());
        List<Delivered> epoch1 = sink.records.stream().filter(d -> d.epoch() == 1).toList();
        assertEquals(genuineCount, epoch1.size());
        for (Delivered d : epoch1) {
            assertEquals(ContentType.APPLICATION_DATA, d.type());
            assertArrayEquals(genuinePayloads.get((int) d.sequenceNumber()), d.data());
        }
    }
}
