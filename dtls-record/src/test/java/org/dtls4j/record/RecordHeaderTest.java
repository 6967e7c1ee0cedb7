package org.dtls4j.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;

import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.DecodeException;
import org.junit.jupiter.api.Test;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class RecordHeaderTest {

    /** Handshake, DTLS 1.2, epoch 1, sequence number 0x0102030405, 32-byte fragment. */
    private static final String KNOWN = "16 fefd 0001 000102030405 0020";

    @Test
    void decodesAKnownHeader() throws DecodeException {
        ByteReader r = new ByteReader(Hex.decode(KNOWN + "ff"));
        RecordHeader h = RecordHeader.decode(r);
        assertEquals(new RecordHeader(ContentType.HANDSHAKE, ProtocolVersion.DTLS_1_2, 1, 0x0102030405L, 32), h);
        assertEquals(1, r.remaining(), "decode stops at the fragment");
    }

    @Test
    void theLongestRecordIsAHeaderAndTheLargestProtectedFragment() {
        // RFC 6347 §4.1 (13-byte header) and RFC 5246 §6.2.3 ("MUST NOT exceed 2^14 + 2048")
        assertEquals(13 + 16_384 + 2_048, RecordHeader.MAX_RECORD_LENGTH);
    }

    @Test
    void encodesAKnownHeaderBothWays() {
        RecordHeader h = new RecordHeader(ContentType.HANDSHAKE, ProtocolVersion.DTLS_1_2, 1, 0x0102030405L, 32);
        byte[] viaArray = new byte[RecordHeader.LENGTH + 2];
        h.encode(viaArray, 1);
        ByteWriter w = new ByteWriter();
        h.encode(w);
        assertArrayEquals(Hex.decode(KNOWN), w.toByteArray());
        assertArrayEquals(Hex.decode(KNOWN), Arrays.copyOfRange(viaArray, 1, 1 + RecordHeader.LENGTH));
    }

    @Test
    void unknownContentTypeIsADecodeError() {
        for (int code : new int[] {0, 19, 24, 25, 0xFF}) {
            byte[] b = Hex.decode(KNOWN);
            b[0] = (byte) code;
            assertThrows(DecodeException.class, () -> RecordHeader.decode(new ByteReader(b)), "type " + code);
        }
    }

    @Test
    void constructorRejectsOutOfRangeFields() {
        ContentType t = ContentType.ALERT;
        assertThrows(IllegalArgumentException.class, () -> new RecordHeader(null, 0xFEFD, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new RecordHeader(t, 0x10000, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new RecordHeader(t, 0xFEFD, -1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new RecordHeader(t, 0xFEFD, 0x10000, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new RecordHeader(t, 0xFEFD, 0, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new RecordHeader(t, 0xFEFD, 0, 1L << 48, 0));
        assertThrows(IllegalArgumentException.class, () -> new RecordHeader(t, 0xFEFD, 0, 0, 0x10000));
    }

    @Provide
    Arbitrary<RecordHeader> headers() {
        return Combinators.combine(
                Arbitraries.of(ContentType.class),
                Arbitraries.integers().between(0, 0xFFFF),
                Arbitraries.integers().between(0, 0xFFFF),
                Arbitraries.longs().between(0, RecordHeader.MAX_SEQUENCE_NUMBER),
                Arbitraries.integers().between(0, 0xFFFF))
                .as(RecordHeader::new);
    }

    private static byte[] encode(RecordHeader h) {
        ByteWriter w = new ByteWriter();
        h.encode(w);
        return w.toByteArray();
    }

    @Property(tries = 1000)
    void roundTrip(@ForAll("headers") RecordHeader h) throws DecodeException {
        byte[] bytes = encode(h);
        assertEquals(RecordHeader.LENGTH, bytes.length);
        ByteReader r = new ByteReader(bytes);
        assertEquals(h, RecordHeader.decode(r));
        r.expectEmpty("record header");
        byte[] viaArray = new byte[RecordHeader.LENGTH];
        h.encode(viaArray, 0);
        assertArrayEquals(bytes, viaArray);
    }

    @Property(tries = 200)
    void everyStrictPrefixFails(@ForAll("headers") RecordHeader h) {
        byte[] bytes = encode(h);
        for (int n = 0; n < bytes.length; n++) {
            byte[] prefix = Arrays.copyOf(bytes, n);
            assertThrows(DecodeException.class, () -> RecordHeader.decode(new ByteReader(prefix)),
                    "prefix of " + n + " bytes");
        }
    }

    @Property(tries = 1000)
    void randomBytesOnlyEverFailWithDecodeException(@ForAll @Size(max = 40) byte[] bytes) {
        try {
            RecordHeader.decode(new ByteReader(bytes));
        } catch (DecodeException expected) {
            // the only failure allowed
        }
    }

    /** The receive loop reads headers in place; it must read exactly what the codec reads. */
    @Property(tries = 1000)
    void inPlaceReadersAgreeWithDecode(@ForAll @Size(min = 13, max = 20) byte[] bytes) {
        int typeCode = RecordHeader.typeCodeAt(bytes, 0);
        try {
            RecordHeader h = RecordHeader.decode(new ByteReader(bytes));
            assertEquals(h.type().code(), typeCode);
            assertEquals(h.version(), RecordHeader.versionAt(bytes, 0));
            assertEquals(h.epoch(), RecordHeader.epochAt(bytes, 0));
            assertEquals(h.sequenceNumber(), RecordHeader.sequenceNumberAt(bytes, 0));
            assertEquals(h.length(), RecordHeader.lengthAt(bytes, 0));
        } catch (DecodeException e) {
            assertEquals(null, ContentType.fromCode(typeCode), "decode failed only for an unknown type");
        }
    }
}
