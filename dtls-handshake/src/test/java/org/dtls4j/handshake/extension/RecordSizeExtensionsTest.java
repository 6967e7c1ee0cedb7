package org.dtls4j.handshake.extension;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dtls4j.codec.DecodeException;
import org.junit.jupiter.api.Test;

/** The codecs of max_fragment_length (RFC 6066 §4) and record_size_limit (RFC 8449 §4). */
class RecordSizeExtensionsTest {

    @Test
    void maxFragmentLengthNamesFourLengths() {
        int[] lengths = {512, 1024, 2048, 4096};
        for (int code = 1; code <= 4; code++) {
            MaxFragmentLength m = MaxFragmentLength.ofLength(lengths[code - 1]);
            assertEquals(code, m.code());
            assertEquals(lengths[code - 1], m.length());
            assertArrayEquals(new byte[] {(byte) code}, m.encode());
        }
        assertThrows(IllegalArgumentException.class, () -> MaxFragmentLength.ofLength(8192));
        assertThrows(IllegalArgumentException.class, () -> MaxFragmentLength.ofLength(1000));
    }

    /** An undefined value decodes, so that the negotiation can answer it with illegal_parameter. */
    @Test
    void maxFragmentLengthKeepsAnUndefinedValue() throws DecodeException {
        MaxFragmentLength m = MaxFragmentLength.decode(new byte[] {(byte) 0xFF});
        assertEquals(255, m.code());
        assertFalse(m.isDefined());
        assertThrows(IllegalStateException.class, m::length);
        assertTrue(MaxFragmentLength.decode(new byte[] {4}).isDefined());
    }

    @Test
    void maxFragmentLengthIsOneByte() {
        assertThrows(DecodeException.class, () -> MaxFragmentLength.decode(new byte[0]));
        assertThrows(DecodeException.class, () -> MaxFragmentLength.decode(new byte[] {1, 1}));
    }

    @Test
    void recordSizeLimitIsAUint16() throws DecodeException {
        assertArrayEquals(new byte[] {0x01, 0x00}, new RecordSizeLimit(256).encode());
        assertEquals(new RecordSizeLimit(0x4001), RecordSizeLimit.decode(new byte[] {0x40, 0x01}));
        assertEquals(new RecordSizeLimit(63), RecordSizeLimit.decode(new byte[] {0, 63}), "below 64 still decodes");
        assertThrows(DecodeException.class, () -> RecordSizeLimit.decode(new byte[] {1}));
        assertThrows(DecodeException.class, () -> RecordSizeLimit.decode(new byte[] {1, 0, 0}));
        assertThrows(IllegalArgumentException.class, () -> new RecordSizeLimit(0x10000));
        assertEquals(ExtensionType.RECORD_SIZE_LIMIT.code(), new RecordSizeLimit(64).toExtension().type());
        assertEquals(ExtensionType.MAX_FRAGMENT_LENGTH.code(), new MaxFragmentLength(1).toExtension().type());
    }
}
