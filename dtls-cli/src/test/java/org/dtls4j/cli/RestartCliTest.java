package org.dtls4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.transport.DtlsClient;
import org.dtls4j.transport.DtlsConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code server --save-connections FILE --state-key KEY}, stopped, then {@code server
 * --restore-connections FILE --state-key KEY} on the same port: the client's connection echoes on
 * without a handshake. A file under another key is reported and the server starts empty.
 */
@Timeout(120)
class RestartCliTest {
    private static final String PSK = "00112233445566778899aabbccddeeff";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void theConnectionEchoesOnAfterARestart() throws Exception {
        Path key = keyFile("k1", 1);
        Path file = dir.resolve("connections");
        DtlsConfig client = DtlsConfig.builder().psk("Client_identity".getBytes(StandardCharsets.UTF_8),
                HexFormat.of().parseHex(PSK)).build();
        int port;
        DtlsConnection c;
        try (RunningCommand first = RunningCommand.server("--psk", PSK, "--save-connections", file.toString(),
                "--state-key", key.toString())) {
            port = first.port();
            c = DtlsClient.connect(new InetSocketAddress("127.0.0.1", port), client);
            echo(c, "before");
        }
        assertTrue(Files.exists(file), "saved when the server stopped");
        try (RunningCommand second = RunningCommand.start("server", "--listen", "127.0.0.1:" + port, "--psk", PSK,
                "--restore-connections", file.toString(), "--state-key", key.toString())) {
            second.terminal.awaitLine(l -> l.equals("restored 1 connection from " + file), WAIT);
            echo(c, "after");
            assertEquals(0, c.counters().discardedRecords(), c.counters()::toString);
            c.close();
        }
    }

    @Test
    void aFileUnderAnotherKeyIsReportedAndTheServerStartsEmpty() throws Exception {
        Path file = dir.resolve("connections");
        try (RunningCommand first = RunningCommand.server("--psk", PSK, "--save-connections", file.toString(),
                "--state-key", keyFile("k1", 1).toString())) {
            first.port();
        }
        try (RunningCommand second = RunningCommand.server("--psk", PSK, "--restore-connections", file.toString(),
                "--state-key", keyFile("k2", 2).toString())) {
            String line = second.terminal.awaitErrLine(l -> l.startsWith("not restoring connections (WRONG_KEY)"), WAIT);
            assertTrue(line.endsWith("starting empty"), line);
        }
    }

    private Path keyFile(String name, int fill) throws Exception {
        byte[] k = new byte[32];
        java.util.Arrays.fill(k, (byte) fill);
        return Files.writeString(dir.resolve(name), HexFormat.of().formatHex(k) + "\n");
    }

    private static void echo(DtlsConnection c, String text) throws Exception {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        c.send(b);
        assertArrayEquals(b, c.receive(WAIT));
    }
}
