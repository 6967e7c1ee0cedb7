package org.dtls4j.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The header of a tls12_cid record, RFC 9146 §4: outer_type = tls12_cid, version, epoch,
 * sequence_number, cid[cid_length], length. Expected bytes are written field by field.
 */
class CidRecordHeaderTest {

    private static final byte[] CID = Hex.decode("a1a2a3a4a5a6");
    /** tls12_cid, DTLS 1.2, epoch 1, sequence number 5, a 6-byte cid, length 49. */
    private static final String KNOWN = "19" + "fefd" + "0001" + "000000000005" + "a1a2a3a4a5a6" + "0031";

    @Test
    void decodesAKnownHeaderFieldByField() throws DecodeException {
        ByteReader r = new ByteReader(Hex.decode(KNOWN + "ee"));
        CidRecordHeader h = CidRecordHeader.decode(r, 6);
        assertEquals(ProtocolVersion.DTLS_1_2, h.version());
        assertEquals(1, h.epoch());
        assertEquals(5, h.sequenceNumber());
        assertArrayEquals(CID, h.cid());
        assertEquals(49, h.length());
        assertEquals(19, h.headerLength());
        assertEquals(1, r.remaining(), "decode stops at enc_content");
    }

    @Test
    void encodesAKnownHeaderBothWays() {
        CidRecordHeader h = new CidRecordHeader(ProtocolVersion.DTLS_1_2, 1, 5, CID, 49);
        ByteWriter w = new ByteWriter();
        h.encode(w);
        assertArrayEquals(Hex.decode(KNOWN), w.toByteArray());
        byte[] viaArray = new byte[2 + h.headerLength()];
        h.encode(viaArray, 2);
        assertArrayEquals(Hex.decode(KNOWN), Arrays.copyOfRange(viaArray, 2, 2 + h.headerLength()));
    }

    @Test
    void theLengthFieldMovesWithTheCidLength() {
        // the same 13 fixed bytes with a 1-byte and a 255-byte cid
        byte[] one = Hex.decode("19 fefd 0002 0000000000ff 7e 0102");
        assertEquals(0x0102, CidRecordHeader.lengthAt(one, 0, 1));
        assertTrue(CidRecordHeader.cidEquals(one, 0, new byte[] {0x7e}));
        byte[] cid255 = new byte[255];
        Arrays.fill(cid255, (byte) 0x33);
        byte[] longest = new byte[13 + 255];
        new CidRecordHeader(ProtocolVersion.DTLS_1_2, 2, 255, cid255, 0x0102).encode(longest, 0);
        assertEquals(0x0102, CidRecordHeader.lengthAt(longest, 0, 255));
        assertEquals(0x01, longest[11 + 255]);
        assertEquals(0x02, longest[12 + 255]);
    }

    @Test
    void otherOuterTypesAreADecodeError() {
        for (int code : new int[] {20, 21, 22, 23, 24, 26, 0}) {
            byte[] b = Hex.decode(KNOWN);
            b[0] = (byte) code;
            assertThrows(DecodeException.class, () -> CidRecordHeader.decode(new ByteReader(b), 6), "type " + code);
        }
    }

    @Test
    void cidLengthIsOneTo255() {
        byte[] b = Hex.decode(KNOWN);
        assertThrows(IllegalArgumentException.class, () -> CidRecordHeader.decode(new ByteReader(b), 0));
        assertThrows(IllegalArgumentException.class, () -> CidRecordHeader.decode(new ByteReader(b), 256));
        assertThrows(IllegalArgumentException.class, () -> new CidRecordHeader(0xFEFD, 1, 0, new byte[0], 0));
        assertThrows(IllegalArgumentException.class, () -> new CidRecordHeader(0xFEFD, 1, 0, new byte[256], 0));
    }

