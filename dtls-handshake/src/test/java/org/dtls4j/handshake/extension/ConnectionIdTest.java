package org.dtls4j.handshake.extension;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.DecodeException;
import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** The connection_id extension, RFC 9146 §3: {@code struct { opaque cid<0..2^8-1>; } ConnectionId;}. */
class ConnectionIdTest {
    private static final CodecChecks.Codec<ConnectionId> CODEC =
            new CodecChecks.Codec<>(ConnectionId::decode, ConnectionId::encode);

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void aSixByteCid() throws DecodeException {
        // cid<0..2^8-1>: one length byte, then the bytes
        byte[] data = hex("06 a1a2a3a4a5a6");
        ConnectionId c = ConnectionId.decode(data);
        assertArrayEquals(hex("a1a2a3a4a5a6"), c.cid());
        assertEquals(6, c.length());
        assertFalse(c.isEmpty());
        assertArrayEquals(data, c.encode());
    }

    @Test
    void aZeroLengthCidIsOneZeroByte() throws DecodeException {
        assertArrayEquals(hex("00"), ConnectionId.EMPTY.encode());
        assertTrue(ConnectionId.decode(hex("00")).isEmpty());
        assertEquals(ConnectionId.EMPTY, ConnectionId.decode(hex("00")));
    }

    @Test
    void asAHelloExtension() throws DecodeException {
        // extension_type connection_id(54) = 0x0036, extension_data<0..2^16-1> = 0007 06 a1..a6
        Extension e = new ConnectionId(hex("a1a2a3a4a5a6")).toExtension();
        assertEquals(54, e.type());
        ByteWriter w = new ByteWriter();
        e.encode(w);
        assertArrayEquals(hex("0036 0007 06 a1a2a3a4a5a6"), w.toByteArray());
        Extensions block = Extensions.decode(new ByteReader(hex("000b 0036 0007 06 a1a2a3a4a5a6")));
        assertEquals(new ConnectionId(hex("a1a2a3a4a5a6")),
                ConnectionId.decode(block.find(ExtensionType.CONNECTION_ID).orElseThrow().data()));
    }

    @Test
    void malformedDataIsADecodeError() {
        assertThrows(DecodeException.class, () -> ConnectionId.decode(new byte[0]));
        assertThrows(DecodeException.class, () -> ConnectionId.decode(hex("05 a1a2")));
        assertThrows(DecodeException.class, () -> ConnectionId.decode(hex("01 aa bb")));
        assertThrows(DecodeException.class, () -> ConnectionId.decode(hex("00 00")));
    }

    @Test
    void theLongestCidIs255Bytes() throws DecodeException {
        byte[] longest = new byte[255];
        byte[] data = new ConnectionId(longest).encode();
        assertEquals(256, data.length);
        assertEquals((byte) 0xFF, data[0]);
        assertEquals(255, ConnectionId.decode(data).length());
        assertThrows(IllegalArgumentException.class, () -> new ConnectionId(new byte[256]));
    }

    @Test
    void cidIsCopiedInAndOut() {
        byte[] cid = {1, 2, 3};
        ConnectionId c = new ConnectionId(cid);
        cid[0] = 9;
        c.cid()[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, c.cid());
    }

    @Test
    void theDraftCodePointIsKnownByNameOnly() {
        assertEquals(53, ExtensionType.CONNECTION_ID_DEPRECATED.code());
        assertEquals("connection_id_deprecated", ExtensionType.describe(53));
        assertEquals("connection_id", ExtensionType.describe(54));
        assertEquals(ExtensionType.CONNECTION_ID, ConnectionId.TYPE);
    }

    @Property(tries = 300)
    void codecProperties(@ForAll @Size(max = 255) byte[] cid) throws DecodeException {
        ConnectionId c = new ConnectionId(cid);
        byte[] encoded = c.encode();
        CodecChecks.roundTrips(c, CODEC);
        CodecChecks.strictPrefixesFail(encoded, ConnectionId::decode);
        CodecChecks.appendedByteFails(encoded, ConnectionId::decode, (byte) 0);
    }

    @Property(tries = 500)
    void arbitraryBytesGiveAValueOrADecodeException(@ForAll @Size(max = 300) byte[] bytes) {
        CodecChecks.valueOrDecodeException(bytes, CODEC);
    }
}
