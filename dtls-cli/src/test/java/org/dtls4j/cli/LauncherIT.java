package org.dtls4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real {@code dtls4j} launcher script at the repository root in a child process.
 *
 * <p>Runs in the integration-test phase of {@code mvn verify}, after {@code package} has built the
 * jar and copied its dependencies to {@code target/lib}. Run on its own (from an IDE, or after
 * {@code mvn clean test-compile}) it is skipped: without the jar there is nothing to launch.
 */
class LauncherIT {
    private static final long WAIT_SECONDS = 60;
    private static Path root;

    @BeforeAll
    static void findLauncherAndJar() throws IOException {
        Path module = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
        root = module.getParent();
        assumeTrue(Files.isExecutable(root.resolve("dtls4j")), "launcher script not found at " + root);
        try (Stream<Path> jars = Files.list(module.resolve("target"))) {
            assumeTrue(jars.anyMatch(p -> p.getFileName().toString().matches("dtls4j-cli-.*\\.jar")),
                    "dtls4j-cli jar not built yet (run mvn package)");
        }
        assumeTrue(Files.isDirectory(module.resolve("target/lib")), "target/lib not there yet (run mvn package)");
    }

    private record Result(int status, String out, String err) {
    }

    private static Result launch(Path script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(script.toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(root.toFile()).start();
        p.getOutputStream().close();
        if (!p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish within " + WAIT_SECONDS + " s");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void versionRunsThroughTheLauncher() throws Exception {
        Result r = launch(root.resolve("dtls4j"), "version");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().matches("dtls4j \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(DTLS 1\\.2, RFC 6347\\) on Java .*\n"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void argumentsAndExitStatusPassThrough() throws Exception {
        Result bad = launch(root.resolve("dtls4j"), "genpsk", "--length", "many");
        assertEquals(2, bad.status());
        assertTrue(bad.err().startsWith("dtls4j genpsk: --length: expected a number, got 'many'\nusage: dtls4j genpsk"),
                bad.err());
        Result key = launch(root.resolve("dtls4j"), "genpsk", "--length", "8");
        assertEquals(0, key.status(), key.err());
        assertTrue(key.out().matches("[0-9a-f]{16}\n"), key.out());
    }

    @Test
    void withoutABuildTheLauncherSaysWhatToDo(@TempDir Path elsewhere) throws Exception {
        Path copy = Files.copy(root.resolve("dtls4j"), elsewhere.resolve("dtls4j"));
        Files.setPosixFilePermissions(copy, java.util.EnumSet.of(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
        Result r = launch(copy, "version");
        assertEquals(1, r.status());
        assertEquals("dtls4j: not built yet; build first: mvn -q -DskipTests package\n", r.err());
        assertEquals("", r.out());
    }
}
