package org.dtls4j.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Round trip, prefix rejection and garbage tolerance of {@link ByteWriter} and {@link ByteReader},
 * over random sequences of every integer width and vector kind.
 */
class CodecPropertyTest {

    enum Kind { U8, U16, U24, U32, U48, OPAQUE8, OPAQUE16, OPAQUE24, SUB16 }

    /** One wire field: an integer value or a vector's contents. */
    record Field(Kind kind, long value, byte[] data) {
        @Override
        public String toString() {
            return kind + (data == null ? "=" + value : "[" + data.length + "]");
        }
    }

    @Provide
    Arbitrary<List<Field>> fieldLists() {
        Arbitrary<byte[]> small = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<Field> field = Arbitraries.of(Kind.class).flatMap(k -> {
            switch (k) {
                case U8: return Arbitraries.longs().between(0, 0xFF).map(v -> new Field(k, v, null));
                case U16: return Arbitraries.longs().between(0, 0xFFFF).map(v -> new Field(k, v, null));
                case U24: return Arbitraries.longs().between(0, 0xFFFFFF).map(v -> new Field(k, v, null));
                case U32: return Arbitraries.longs().between(0, 0xFFFFFFFFL).map(v -> new Field(k, v, null));
                case U48: return Arbitraries.longs().between(0, 0xFFFF_FFFF_FFFFL).map(v -> new Field(k, v, null));
                case OPAQUE8: return small.filter(b -> b.length <= 0xFF).map(b -> new Field(k, 0, b));
                default: return small.map(b -> new Field(k, 0, b));
            }
        });
        return field.list().ofMinSize(1).ofMaxSize(12);
    }

    static byte[] encode(List<Field> fields) {
        ByteWriter w = new ByteWriter();
        for (Field f : fields) {
            switch (f.kind()) {
                case U8: w.u8((int) f.value()); break;
                case U16: w.u16((int) f.value()); break;
                case U24: w.u24((int) f.value()); break;
                case U32: w.u32(f.value()); break;
                case U48: w.u48(f.value()); break;
                case OPAQUE8: w.opaque8(f.data()); break;
                case OPAQUE16: w.opaque16(f.data()); break;
                case OPAQUE24: w.opaque24(f.data()); break;
                case SUB16: w.lengthPrefixed16(body -> body.bytes(f.data())); break;
                default: throw new AssertionError(f.kind());
            }
        }
        return w.toByteArray();
    }

    /** Reads fields of the given kinds, returning the values decoded; ends with expectEmpty. */
    static List<Field> decode(byte[] bytes, List<Kind> kinds) throws DecodeException {
        ByteReader r = new ByteReader(bytes);
        Field[] out = new Field[kinds.size()];
        for (int i = 0; i < out.length; i++) {
            Kind k = kinds.get(i);
            switch (k) {
                case U8: out[i] = new Field(k, r.u8(), null); break;
                case U16: out[i] = new Field(k, r.u16(), null); break;
                case U24: out[i] = new Field(k, r.u24(), null); break;
                case U32: out[i] = new Field(k, r.u32(), null); break;
                case U48: out[i] = new Field(k, r.u48(), null); break;
                case OPAQUE8: out[i] = new Field(k, 0, r.opaque8()); break;
                case OPAQUE16: out[i] = new Field(k, 0, r.opaque16()); break;
                case OPAQUE24: out[i] = new Field(k, 0, r.opaque24()); break;
                case SUB16: {
                    ByteReader sub = r.sub16();
                    byte[] data = sub.bytes(sub.remaining());
                    sub.expectEmpty("sub16");
                    out[i] = new Field(k, 0, data);
                    break;
                }
                default: throw new AssertionError(k);
            }
        }
        r.expectEmpty("fields");
        return Arrays.asList(out);
    }

    private static List<Kind> kinds(List<Field> fields) {
        return fields.stream().map(Field::kind).toList();
    }

    @Property(tries = 1000)
    void roundTrip(@ForAll("fieldLists") List<Field> fields) throws DecodeException {
        List<Field> back = decode(encode(fields), kinds(fields));
        assertEquals(fields.size(), back.size());
        for (int i = 0; i < fields.size(); i++) {
            assertEquals(fields.get(i).value(), back.get(i).value(), "field " + i);
            if (fields.get(i).data() != null) {
                assertArrayEquals(fields.get(i).data(), back.get(i).data(), "field " + i);
            }
        }
    }

    @Property(tries = 300)
    void everyStrictPrefixFails(@ForAll("fieldLists") List<Field> fields) {
        byte[] full = encode(fields);
        List<Kind> kinds = kinds(fields);
        for (int n = 0; n < full.length; n++) {
            byte[] prefix = Arrays.copyOf(full, n);
            assertThrows(DecodeException.class, () -> decode(prefix, kinds), "prefix of " + n + " bytes");
        }
    }

    @Property(tries = 300)
    void aTrailingByteFails(@ForAll("fieldLists") List<Field> fields) {
        byte[] longer = Arrays.copyOf(encode(fields), encode(fields).length + 1);
        assertThrows(DecodeException.class, () -> decode(longer, kinds(fields)));
    }

    @Property(tries = 1000)
    void garbageOnlyEverFailsWithDecodeException(@ForAll @Size(max = 64) byte[] bytes,
                                                 @ForAll @Size(min = 1, max = 10) List<Kind> kinds) {
        try {
            decode(bytes, kinds);
        } catch (DecodeException expected) {
            // the only failure allowed
        }
    }
}