    @Test
    void constructorRejectsOutOfRangeFields() {
        assertThrows(IllegalArgumentException.class, () -> new CidRecordHeader(0x10000, 1, 0, CID, 0));
        assertThrows(IllegalArgumentException.class, () -> new CidRecordHeader(0xFEFD, -1, 0, CID, 0));
        assertThrows(IllegalArgumentException.class, () -> new CidRecordHeader(0xFEFD, 0x10000, 0, CID, 0));
        assertThrows(IllegalArgumentException.class, () -> new CidRecordHeader(0xFEFD, 1, -1, CID, 0));
        assertThrows(IllegalArgumentException.class, () -> new CidRecordHeader(0xFEFD, 1, 1L << 48, CID, 0));
        assertThrows(IllegalArgumentException.class, () -> new CidRecordHeader(0xFEFD, 1, 0, CID, 0x10000));
    }

    @Test
    void cidIsCopiedInAndOut() {
        byte[] cid = CID.clone();
        CidRecordHeader h = new CidRecordHeader(0xFEFD, 1, 0, cid, 0);
        cid[0] = 0;
        h.cid()[1] = 0;
        assertArrayEquals(CID, h.cid());
    }

    @Provide
    Arbitrary<CidRecordHeader> headers() {
        return Combinators.combine(
                Arbitraries.integers().between(0, 0xFFFF),
                Arbitraries.integers().between(0, 0xFFFF),
                Arbitraries.longs().between(0, RecordHeader.MAX_SEQUENCE_NUMBER),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(255),
                Arbitraries.integers().between(0, 0xFFFF))
                .as(CidRecordHeader::new);
    }

    @Property(tries = 500)
    void roundTripAndInPlaceReaders(@ForAll("headers") CidRecordHeader h) throws DecodeException {
        ByteWriter w = new ByteWriter();
        h.encode(w);
        byte[] bytes = w.toByteArray();
        assertEquals(13 + h.cid().length, bytes.length);
        ByteReader r = new ByteReader(bytes);
        assertEquals(h, CidRecordHeader.decode(r, h.cid().length));
        r.expectEmpty("cid record header");

        assertEquals(ContentType.TLS12_CID, RecordHeader.typeCodeAt(bytes, 0));
        assertEquals(h.version(), RecordHeader.versionAt(bytes, 0));
        assertEquals(h.epoch(), RecordHeader.epochAt(bytes, 0));
        assertEquals(h.sequenceNumber(), RecordHeader.sequenceNumberAt(bytes, 0));
        assertEquals(h.length(), CidRecordHeader.lengthAt(bytes, 0, h.cid().length));
        assertTrue(CidRecordHeader.cidEquals(bytes, 0, h.cid()));
        byte[] other = h.cid();
        other[other.length - 1] ^= 1;
        assertFalse(CidRecordHeader.cidEquals(bytes, 0, other));
    }

    @Property(tries = 200)
    void everyStrictPrefixFails(@ForAll("headers") CidRecordHeader h) {
        ByteWriter w = new ByteWriter();
        h.encode(w);
        byte[] bytes = w.toByteArray();
        for (int n = 0; n < bytes.length; n++) {
            byte[] prefix = Arrays.copyOf(bytes, n);
            assertThrows(DecodeException.class, () -> CidRecordHeader.decode(new ByteReader(prefix), h.cid().length),
                    "prefix of " + n + " bytes");
        }
    }

    @Property(tries = 1000)
    void randomBytesOnlyEverFailWithDecodeException(@ForAll @Size(max = 40) byte[] bytes,
                                                    @ForAll @IntRange(min = 1, max = 30) int cidLength) {
        try {
            CidRecordHeader h = CidRecordHeader.decode(new ByteReader(bytes), cidLength);
            assertEquals(ContentType.TLS12_CID, bytes[0] & 0xFF);
            assertEquals(h.length(), CidRecordHeader.lengthAt(bytes, 0, cidLength));
        } catch (DecodeException expected) {
            // the only failure allowed
        }
    }
}
