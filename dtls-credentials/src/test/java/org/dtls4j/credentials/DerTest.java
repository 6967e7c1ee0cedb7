package org.dtls4j.credentials;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.dtls4j.codec.DecodeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The DER encoder and reader: known encodings from X.690 and RFC 5280, and round-trip properties. */
class DerTest {

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    @Test
    void lengthsUseTheShortFormBelow128AndTheMinimalLongFormAbove() {
        assertArrayEquals(hex("04 00"), Der.octetString(new byte[0]));
        assertArrayEquals(hex("04 7F"), Arrays.copyOf(Der.octetString(new byte[127]), 2));
        assertArrayEquals(hex("04 81 80"), Arrays.copyOf(Der.octetString(new byte[128]), 3));
        assertArrayEquals(hex("04 81 FF"), Arrays.copyOf(Der.octetString(new byte[255]), 3));
        assertArrayEquals(hex("04 82 01 00"), Arrays.copyOf(Der.octetString(new byte[256]), 4));
        assertArrayEquals(hex("04 83 01 00 00"), Arrays.copyOf(Der.octetString(new byte[65536]), 5));
    }

    @Test
    void integersAreMinimalTwosComplement() {
        assertArrayEquals(hex("02 01 00"), Der.integer(0));
        assertArrayEquals(hex("02 01 7F"), Der.integer(127));
        assertArrayEquals(hex("02 02 00 80"), Der.integer(128));
        assertArrayEquals(hex("02 02 01 00"), Der.integer(256));
        assertArrayEquals(hex("02 01 FF"), Der.integer(-1));
    }

    @Test
    void objectIdentifiersPackTheFirstTwoArcsAndUseBase128() {
        assertArrayEquals(hex("06 06 2A 86 48 86 F7 0D"), Der.oid("1.2.840.113549"));
        assertArrayEquals(hex("06 03 55 1D 11"), Der.oid("2.5.29.17"));
        assertArrayEquals(hex("06 03 2B 65 70"), Der.oid("1.3.101.112"));
        assertArrayEquals(hex("06 08 2A 86 48 CE 3D 04 03 02"), Der.oid("1.2.840.10045.4.3.2"));
        assertArrayEquals(hex("06 02 88 37"), Der.oid("2.999"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "3.1", "1.40", "0.40", "1.2.-3", "1..2", "01.2", "1.2.", "a.b", ""})
    void malformedObjectIdentifiersAreRefused(String dotted) {
        assertThrows(IllegalArgumentException.class, () -> Der.oid(dotted));
    }

    @Test
    void booleansAndNull() {
        assertArrayEquals(hex("01 01 FF"), Der.bool(true));
        assertArrayEquals(hex("01 01 00"), Der.bool(false));
        assertArrayEquals(hex("05 00"), Der.nul());
    }

    @Test
    void namedBitsDropTrailingZeroBits() {
        // KeyUsage digitalSignature (bit 0): 7 unused bits, 1000 0000.
        assertArrayEquals(hex("03 02 07 80"), Der.namedBits(CertificateExtensions.DIGITAL_SIGNATURE));
        // keyCertSign (5) and cRLSign (6): 1 unused bit, 0000 0110.
        assertArrayEquals(hex("03 02 01 06"), Der.namedBits(CertificateExtensions.KEY_CERT_SIGN, CertificateExtensions.CRL_SIGN));
        // decipherOnly (8) spills into a second byte.
        assertArrayEquals(hex("03 03 07 80 80"), Der.namedBits(0, 8));
        assertArrayEquals(hex("03 01 00"), Der.namedBits());
    }

    @Test
    void timesBefore2050AreUtcTimeAndFromThenOnGeneralizedTime() {
        assertArrayEquals(Der.tlv(Der.UTC_TIME, ascii("491231235959Z")), Der.time(Instant.parse("2049-12-31T23:59:59.999Z")));
        assertArrayEquals(Der.tlv(Der.GENERALIZED_TIME, ascii("20500101000000Z")), Der.time(Instant.parse("2050-01-01T00:00:00Z")));
        assertArrayEquals(Der.tlv(Der.UTC_TIME, ascii("500101000000Z")), Der.time(Instant.parse("1950-01-01T00:00:00Z")));
        assertArrayEquals(Der.tlv(Der.GENERALIZED_TIME, ascii("19491231235959Z")), Der.time(Instant.parse("1949-12-31T23:59:59Z")));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void contextTags() {
        assertArrayEquals(hex("A0 03 02 01 02"), Der.explicit(0, Der.integer(2)));
        assertArrayEquals(hex("87 04 7F 00 00 01"), Der.implicitPrimitive(7, hex("7F000001")));
        assertThrows(IllegalArgumentException.class, () -> Der.explicit(31, new byte[0]));
    }

    @Test
    void readerWalksANestedStructure() throws DecodeException {
        byte[] der = Der.sequence(Der.integer(0), Der.sequence(Der.oid("1.2.840.10045.2.1"), Der.nul()), Der.octetString(hex("0102")));
        DerReader seq = new DerReader(der).enter(Der.SEQUENCE);
        assertEquals(BigInteger.ZERO, seq.readInteger());
        DerReader algorithm = seq.enter(Der.SEQUENCE);
        assertEquals("1.2.840.10045.2.1", algorithm.readOid());
        assertEquals(Der.NULL, algorithm.peekTag());
        algorithm.skip();
        algorithm.expectEnd("AlgorithmIdentifier");
        assertArrayEquals(hex("0102"), seq.read(Der.OCTET_STRING));
        seq.expectEnd("PrivateKeyInfo");
    }

    @Test
    void readerRefusesBerOnlyAndOversizedForms() {
        assertThrows(DecodeException.class, () -> new DerReader(hex("30 80 00 00")).enter(Der.SEQUENCE), "indefinite length");
        assertThrows(DecodeException.class, () -> new DerReader(hex("1F 01 00")).readElement(), "multi-byte tag");
        assertThrows(DecodeException.class, () -> new DerReader(hex("04 85 01 00 00 00 00")).read(Der.OCTET_STRING), "5-byte length");
        assertThrows(DecodeException.class, () -> new DerReader(hex("04 84 7F FF FF FF 00")).read(Der.OCTET_STRING), "length beyond the input");
        assertThrows(DecodeException.class, () -> new DerReader(hex("06 02 80 01")).readOid(), "leading zero group");
        assertThrows(DecodeException.class, () -> new DerReader(hex("06 00")).readOid(), "empty OID");
        assertThrows(DecodeException.class, () -> new DerReader(hex("02 00")).readInteger(), "empty INTEGER");
        assertThrows(DecodeException.class, () -> new DerReader(hex("03 02 01 80")).readBitStringBytes(), "unused bits");
        assertThrows(DecodeException.class, () -> new DerReader(hex("02 01 00")).read(Der.OCTET_STRING), "wrong tag");
        assertThrows(DecodeException.class, () -> new DerReader(hex("02 01 00 05 00")).enter(Der.INTEGER).expectEnd("x"));
    }

    @Provide
    Arbitrary<String> oids() {
        Arbitrary<Long> arc = Arbitraries.longs().between(0, Long.MAX_VALUE >> 8);
        Arbitrary<String> tail = arc.list().ofMaxSize(8).map(l -> l.stream().map(String::valueOf).collect(Collectors.joining(".")));
        Arbitrary<String> head = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 39).map(b -> "0." + b),
                Arbitraries.integers().between(0, 39).map(b -> "1." + b),
                Arbitraries.longs().between(0, 1L << 40).map(b -> "2." + b));
        return head.flatMap(h -> tail.map(t -> t.isEmpty() ? h : h + "." + t));
    }

