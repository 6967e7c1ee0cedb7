package org.dtls4j.credentials;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.dtls4j.codec.ByteWriter;

/**
 * A small DER encoder (ITU-T X.690 §10, Distinguished Encoding Rules): just enough ASN.1 to write
 * an X.509 certificate (RFC 5280 §4.1) and to wrap private keys into PKCS#8 (RFC 5208 §5).
 *
 * <p>Every method returns one complete tag-length-value element, so an ASN.1 structure is written
 * the way it reads in the RFC:
 *
 * <pre>
 * Validity ::= SEQUENCE {
 *      notBefore      Time,
 *      notAfter       Time }
 *
 * Der.sequence(Der.time(notBefore), Der.time(notAfter))
 * </pre>
 *
 * <p>Only single-byte tags (tag numbers below 31) are needed by these structures.
 */
final class Der {
    static final int BOOLEAN = 0x01;
    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OBJECT_IDENTIFIER = 0x06;
    static final int UTF8_STRING = 0x0C;
    static final int IA5_STRING = 0x16;
    static final int UTC_TIME = 0x17;
    static final int GENERALIZED_TIME = 0x18;
    static final int SEQUENCE = 0x30;
    static final int SET = 0x31;
    /** Context-specific class bit; add 0x20 for a constructed element, then the tag number. */
    static final int CONTEXT = 0x80;
    static final int CONSTRUCTED = 0x20;

    private static final DateTimeFormatter UTC_TIME_FORMAT = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");
    private static final DateTimeFormatter GENERALIZED_TIME_FORMAT = DateTimeFormatter.ofPattern("uuuuMMddHHmmss'Z'");

    private Der() {
    }

    /** One element: the tag byte, the definite-form length (X.690 §8.1.3), then the contents. */
    static byte[] tlv(int tag, byte[] content) {
        ByteWriter w = new ByteWriter(content.length + 6);
        w.u8(tag);
        writeLength(w, content.length);
        w.bytes(content);
        return w.toByteArray();
    }

    /**
     * DER lengths are definite and minimal (X.690 §10.1): one byte below 128, otherwise 0x80 | n
     * followed by the n length bytes.
     */
    static void writeLength(ByteWriter w, int length) {
        if (length < 0x80) {
            w.u8(length);
        } else if (length <= 0xFF) {
            w.u8(0x81).u8(length);
        } else if (length <= 0xFFFF) {
            w.u8(0x82).u16(length);
        } else if (length <= 0xFFFFFF) {
            w.u8(0x83).u24(length);
        } else {
            w.u8(0x84).u32(length);
        }
    }

    /** {@code SEQUENCE { ... }}: the elements concatenated, in order. */
    static byte[] sequence(byte[]... elements) {
        return tlv(SEQUENCE, concat(elements));
    }

    /** {@code SET OF}: DER sorts the elements (X.690 §11.6); callers here only ever pass one. */
    static byte[] set(byte[] element) {
        return tlv(SET, element);
    }

    /** {@code INTEGER}: two's complement, minimal length, which {@link BigInteger} already gives. */
    static byte[] integer(BigInteger value) {
        return tlv(INTEGER, value.toByteArray());
    }

    static byte[] integer(long value) {
        return integer(BigInteger.valueOf(value));
    }

    /** {@code BOOLEAN}: in DER, TRUE is the single byte 0xFF (X.690 §11.1). */
    static byte[] bool(boolean value) {
        return tlv(BOOLEAN, new byte[] {value ? (byte) 0xFF : 0});
    }

    static byte[] nul() {
        return tlv(NULL, new byte[0]);
    }

    static byte[] octetString(byte[] value) {
        return tlv(OCTET_STRING, value);
    }

    /** A {@code BIT STRING} holding whole bytes: the leading "unused bits" count is zero. */
    static byte[] bitString(byte[] value) {
        byte[] content = new byte[value.length + 1];
        System.arraycopy(value, 0, content, 1, value.length);
        return tlv(BIT_STRING, content);
    }

    /**
     * A named-bit {@code BIT STRING} such as KeyUsage, bit 0 being the most significant bit of the
     * first byte. DER drops trailing zero bits of a named-bit list (X.690 §11.2.2), so the
     * leading byte counts the unused bits after the highest bit that is set.
     */
    static byte[] namedBits(int... bits) {
        int highest = -1;
        for (int bit : bits) {
            if (bit < 0 || bit > 63) {
                throw new IllegalArgumentException("named bit out of range: " + bit);
            }
            highest = Math.max(highest, bit);
        }
        if (highest < 0) {
            return tlv(BIT_STRING, new byte[] {0});
        }
        int byteCount = highest / 8 + 1;
        byte[] content = new byte[byteCount + 1];
        for (int bit : bits) {
            content[1 + bit / 8] |= (byte) (0x80 >>> (bit % 8));
        }
        content[0] = (byte) (7 - highest % 8);
        return tlv(BIT_STRING, content);
    }

