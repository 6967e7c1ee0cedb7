package org.dtls4j.handshake.fragment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/** RFC 6347 §4.2.6: a message is hashed as if it had been sent as one fragment. */
class HandshakeMessageBytesTest {

    @Test
    void transcriptBytesAreTheSingleFragmentEncoding() {
        HandshakeMessageBytes m = new HandshakeMessageBytes(20, 5, HexFormat.of().parseHex("00112233445566778899aabb"));

        assertEquals("14" + "00000c" + "0005" + "000000" + "00000c" + "00112233445566778899aabb",
                HexFormat.of().formatHex(m.transcriptBytes()));
        assertArrayEquals(HandshakeFragmentTest.encode(m.asSingleFragment()), m.transcriptBytes());
    }

    @Test
    void anEmptyMessageHashesAsItsHeaderOnly() {
        HandshakeMessageBytes m = new HandshakeMessageBytes(14, 1, new byte[0]);

        assertEquals("0e" + "000000" + "0001" + "000000" + "000000", HexFormat.of().formatHex(m.transcriptBytes()));
        assertEquals(0, m.length());
    }

    @Test
    void bodyIsCopiedInAndOut() {
        byte[] body = {1, 2};
        HandshakeMessageBytes m = new HandshakeMessageBytes(1, 0, body);
        body[0] = 7;
        m.body()[1] = 7;

        assertEquals(new HandshakeMessageBytes(1, 0, new byte[] {1, 2}), m);
        assertEquals(new HandshakeMessageBytes(1, 0, new byte[] {1, 2}).hashCode(), m.hashCode());
    }

    @Test
    void rejectsOutOfRangeFields() {
        assertThrows(IllegalArgumentException.class, () -> new HandshakeMessageBytes(256, 0, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new HandshakeMessageBytes(1, 0x10000, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new HandshakeMessageBytes(1, -1, new byte[0]));
    }
}
