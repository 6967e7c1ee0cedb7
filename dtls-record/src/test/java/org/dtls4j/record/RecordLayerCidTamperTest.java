package org.dtls4j.record;

import static org.dtls4j.record.Records.assertDiscards;
import static org.dtls4j.record.Records.receive;
import static org.dtls4j.record.Records.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.dtls4j.crypto.BulkCipher;
import org.dtls4j.record.CollectingSink.Delivered;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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
 * Tampered and hostile tls12_cid records: each is discarded and counted, nothing throws, and only
 * records whose tag verified are ever delivered.
 */
class RecordLayerCidTamperTest {
    private static final byte[] PAYLOAD = {0x10, 0x20, 0x30, 0x40};

    /** One genuine record (sequence number 0) and a fresh receiver for it. */
    private static byte[] genuine(CidLink link) {
        return write(link.sender(), ContentType.APPLICATION_DATA, 1, PAYLOAD);
    }

    private static RecordLayer freshReceiver(CidLink link) {
        RecordLayer r = new RecordLayer();
        r.setReadConnectionId(link.cid());
        r.installReadEpoch(1, link.keys().protection());
        return r;
    }

    private static CollectingSink feed(RecordLayer receiver, byte[] datagram) {
        CollectingSink sink = new CollectingSink();
        receive(receiver, datagram, sink);
        return sink;
    }

    @Test
    void eachFieldTamperedIsDiscardedForItsReason() {
        CidLink link = CidLink.of(BulkCipher.AES_128_GCM);
        byte[] record = genuine(link);          // 19-byte header, 8 explicit, 5 inner, 16 tag

        byte[] cidByte = record.clone();
        cidByte[14] ^= 1;
        byte[] epochZero = record.clone();
        epochZero[4] = 0;
        byte[] epochNext = record.clone();
        epochNext[4] = 2;
        byte[] epochFar = record.clone();
        epochFar[3] = 0x40;
        byte[] seq = record.clone();
        seq[10] ^= 1;
        byte[] version = record.clone();
        version[2] = (byte) 0xFF;
        byte[] longer = record.clone();
        longer[18]++;
        byte[] outerType = record.clone();
        outerType[0] = 23;
        byte[] explicitNonce = record.clone();
        explicitNonce[19 + 7] ^= 1;
        byte[] ciphertext = record.clone();
        ciphertext[19 + 8 + 2] ^= 0x40;
        byte[] realType = record.clone();
        realType[19 + 8 + 4] ^= 1;              // GCM is a stream: this flips real_type's bit
        byte[] tag = record.clone();
        tag[record.length - 1] ^= (byte) 0x80;

        Object[][] cases = {
            {cidByte, Discard.CID_MISMATCH},
            {epochZero, Discard.CID_MISMATCH},
            {epochNext, Discard.FUTURE_EPOCH},
            {epochFar, Discard.UNKNOWN_EPOCH},
            {seq, Discard.BAD_MAC},
            {version, Discard.BAD_VERSION},
            {longer, Discard.BAD_LENGTH},
            {outerType, Discard.BAD_LENGTH},    // read as RFC 6347: its length is CID bytes a1a2
            {explicitNonce, Discard.BAD_MAC},
            {ciphertext, Discard.BAD_MAC},
            {realType, Discard.BAD_MAC},
            {tag, Discard.BAD_MAC},
        };
        for (Object[] c : cases) {
            RecordLayer receiver = freshReceiver(link);
            CollectingSink sink = feed(receiver, (byte[]) c[0]);
            assertEquals(0, sink.records.size(), c[1].toString());
            assertDiscards(receiver, c[1], 1);
        }

        // shorter: the record loses its last byte (BAD_MAC), which is left over as a truncated header
        byte[] shorter = record.clone();
        shorter[18]--;
        RecordLayer receiver = freshReceiver(link);
        assertEquals(0, feed(receiver, shorter).records.size());
        assertDiscards(receiver, Discard.BAD_MAC, 1, Discard.TRUNCATED_HEADER, 1);

        // and the untouched record does arrive
        receiver = freshReceiver(link);
        assertArrayEquals(PAYLOAD, feed(receiver, record).only().data());
    }

    /** Every single bit of a genuine record flipped, for every suite: never delivered, always counted. */
    @ParameterizedTest
    @EnumSource(BulkCipher.class)
    void everyBitFlipIsDiscardedAndCounted(BulkCipher cipher) {
        CidLink link = CidLink.of(cipher);
        byte[] record = genuine(link);
        RecordProtection shared = link.keys().protection();
        for (int bit = 0; bit < record.length * 8; bit++) {
            byte[] tampered = record.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            RecordLayer receiver = new RecordLayer();
            receiver.setReadConnectionId(link.cid());
            receiver.installReadEpoch(1, shared);
            CollectingSink sink = new CollectingSink(true);
            receive(receiver, tampered, sink);
            assertEquals(0, sink.records.size(), "bit " + bit + " delivered " + sink.records);
            assertTrue(receiver.discards().total() + sink.futureRecords.size() >= 1, "bit " + bit + ": no outcome");
        }
    }

