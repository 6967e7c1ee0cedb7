package org.dtls4j.credentials;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the {@code openssl} command in a directory, bounded by a timeout. */
final class OpenSsl {
    private static final long TIMEOUT_SECONDS = 60;

    /** Exit code and the merged stdout and stderr. */
    record Result(int exitCode, String output) {
        Result expectSuccess() {
            if (exitCode != 0) {
                throw new AssertionError("openssl exited with " + exitCode + ":\n" + output);
            }
            return this;
        }
    }

    private OpenSsl() {
    }

    /** True when an {@code openssl} executable is on the PATH. */
    static boolean available() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String entry : path.split(File.pathSeparator)) {
            if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, "openssl"))) {
                return true;
            }
        }
        return false;
    }

    static Result run(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Path output = Files.createTempFile(dir, "openssl", ".out");
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        process.getOutputStream().close();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("openssl " + String.join(" ", args) + " did not finish in " + TIMEOUT_SECONDS + " s");
        }
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.ISO_8859_1));
    }
}
