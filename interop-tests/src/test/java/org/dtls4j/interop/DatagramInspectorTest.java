package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/** The relay's header-only view of DTLS datagrams (RFC 6347 §4.1, §4.2.2). */
class DatagramInspectorTest {

    @Test
    void countsRecordsAndPartialHandshakeFragments() {
        ByteArrayOutputStream d = new ByteArrayOutputStream();
        // Epoch 0 Certificate fragment: message length 900, fragment 0..200.
        record(d, 22, 0, handshake(11, 900, 0, 200));
        // Epoch 0 ServerHelloDone, whole (length 0 == fragment_length 0).
        record(d, 22, 0, handshake(14, 0, 0, 0));
        // Epoch 1 record: encrypted, never looked into.
        record(d, 22, 1, new byte[40]);
        DatagramInspector inspector = new DatagramInspector();
        byte[] b = d.toByteArray();
        inspector.observe(b, 0, b.length);
        assertEquals(3, inspector.records());
        assertEquals(1, inspector.partialFragments());
        assertEquals(1, inspector.multiRecordDatagrams());
    }

    @Test
    void stopsAtATruncatedRecord() {
        ByteArrayOutputStream d = new ByteArrayOutputStream();
        record(d, 23, 1, new byte[30]);
        byte[] b = d.toByteArray();
        DatagramInspector inspector = new DatagramInspector();
        inspector.observe(b, 0, b.length - 1);
        inspector.observe(b, 0, 5);
        assertEquals(0, inspector.records());
    }

    private static byte[] handshake(int type, int length, int offset, int fragmentLength) {
        byte[] h = new byte[12 + fragmentLength];
        h[0] = (byte) type;
        put24(h, 1, length);
        put24(h, 6, offset);
        put24(h, 9, fragmentLength);
        return h;
    }

    private static void record(ByteArrayOutputStream out, int type, int epoch, byte[] body) {
        out.write(type);
        out.write(0xFE);
        out.write(0xFD);
        out.write(epoch >> 8);
        out.write(epoch);
        out.writeBytes(new byte[6]);
        out.write(body.length >> 8);
        out.write(body.length);
        out.writeBytes(body);
    }

    private static void put24(byte[] b, int i, int v) {
        b[i] = (byte) (v >> 16);
        b[i + 1] = (byte) (v >> 8);
        b[i + 2] = (byte) v;
    }
}