    /**
     * {@code OBJECT IDENTIFIER} from dotted text (X.690 §8.19): the first two arcs share one
     * sub-identifier (40 * first + second), and each sub-identifier is base 128, high bit meaning
     * "more bytes follow".
     */
    static byte[] oid(String dotted) {
        String[] parts = dotted.split("\\.", -1);
        if (parts.length < 2) {
            throw new IllegalArgumentException("an object identifier has at least two arcs: " + dotted);
        }
        long[] arcs = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                arcs[i] = Long.parseLong(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an object identifier: " + dotted, e);
            }
            if (arcs[i] < 0 || !parts[i].equals(Long.toString(arcs[i]))) {
                throw new IllegalArgumentException("not an object identifier: " + dotted);
            }
        }
        if (arcs[0] > 2 || (arcs[0] < 2 && arcs[1] >= 40) || arcs[1] > Long.MAX_VALUE - 80) {
            throw new IllegalArgumentException("first arcs out of range: " + dotted);
        }
        ByteWriter w = new ByteWriter(parts.length * 2);
        writeBase128(w, arcs[0] * 40 + arcs[1]);
        for (int i = 2; i < arcs.length; i++) {
            writeBase128(w, arcs[i]);
        }
        return tlv(OBJECT_IDENTIFIER, w.toByteArray());
    }

    private static void writeBase128(ByteWriter w, long value) {
        int groups = 1;
        while (groups < 10 && (value >>> (7 * groups)) != 0) {
            groups++;
        }
        for (int g = groups - 1; g >= 0; g--) {
            int sevenBits = (int) ((value >>> (7 * g)) & 0x7F);
            w.u8(g == 0 ? sevenBits : sevenBits | 0x80);
        }
    }

    static byte[] utf8String(String value) {
        return tlv(UTF8_STRING, value.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code IA5String}: ASCII only (a dNSName is an IA5String, RFC 5280 §4.2.1.6). */
    static byte[] ia5String(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) > 0x7F) {
                throw new IllegalArgumentException("not ASCII (IA5String): " + value);
            }
        }
        return tlv(IA5_STRING, value.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The X.509 {@code Time} CHOICE, seconds precision. RFC 5280 §4.1.2.5: "CAs conforming to this
     * profile MUST always encode certificate validity dates through the year 2049 as UTCTime;
     * certificate validity dates in 2050 or later MUST be encoded as GeneralizedTime." UTCTime's
     * two-digit year means 1950-2049 (§4.1.2.5.1), so years before 1950 also need GeneralizedTime.
     */
    static byte[] time(Instant instant) {
        ZonedDateTime t = instant.truncatedTo(ChronoUnit.SECONDS).atZone(ZoneOffset.UTC);
        if (t.getYear() < 0 || t.getYear() > 9999) {
            throw new IllegalArgumentException("year out of the four-digit range: " + instant);
        }
        if (t.getYear() >= 1950 && t.getYear() <= 2049) {
            // RFC 5280 §4.1.2.5.1: "UTCTime values MUST be expressed in Greenwich Mean Time (Zulu)
            // and MUST include seconds (i.e., times are YYMMDDHHMMSSZ)"
            return tlv(UTC_TIME, UTC_TIME_FORMAT.format(t).getBytes(StandardCharsets.US_ASCII));
        }
        // RFC 5280 §4.1.2.5.2: "times are YYYYMMDDHHMMSSZ ... GeneralizedTime values MUST NOT
        // include fractional seconds."
        return tlv(GENERALIZED_TIME, GENERALIZED_TIME_FORMAT.format(t).getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code [n] EXPLICIT}: a constructed context-specific wrapper around a whole element. */
    static byte[] explicit(int tagNumber, byte[] element) {
        return tlv(CONTEXT | CONSTRUCTED | checkTagNumber(tagNumber), element);
    }

    /** {@code [n] IMPLICIT} of a primitive type: the contents keep their bytes, the tag is replaced. */
    static byte[] implicitPrimitive(int tagNumber, byte[] content) {
        return tlv(CONTEXT | checkTagNumber(tagNumber), content);
    }

    private static int checkTagNumber(int tagNumber) {
        if (tagNumber < 0 || tagNumber > 30) {
            throw new IllegalArgumentException("tag number out of the single-byte range: " + tagNumber);
        }
        return tagNumber;
    }

    static byte[] concat(byte[]... parts) {
        ByteWriter w = new ByteWriter(256);
        for (byte[] p : parts) {
            w.bytes(p);
        }
        return w.toByteArray();
    }
}
