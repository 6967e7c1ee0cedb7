package org.dtls4j.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyLogFileTest {

    @Test
    void onlyANonBlankVariableNamesAFile(@TempDir Path dir) {
        assertNull(KeyLogFile.fromEnvironment(Map.of()));
        assertNull(KeyLogFile.fromEnvironment(Map.of("SSLKEYLOGFILE", " ")));
        Path file = dir.resolve("keys.log");
        assertEquals(file, KeyLogFile.fromEnvironment(Map.of("SSLKEYLOGFILE", file.toString())).path());
    }

    @Test
    void appendsOneLinePerCall(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys.log");
        Files.writeString(file, "# existing\n");
        KeyLogFile log = new KeyLogFile(file);
        log.accept("CLIENT_RANDOM aa bb");
        new KeyLogFile(file).accept("CLIENT_RANDOM cc dd");
        assertEquals(List.of("# existing", "CLIENT_RANDOM aa bb", "CLIENT_RANDOM cc dd"), Files.readAllLines(file));
    }

    @Test
    void anUnwritableFileNeverThrows(@TempDir Path dir) {
        KeyLogFile log = new KeyLogFile(dir); // a directory cannot be appended to
        log.accept("CLIENT_RANDOM aa bb");
        log.accept("CLIENT_RANDOM cc dd");
    }
}
