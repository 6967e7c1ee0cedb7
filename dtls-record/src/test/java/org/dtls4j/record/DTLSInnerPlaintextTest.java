package org.dtls4j.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;

import org.dtls4j.codec.DecodeException;
import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * DTLSInnerPlaintext, RFC 9146 §4: {@code struct { opaque content[length]; ContentType real_type;
 * uint8 zeros[length_of_padding]; }}. Expected bytes are written out by hand from that struct.
 */
class DTLSInnerPlaintextTest {

    @Test
    void contentThenRealTypeThenZeros() throws DecodeException {
        // content "hello", real_type application_data(23) = 0x17, three zeros of padding
        byte[] wire = Hex.decode("68656c6c6f" + "17" + "000000");
        DTLSInnerPlaintext p = new DTLSInnerPlaintext("hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                ContentType.APPLICATION_DATA, 3);
        assertArrayEquals(wire, p.encode());
        assertEquals(9, p.length());
        assertEquals(p, DTLSInnerPlaintext.decode(wire, 0, wire.length));
    }

    @Test
    void withoutPaddingTheLastByteIsTheType() throws DecodeException {
        // handshake(22) = 0x16, no zeros
        byte[] wire = Hex.decode("0102" + "16");
        DTLSInnerPlaintext p = DTLSInnerPlaintext.decode(wire, 0, wire.length);
        assertEquals(ContentType.HANDSHAKE, p.realType());
        assertArrayEquals(new byte[] {1, 2}, p.content());
        assertEquals(0, p.paddingLength());
    }

    @Test
    void emptyContentIsJustTheType() throws DecodeException {
        // alert(21) = 0x15 followed by padding; the content is empty
        byte[] wire = Hex.decode("15" + "0000");
        DTLSInnerPlaintext p = DTLSInnerPlaintext.decode(wire, 0, wire.length);
        assertEquals(new DTLSInnerPlaintext(new byte[0], ContentType.ALERT, 2), p);
    }

    @Test
    void zerosAtTheEndOfTheContentStayContent() throws DecodeException {
        // content 01 00 00, real_type change_cipher_spec(20) = 0x14, two zeros: the scan stops at
        // the last non-zero byte, so the content's own zeros are not taken for padding
        byte[] wire = Hex.decode("010000" + "14" + "0000");
        DTLSInnerPlaintext p = DTLSInnerPlaintext.decode(wire, 0, wire.length);
        assertArrayEquals(new byte[] {1, 0, 0}, p.content());
        assertEquals(ContentType.CHANGE_CIPHER_SPEC, p.realType());
        assertEquals(2, p.paddingLength());
    }

    @Test
    void decodesInsideALargerArrayOnly() throws DecodeException {
        // a non-zero byte after the range must not be taken for real_type
        byte[] b = Hex.decode("aa" + "0517" + "00" + "ff");
        DTLSInnerPlaintext p = DTLSInnerPlaintext.decode(b, 1, 3);
        assertArrayEquals(new byte[] {5}, p.content());
        assertEquals(1, p.paddingLength());
        assertEquals(1, DTLSInnerPlaintext.realTypeIndex(b, 1, 3));
    }

    @Test
    void allZerosHasNoRealType() {
        for (int len : new int[] {0, 1, 2, 100, DTLSInnerPlaintext.MAX_LENGTH}) {
            byte[] zeros = new byte[len];
            assertEquals(-1, DTLSInnerPlaintext.realTypeIndex(zeros, 0, len));
            assertThrows(DecodeException.class, () -> DTLSInnerPlaintext.decode(zeros, 0, len), len + " zeros");
        }
    }

    @Test
    void unknownRealTypeIsADecodeError() {
        // tls12_cid(25) is an outer type only; 24 (heartbeat) and 99 are not types we take
        for (int code : new int[] {0x19, 0x18, 0x63, 0xFF, 0x01}) {
            byte[] wire = {7, (byte) code, 0};
            assertThrows(DecodeException.class, () -> DTLSInnerPlaintext.decode(wire, 0, wire.length), "type " + code);
        }
    }

    @Test
    void theWholeIsAtMost2To14Bytes() throws DecodeException {
        int max = DTLSInnerPlaintext.MAX_LENGTH;
        assertEquals(1 << 14, max);
        new DTLSInnerPlaintext(new byte[max - 1], ContentType.APPLICATION_DATA, 0);
        new DTLSInnerPlaintext(new byte[0], ContentType.APPLICATION_DATA, max - 1);
        assertThrows(IllegalArgumentException.class,
                () -> new DTLSInnerPlaintext(new byte[max], ContentType.APPLICATION_DATA, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new DTLSInnerPlaintext(new byte[10], ContentType.APPLICATION_DATA, max - 10));
        assertThrows(IllegalArgumentException.class,
                () -> new DTLSInnerPlaintext(new byte[1], ContentType.APPLICATION_DATA, -1));

        byte[] longest = new byte[max];
        longest[max - 1] = 23;
        assertEquals(max - 1, DTLSInnerPlaintext.decode(longest, 0, max).content().length);
        byte[] tooLong = new byte[max + 1];
        tooLong[max] = 23;
        assertThrows(DecodeException.class, () -> DTLSInnerPlaintext.decode(tooLong, 0, tooLong.length));
    }

    @Test
    void contentIsCopiedInAndOut() {
        byte[] content = {1, 2, 3};
        DTLSInnerPlaintext p = new DTLSInnerPlaintext(content, ContentType.HANDSHAKE, 0);
        content[0] = 9;
        p.content()[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, p.content());
    }

    @Property(tries = 500)
    void roundTrip(@ForAll @Size(max = 300) byte[] content, @ForAll ContentType type,
                   @ForAll @IntRange(max = 300) int padding) throws DecodeException {
        DTLSInnerPlaintext p = new DTLSInnerPlaintext(content, type, padding);
        byte[] wire = p.encode();
        assertEquals(content.length + 1 + padding, wire.length);
        assertEquals(content.length, DTLSInnerPlaintext.realTypeIndex(wire, 0, wire.length));
        assertEquals(p, DTLSInnerPlaintext.decode(wire, 0, wire.length));

        // the in-place encoder writes the same bytes at an offset, over old contents
        byte[] out = new byte[wire.length + 4];
        Arrays.fill(out, (byte) 0x5A);
        int n = DTLSInnerPlaintext.encode(content, 0, content.length, type, padding, out, 2);
        assertEquals(wire.length, n);
        assertArrayEquals(wire, Arrays.copyOfRange(out, 2, 2 + n));
    }

    /** Arbitrary bytes: a DecodeException, or a value that encodes back to exactly those bytes. */
    @Property(tries = 1000)
    void arbitraryBytesDecodeCanonicallyOrFail(@ForAll @Size(max = 64) byte[] bytes) {
        try {
            DTLSInnerPlaintext p = DTLSInnerPlaintext.decode(bytes, 0, bytes.length);
            assertArrayEquals(bytes, p.encode());
        } catch (DecodeException expected) {
            // all zeros, or a real_type we do not know
        }
    }
}
