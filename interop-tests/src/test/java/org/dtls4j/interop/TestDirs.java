package org.dtls4j.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the harness writes: the module's {@code target/} directory and folders under it. */
final class TestDirs {

    private TestDirs() {
    }

    /** The module's {@code target/} (Surefire sets {@code basedir}; otherwise the working directory). */
    static Path target() {
        String basedir = System.getProperty("basedir");
        Path base = basedir != null ? Path.of(basedir) : Path.of("").toAbsolutePath();
        return base.resolve("target");
    }

    /** {@code target/<name>/}, created if missing. */
    static Path under(String name) {
        Path dir = target().resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }
}
