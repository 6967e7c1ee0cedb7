package org.dtls4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * Appends NSS key log lines ({@code CLIENT_RANDOM <client_random> <master_secret>}, the
 * SSLKEYLOGFILE format) to a file, so Wireshark can decrypt a capture. Each line is appended and
 * the file closed again: handshakes are rare, and nothing stays open when the command ends.
 */
final class KeyLogFile implements Consumer<String> {
    private static final System.Logger LOG = System.getLogger(KeyLogFile.class.getName());

    private final Path file;

    KeyLogFile(Path file) {
        this.file = file;
    }

    @Override
    public synchronized void accept(String line) {
        try {
            Files.writeString(file, line + "\n", StandardCharsets.US_ASCII,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            // The handshake must not fail because a debugging aid could not be written.
            LOG.log(System.Logger.Level.WARNING, "cannot append to key log " + file + ": " + e);
        }
    }
}
