package org.dtls4j.handshake.flight;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.dtls4j.handshake.fragment.HandshakeFragment;
import org.dtls4j.handshake.fragment.HandshakeMessageBytes;
import org.junit.jupiter.api.Test;

/** The messages a flight is made of: handshake messages and ChangeCipherSpec. */
class OutgoingMessageTest {

    @Test
    void aHandshakeMessageGivesItsTranscriptBytesAndFragments() {
        byte[] body = new byte[30];
        OutgoingMessage m = OutgoingMessage.handshake(0, 11, 4, body);

        assertTrue(m.isHandshake());
        assertEquals(new HandshakeMessageBytes(11, 4, body), m.messageBytes());
        List<HandshakeFragment> fragments = m.fragments(12 + 10);
        assertEquals(3, fragments.size());
        assertTrue(fragments.stream().allMatch(f -> f.messageSeq() == 4 && f.length() == 30));
    }

    @Test
    void aChangeCipherSpecIsTheSingleByteOne() {
        OutgoingMessage ccs = OutgoingMessage.changeCipherSpec(3);

        assertFalse(ccs.isHandshake());
        assertEquals(ContentTypeKind.CHANGE_CIPHER_SPEC, ccs.kind());
        assertEquals(3, ccs.epoch());
        assertArrayEquals(new byte[] {1}, ccs.body());
        assertEquals(OutgoingMessage.NONE, ccs.messageSeq());
        assertThrows(IllegalStateException.class, ccs::messageBytes);
        assertThrows(IllegalStateException.class, () -> ccs.fragments(100));
    }

    @Test
    void fieldsMustFitTheKind() {
        assertThrows(IllegalArgumentException.class,
                () -> new OutgoingMessage(0, ContentTypeKind.CHANGE_CIPHER_SPEC, OutgoingMessage.NONE, 0, new byte[] {1}));
        assertThrows(IllegalArgumentException.class,
                () -> new OutgoingMessage(0, ContentTypeKind.CHANGE_CIPHER_SPEC, OutgoingMessage.NONE, OutgoingMessage.NONE, new byte[] {2}));
        assertThrows(IllegalArgumentException.class, () -> OutgoingMessage.handshake(0, 256, 0, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> OutgoingMessage.handshake(0, 1, OutgoingMessage.NONE, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> OutgoingMessage.handshake(0x10000, 1, 0, new byte[0]));
        assertThrows(NullPointerException.class, () -> new OutgoingMessage(0, null, 1, 0, new byte[0]));
    }

    @Test
    void bodyIsCopiedAndEqualityUsesContent() {
        byte[] body = {5, 6};
        OutgoingMessage m = OutgoingMessage.handshake(1, 20, 9, body);
        body[0] = 0;
        m.body()[1] = 0;

        assertEquals(OutgoingMessage.handshake(1, 20, 9, new byte[] {5, 6}), m);
        assertEquals(OutgoingMessage.handshake(1, 20, 9, new byte[] {5, 6}).hashCode(), m.hashCode());
        assertNotEquals(OutgoingMessage.handshake(0, 20, 9, new byte[] {5, 6}), m);
        assertEquals(m, OutgoingMessage.handshake(1, new HandshakeMessageBytes(20, 9, new byte[] {5, 6})));
    }
}
