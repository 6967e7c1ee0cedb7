package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code -msgfile} reader on text in the shapes OpenSSL 3.0 writes. */
class OpenSslMsgFileTest {

    @TempDir
    Path dir;

    @Test
    void readsHeadersBodiesDirectionsAndCertificateCounts() throws IOException {
        // A received ClientHello fragment in a DTLS 1.0 record, a sent HelloVerifyRequest in
        // OpenSSL's other header style, and a received Certificate message with two certificates
        // of 2 and 1 bytes.
        Path f = write("""
                <<< Not TLS data or unknown version (version=0, content_type=256) [length 000d]
                    16 fe ff 00 00 00 00 00 00 00 00 00 0e
                <<< Not TLS data or unknown version (version=65277, content_type=22) [length 000e]
                    01 00 00 02 00 00 00 00 00 00 00 02 fe fd
                >>> DTLS 1.0, RecordHeader [length 000d]
                    16 fe ff 00 00 00 00 00 00 00 00 00 0f
                >>> DTLS 1.0, Handshake [length 000f], HelloVerifyRequest
                    03 00 00 03 00 00 00 00 00 00 00 03 fe ff 00
                <<< Not TLS data or unknown version (version=0, content_type=256) [length 000d]
                    16 fe fd 00 00 00 00 00 00 00 02 00 1b
                <<< Not TLS data or unknown version (version=65277, content_type=22) [length 001b]
                    0b 00 00 0f 00 02 00 00 00 00 00 0f 00 00 0c 00
                    00 02 aa bb 00 00 01 cc 00 00 00
                """);
        List<OpenSslMsgFile.Entry> all = OpenSslMsgFile.read(f);
        assertEquals(3, all.size());

        OpenSslMsgFile.Entry hello = all.get(0);
        assertFalse(hello.sent());
        assertEquals(22, hello.contentType());
        assertEquals(1, hello.handshakeType());
        assertEquals(0xFEFF, hello.recordVersion(), "ClientHello in a DTLS 1.0 record");
        assertEquals(0, hello.epoch());
        assertArrayEquals(HexFormat.of().parseHex("fefd"), hello.handshakeBody());

        OpenSslMsgFile.Entry hvr = all.get(1);
        assertTrue(hvr.sent());
        assertEquals(22, hvr.contentType(), "from the header when the line has no content_type");
        assertEquals(3, hvr.handshakeType());
        assertEquals(List.of(hvr), OpenSslMsgFile.handshakes(all, true, 3));
        assertEquals(List.of(), OpenSslMsgFile.handshakes(all, false, 3));

        OpenSslMsgFile.Entry cert = OpenSslMsgFile.handshakes(all, false, 11).get(0);
        assertEquals(0xFEFD, cert.recordVersion());
        assertEquals(3, OpenSslMsgFile.certificateCount(cert.handshakeBody()),
                "a 12-byte list: certificates of 2, 1 and 0 bytes");
    }

    @Test
    void aLengthThatDisagreesWithTheHexIsAnError() throws IOException {
        Path f = write("""
                <<< Not TLS data or unknown version (version=65277, content_type=22) [length 0003]
                    01 00
                """);
        assertThrows(IOException.class, () -> OpenSslMsgFile.read(f));
    }

    private Path write(String text) throws IOException {
        Path f = dir.resolve("records.msg");
        Files.writeString(f, text);
        return f;
    }
}
