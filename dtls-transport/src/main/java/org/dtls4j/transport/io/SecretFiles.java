package org.dtls4j.transport.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files that hold keys or sealed state (ticket keys, saved connections): written whole or not at
 * all, and readable by their owner only. A reader that opens the file while it is replaced sees
 * the old content or the new, never a part of either.
 */
public final class SecretFiles {
    private SecretFiles() {
    }

    /**
     * Writes {@code content} to {@code file}: into a temporary file beside it, made owner-only
     * ({@code rw-------} where the file system has POSIX permissions) before the first byte goes
     * in, then renamed over {@code file} (atomically where the file system can).
     */
    public static void writeAtomically(Path file, byte[] content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: its default permissions apply
            }
            Files.write(tmp, content);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
