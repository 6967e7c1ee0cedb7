package org.dtls4j.transport.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Appends NSS key log lines ({@code CLIENT_RANDOM <client_random> <master_secret>}, the format
 * Wireshark reads to decrypt a capture) to a file, one line per handshake.
 *
 * <p>The transport uses it when the configuration has no key log sink of its own and the
 * environment variable {@value #ENVIRONMENT_VARIABLE} names a file, as browsers, OpenSSL-based
 * tools and Go programs do. Every write opens the file in append mode under one lock for the
 * whole JVM, so lines from many connections (and many servers) never interleave. A file that
 * cannot be written is reported once through {@link System.Logger} and then ignored: a key log
 * must never break a connection.
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

    public KeyLogFile(Path path) {
        this.path = path;
    }

    /** A key log writer for the file named by {@value #ENVIRONMENT_VARIABLE} in {@code env}, or {@code null}. */
    public static KeyLogFile fromEnvironment(Map<String, String> env) {
        String file = env.get(ENVIRONMENT_VARIABLE);
        if (file == null || file.isBlank()) {
            return null;
        }
        return new KeyLogFile(Path.of(file));
    }

    public Path path() {
        return path;
    }

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
