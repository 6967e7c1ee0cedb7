package org.dtls4j.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.dtls4j.handshake.DtlsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class KeyLogTest {

    @Test
    void configWithoutSinkGetsTheFileNamedByTheEnvironment(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sslkeys.log");
        DtlsConfig config = KeyLog.withEnvironment(Configs.pskClient(), Map.of("SSLKEYLOGFILE", file.toString()));
        assertNotNull(config.keyLogSink());

        try (DtlsServer server = DtlsServer.bind(new InetSocketAddress("127.0.0.1", 0), Configs.pskServer());
             DtlsConnection c = DtlsClient.connect(server.localAddress(), config, Duration.ofSeconds(10))) {
            assertTrue(c.isOpen());
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(1, lines.size(), lines::toString);
        // NSS key log format: CLIENT_RANDOM <32 bytes hex> <48 bytes hex>
        assertTrue(lines.get(0).matches("CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}"), lines.get(0));
    }

    @Test
    void anExplicitSinkOrAnEmptyEnvironmentLeavesTheConfigAlone() {
        Consumer<String> mine = line -> { };
        DtlsConfig withSink = Configs.pskClient().toBuilder().keyLogSink(mine).build();
        assertSame(withSink, KeyLog.withEnvironment(withSink, Map.of("SSLKEYLOGFILE", "/nonexistent/x")));
        DtlsConfig plain = Configs.pskClient();
        assertSame(plain, KeyLog.withEnvironment(plain, Map.of()));
    }
}
