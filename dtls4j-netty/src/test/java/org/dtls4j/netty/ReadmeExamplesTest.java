package org.dtls4j.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's code is the compiled examples' code: each block after a line
 * {@code <!-- example: PATH -->} must equal the file at PATH (relative to the module) exactly.
 */
class ReadmeExamplesTest {
    private static final Pattern EXAMPLE = Pattern.compile("<!-- example: (\\S+) -->\n```java\n(.*?)```\n", Pattern.DOTALL);

    @Test
    void everyExampleBlockIsItsFile() throws IOException {
        Path module = Path.of("").toAbsolutePath();
        String readme = Files.readString(module.resolve("README.md"), StandardCharsets.UTF_8);
        Matcher m = EXAMPLE.matcher(readme);
        int blocks = 0;
        while (m.find()) {
            String file = Files.readString(module.resolve(m.group(1)), StandardCharsets.UTF_8);
            assertEquals(file, m.group(2), "the README's block for " + m.group(1) + " differs from the file");
            blocks++;
        }
        assertTrue(blocks >= 2, "the README shows the echo server and client: " + blocks + " blocks found");
    }
}
