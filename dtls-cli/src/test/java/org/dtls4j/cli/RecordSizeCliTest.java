package org.dtls4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code --max-frag-len} (RFC 6066 §4), {@code --record-size-limit} (RFC 8449) and
 * {@code --allow-mac-then-encrypt} (RFC 7366) on {@code client} and {@code server}, on 127.0.0.1.
 */
@Timeout(120)
class RecordSizeCliTest {
    private static final String PSK = "00112233445566778899aabbccddeeff";

    private static TlsSettings client(String... args) throws UsageException {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Terminal t = new Terminal(new ByteArrayInputStream(new byte[0]), sink, sink, Map.of());
        List<String> all = new java.util.ArrayList<>(List.of("--connect", "127.0.0.1:5684"));
        all.addAll(List.of(args));
        return ClientSettings.from(ParsedArgs.parse("client", ClientSettings.OPTIONS, all), t).tls();
    }

    @Test
    void theOptionsReachTheSettingsWithinTheRfcsRanges() throws UsageException {
        TlsSettings t = client("--max-frag-len", "1024", "--record-size-limit", "300", "--allow-mac-then-encrypt");
        assertEquals(new TlsSettings.RecordOptions(1024, 300, true), t.records());
        assertEquals(new TlsSettings.RecordOptions(0, 0, false), client().records());
        UsageException mfl = assertThrows(UsageException.class, () -> client("--max-frag-len", "1000"));
        assertEquals("--max-frag-len: 512, 1024, 2048 or 4096 (RFC 6066 section 4), got 1000", mfl.getMessage());
        assertThrows(UsageException.class, () -> client("--max-frag-len", "8192"));
        assertThrows(UsageException.class, () -> client("--record-size-limit", "63"));
        String server = Usage.command(new ServerCommand());
        assertTrue(server.contains("--record-size-limit N") && server.contains("--allow-mac-then-encrypt"), server);
        assertTrue(!server.contains("--max-frag-len"), "a server only answers max_fragment_length: " + server);
        assertTrue(Usage.command(new ClientCommand()).contains("--max-frag-len N"));
    }

    /**
     * The server's record size limit bounds the client's datagrams: 300 bytes are echoed, and
     * {@code --size 301} is refused before anything is sent.
     */
    @Test
    void theServersLimitBoundsTheClient() throws Exception {
        try (RunningCommand server = RunningCommand.server("--psk", PSK, "--record-size-limit", "300")) {
            CapturedTerminal c = new CapturedTerminal();
            int status = c.run("client", "--connect", "127.0.0.1:" + server.port(), "--psk", PSK,
                    "--record-size-limit", "16384", "--count", "3", "--size", "300");
            assertEquals(0, status, c.out() + c.err());
            assertTrue(c.out().contains("  max payload         300 bytes per datagram"), c.out());
            assertTrue(c.out().contains("3/3 datagrams of 300 bytes echoed intact"), c.out());
            CapturedTerminal over = new CapturedTerminal();
            assertEquals(1, over.run("client", "--connect", "127.0.0.1:" + server.port(), "--psk", PSK,
                    "--record-size-limit", "16384", "--count", "1", "--size", "301"));
            assertTrue(over.err().contains("--size 301 is larger than the 300 bytes"), over.err());
        }
    }

    @Test
    void maxFragmentLengthAgainstOurServer() throws Exception {
        try (RunningCommand server = RunningCommand.server("--psk", PSK)) {
            CapturedTerminal c = new CapturedTerminal();
            int status = c.run("client", "--connect", "127.0.0.1:" + server.port(), "--psk", PSK,
                    "--max-frag-len", "512", "--count", "2", "--size", "512");
            assertEquals(0, status, c.out() + c.err());
            assertTrue(c.out().contains("  max payload         512 bytes per datagram"), c.out());
        }
    }

    /** A CBC suite with MAC-then-encrypt needs the opt-in on the side that would accept it. */
    @Test
    void allowMacThenEncryptIsPassedOn() throws Exception {
        TlsSettings t = client("--allow-mac-then-encrypt", "--psk", PSK);
        org.dtls4j.handshake.DtlsConfig config = Configs.client(t);
        assertTrue(config.allowMacThenEncrypt());
        assertEquals(0, config.maxFragmentLength());
    }
}
