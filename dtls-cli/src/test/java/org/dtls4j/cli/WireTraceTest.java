package org.dtls4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.dtls4j.crypto.JcaProviders;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.cookie.CookieExchange;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.junit.jupiter.api.Test;

/** The records and bytes levels of {@code --trace}, on datagrams a real engine and cookie exchange write. */
class WireTraceTest {
    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 4433);

    @Test
    void theLevelsParse() throws UsageException {
        assertEquals(TraceLevel.MESSAGES, TraceLevel.parse(""));
        assertEquals(TraceLevel.RECORDS, TraceLevel.parse("records"));
        assertEquals(TraceLevel.BYTES, TraceLevel.parse("BYTES"));
        UsageException e = assertThrows(UsageException.class, () -> TraceLevel.parse("packets"));
        assertTrue(e.getMessage().contains("messages, records or bytes"), e::getMessage);
        ParsedArgs a = ParsedArgs.parse("client", List.of(TraceLevel.option()), List.of("--trace=records"));
        assertEquals("records", a.value("trace", "?"));
        ParsedArgs bare = ParsedArgs.parse("client", List.of(TraceLevel.option()), List.of("--trace", "word"));
        assertEquals("", bare.value("trace", "?"), "a bare --trace never takes the next word");
        assertEquals(List.of("word"), bare.positionals());
    }

    @Test
    void aClientHelloAndItsHelloVerifyRequestRecordByRecord() {
        DtlsEngine client = DtlsEngine.client(DtlsConfig.builder()
                .psk("id".getBytes(StandardCharsets.US_ASCII), new byte[16]).build(), new SecureRandom());
        client.start(0);
        ByteBuffer hello = client.pollDatagram();
        byte[] h = new byte[hello.remaining()];
        hello.duplicate().get(h);
        CookieExchange cookies = new CookieExchange(new SecureRandom(), Duration.ofSeconds(30), JcaProviders.defaults());
        byte[] verify = ((CookieExchange.Verify) cookies.check(h, 0, h.length, PEER, 0)).datagram();

        String records = render(TraceLevel.RECORDS, true, hello) + render(TraceLevel.RECORDS, false, ByteBuffer.wrap(verify));
        List<String> lines = records.lines().toList();
        assertEquals("[127.0.0.1:4433] datagram out, " + h.length + " bytes, 1 record", lines.get(0));
        assertEquals("[127.0.0.1:4433]   handshake, epoch 0, seq 0, " + (h.length - 13) + " bytes, plaintext: CLIENT_HELLO"
                + "[message_seq 0, bytes 0.." + (h.length - 25) + " of " + (h.length - 25) + "] (cookie of 0 bytes)", lines.get(1));
        assertEquals("[127.0.0.1:4433] datagram in, 60 bytes, 1 record", lines.get(2));
        assertTrue(lines.get(3).endsWith("HELLO_VERIFY_REQUEST[message_seq 0, bytes 0..35 of 35] (cookie of 32 bytes)"),
                lines.get(3));
        assertEquals(4, lines.size());
        assertEquals(h.length, hello.remaining(), "the datagram is left as it was");

        List<String> hex = render(TraceLevel.BYTES, false, ByteBuffer.wrap(verify)).lines().toList();
        assertEquals("[127.0.0.1:4433]     16 fe ff 00 00 00 00 00 00 00 00 00 2f 03 00 00 23 00 00 00 00 00 00 00 23 fe ff 20 "
                + hex(verify, 28, 32), hex.get(2));
        assertEquals(4, hex.size(), "60 bytes: two lines of 32 and 28");
    }

    @Test
    void aProtectedRecordShowsOnlyItsHeader() {
        byte[] d = new byte[13 + 40];
        d[0] = 23;
        d[1] = (byte) 0xfe;
        d[2] = (byte) 0xfd;
        d[4] = 1;
        d[10] = 7;
        d[12] = 40;
        String line = render(TraceLevel.RECORDS, false, ByteBuffer.wrap(d)).lines().toList().get(1);
        assertEquals("[127.0.0.1:4433]   application_data, epoch 1, seq 7, 40 bytes, protected", line);
    }

    private static String render(TraceLevel level, boolean outgoing, ByteBuffer datagram) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new WireTrace(new PrintStream(bytes, true, StandardCharsets.UTF_8), level, 0).datagram(outgoing, PEER, datagram);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String hex(byte[] d, int from, int to) {
        return java.util.HexFormat.ofDelimiter(" ").formatHex(d, from, to);
    }
}