    @Property
    void objectIdentifiersRoundTrip(@ForAll("oids") String oid) throws DecodeException {
        DerReader r = new DerReader(Der.oid(oid));
        assertEquals(oid, r.readOid());
        r.expectEnd("OID");
    }

    @Property
    void integersRoundTrip(@ForAll BigInteger value) throws DecodeException {
        assertEquals(value, new DerReader(Der.integer(value)).readInteger());
    }

    @Property
    void everyStrictPrefixOfAnElementIsRefused(@ForAll @Size(max = 300) byte[] content) {
        byte[] der = Der.sequence(Der.octetString(content), Der.integer(7));
        for (int n = 0; n < der.length; n++) {
            byte[] prefix = Arrays.copyOf(der, n);
            assertThrows(DecodeException.class, () -> {
                DerReader seq = new DerReader(prefix).enter(Der.SEQUENCE);
                seq.read(Der.OCTET_STRING);
                seq.readInteger();
            }, "prefix of length " + n);
        }
    }

    @Property
    void readElementReturnsTheWholeElement(@ForAll @Size(max = 300) byte[] content) throws DecodeException {
        byte[] element = Der.octetString(content);
        DerReader r = new DerReader(Der.concat(element, Der.nul()));
        assertArrayEquals(element, r.readElement());
        assertArrayEquals(Der.nul(), r.readElement());
    }

    @Property
    void randomBytesGiveAnElementOrADecodeExceptionAndNothingElse(@ForAll @Size(max = 64) byte[] garbage) {
        try {
            DerReader r = new DerReader(garbage);
            for (int i = 0; i < garbage.length && r.hasRemaining(); i++) {
                r.readElement();
            }
            DerReader again = new DerReader(garbage);
            again.readOid();
        } catch (DecodeException expected) {
            // the only acceptable failure
        }
    }

    @Test
    void setWrapsItsElement() {
        assertArrayEquals(hex("31 02 05 00"), Der.set(Der.nul()));
    }
}
