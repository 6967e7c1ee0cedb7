package org.dtls4j.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Appends NSS key log lines ({@code CLIENT_RANDOM <client_random> <master_secret>}, the
 * SSLKEYLOGFILE format Wireshark reads to decrypt a capture) to a file, one line per handshake.
 * It is a {@code Consumer<String>}, so it plugs into {@code DtlsConfig.Builder.keyLogSink}:
 *
 * <pre>
 *   builder.keyLogSink(new KeyLogFile(Path.of("keys.log")));   // a DtlsConfig.Builder
 * </pre>
 *
 * <p>{@link DtlsServer#bind} and {@link DtlsClient#connect} use one by themselves when the
 * configuration has no key log sink of its own and the environment variable
 * {@value #ENVIRONMENT_VARIABLE} names a file, as browsers, OpenSSL-based tools and Go programs
 * do; the {@code dtls4j} command's {@code --keylog} option uses one as well.
 *
 * <p>Every line is appended and the file closed again, under one lock for the whole JVM, so lines
 * from many connections (and many servers) never interleave and nothing stays open. A file that
 * cannot be written is reported once per writer through {@link System.Logger} and then ignored: a
 * key log must never break a handshake.
 *
 * <p>The file holds the secrets that decrypt every logged connection: use it for debugging only.
 */
public final class KeyLogFile implements Consumer<String> {
    /** The environment variable that names the key log file. */
    public static final String ENVIRONMENT_VARIABLE = "SSLKEYLOGFILE";

    private static final System.Logger LOG = System.getLogger(KeyLogFile.class.getName());
    private static final Object WRITE_LOCK = new Object();

    private final Path path;
    private boolean warned;

    /** A writer that appends to {@code path}, creating the file on the first line. */
    public KeyLogFile(Path path) {
        this.path = Objects.requireNonNull(path, "path");
    }

    /** A key log writer for the file named by {@value #ENVIRONMENT_VARIABLE} in {@code env}, or {@code null}. */
    public static KeyLogFile fromEnvironment(Map<String, String> env) {
        String file = env.get(ENVIRONMENT_VARIABLE);
        if (file == null || file.isBlank()) {
            return null;
        }
        return new KeyLogFile(Path.of(file));
    }

    /** The file the lines go to. */
    public Path path() {
        return path;
    }

    /** Appends {@code line} and a line feed; never throws. */
    @Override
    public void accept(String line) {
        synchronized (WRITE_LOCK) {
            try {
                Files.writeString(path, line + "\n", StandardCharsets.US_ASCII,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            } catch (IOException | RuntimeException e) {
                if (!warned) {
                    warned = true;
                    LOG.log(System.Logger.Level.WARNING, "cannot append to key log file " + path + ": " + e);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "KeyLogFile[" + path + "]";
    }
}