    /** Header fields of a junk record: mostly plausible, so that junk gets far into the checks. */
    record Junk(int type, int version, int epoch, long seq, byte[] cid, byte[] body, int lengthDelta) {
        byte[] bytes() {
            boolean withCid = type == ContentType.TLS12_CID;
            int header = withCid ? 13 + cid.length : 13;
            int length = Math.max(0, Math.min(0xFFFF, body.length + lengthDelta));
            byte[] r = new byte[header + body.length];
            r[0] = (byte) type;
            r[1] = (byte) (version >>> 8);
            r[2] = (byte) version;
            r[3] = (byte) (epoch >>> 8);
            r[4] = (byte) epoch;
            for (int i = 0; i < 6; i++) {
                r[5 + i] = (byte) (seq >>> (8 * (5 - i)));
            }
            if (withCid) {
                System.arraycopy(cid, 0, r, 11, cid.length);
            }
            r[header - 2] = (byte) (length >>> 8);
            r[header - 1] = (byte) length;
            System.arraycopy(body, 0, r, header, body.length);
            return r;
        }
    }

    @Provide
    Arbitrary<List<Junk>> junk() {
        Arbitrary<Integer> type = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(ContentType.TLS12_CID)),
                Tuple.of(2, Arbitraries.of(20, 21, 22, 23)),
                Tuple.of(1, Arbitraries.integers().between(0, 255)));
        Arbitrary<Integer> version = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(ProtocolVersion.DTLS_1_2)),
                Tuple.of(1, Arbitraries.integers().between(0, 0xFFFF)));
        Arbitrary<Integer> epoch = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(1)),
                Tuple.of(1, Arbitraries.of(0, 2)),
                Tuple.of(1, Arbitraries.integers().between(0, 0xFFFF)));
        Arbitrary<Long> seq = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.longs().between(0, 20)),
                Tuple.of(1, Arbitraries.longs().between(0, RecordHeader.MAX_SEQUENCE_NUMBER)));
        Arbitrary<byte[]> cid = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(CidLink.CID)),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(12)));
        Arbitrary<byte[]> body = Arbitraries.bytes().array(byte[].class).ofMaxSize(90);
        Arbitrary<Integer> lengthDelta = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just(0)),
                Tuple.of(1, Arbitraries.integers().between(-40, 40)));
        return Combinators.combine(type, version, epoch, seq, cid, body, lengthDelta).as(Junk::new).list().ofMaxSize(10);
    }

    /**
     * Genuine tls12_cid records shuffled among junk in one datagram: every genuine record is
     * delivered intact, and nothing is delivered in epoch 1 that the sender did not seal. The
     * receiver never throws, whatever the junk does to the framing.
     */
    @Property(tries = 1000)
    void onlyAuthenticatedRecordsAreEverDelivered(@ForAll("junk") List<Junk> junk,
                                                  @ForAll @IntRange(max = 6) int genuineCount,
                                                  @ForAll BulkCipher cipher,
                                                  @ForAll long shuffleSeed) {
        CidLink link = CidLink.of(cipher);
        List<byte[]> parts = new ArrayList<>();
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < genuineCount; i++) {
            byte[] payload = {(byte) i, (byte) (i * 3), 0};
            sent.add(payload);
            parts.add(write(link.sender(), ContentType.APPLICATION_DATA, 1, payload));
        }
        boolean allFramed = true;
        for (Junk j : junk) {
            parts.add(j.bytes());
            allFramed &= j.lengthDelta() == 0 && (j.type() != ContentType.TLS12_CID || j.cid().length == 6);
        }
        Collections.shuffle(parts, new Random(shuffleSeed));

        CollectingSink sink = new CollectingSink(true);
        receive(link.receiver(), Records.concat(parts.toArray(new byte[0][])), sink);

        for (Delivered d : sink.records) {
            assertTrue(d.epoch() == 0 || d.epoch() == 1, d.toString());
            if (d.epoch() == 1) {
                assertTrue(d.sequenceNumber() < genuineCount, "forged record delivered: " + d);
                assertEquals(ContentType.APPLICATION_DATA, d.type());
                assertArrayEquals(sent.get((int) d.sequenceNumber()), d.data());
            }
        }
        if (allFramed) {
            // every record was framed as written, so each has exactly one outcome, and the genuine
            // ones all arrive
            long outcomes = sink.records.size() + sink.futureRecords.size() + link.receiver().discards().total();
            assertEquals(parts.size(), outcomes, link.receiver().discards().toString());
            assertEquals(genuineCount, sink.records.stream().filter(d -> d.epoch() == 1).count());
        }
    }

    /** Arbitrary bytes, with and without a CID expected, of any length: never throws, never delivers in epoch 1. */
    @Property(tries = 1000)
    void arbitraryBytesNeverThrowNorAuthenticate(@ForAll @Size(max = 600) byte[] datagram,
                                                  @ForAll @IntRange(min = 0, max = 20) int cidLength,
                                                  @ForAll BulkCipher cipher) {
        byte[] cid = new byte[cidLength];
        Arrays.fill(cid, (byte) 0x42);
        RecordLayer receiver = new RecordLayer();
        receiver.setReadConnectionId(cid);
        receiver.installReadEpoch(1, KeyMaterial.of(cipher, 9).protection());
        if (datagram.length > 0 && (datagram[0] & 1) == 0) {
            datagram[0] = (byte) ContentType.TLS12_CID;  // half of them pose as CID records
        }
        CollectingSink sink = new CollectingSink(true);
        receive(receiver, datagram, sink);
        assertTrue(sink.records.stream().allMatch(d -> d.epoch() == 0), sink.records.toString());
        long outcomes = sink.records.size() + sink.futureRecords.size() + receiver.discards().total();
        assertTrue(outcomes <= datagram.length / RecordHeader.LENGTH + 1);
    }
}
