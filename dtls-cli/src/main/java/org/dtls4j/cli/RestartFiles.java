package org.dtls4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.dtls4j.transport.DtlsServer;
import org.dtls4j.transport.restart.RestoreRefusedException;

/**
 * {@code server --save-connections FILE --restore-connections FILE --state-key KEYFILE}: graceful
 * restart. The established connections are saved when the server stops (SIGTERM, Ctrl-C, or
 * {@code --count} reached) and restored by the next run, whose clients then go on without a
 * handshake ({@code DtlsServer.saveConnections}, {@code DtlsServer.restoreConnections}). The file
 * is sealed under the AES key in hex in the {@code --state-key} file (make one with
 * {@code genpsk --length 32}); a file that is refused (another key, changed, older than the idle
 * timeout) is reported and the server starts empty.
 *
 * @param save    where to save the connections when the server stops, or null
 * @param restore where to restore them from when it starts, or null; a missing file means none
 * @param keyFile the key file; required with either
 */
record RestartFiles(Path save, Path restore, Path keyFile) {
    static final List<Option> OPTIONS = List.of(
            Option.value("save-connections", "FILE", "on exit (SIGTERM, Ctrl-C, --count), save the established"
                    + " connections to FILE for the next run"),
            Option.value("restore-connections", "FILE", "continue the connections saved in FILE without a handshake"
                    + " (the file is deleted once read)"),
            Option.value("state-key", "FILE", "hex AES key (16 or 32 bytes) that seals the saved connections"));

    static RestartFiles read(ParsedArgs a) throws UsageException {
        Path save = a.has("save-connections") ? Path.of(a.value("save-connections", "")) : null;
        Path restore = a.has("restore-connections") ? Path.of(a.value("restore-connections", "")) : null;
        Path key = a.has("state-key") ? Path.of(a.value("state-key", "")) : null;
        if ((save != null || restore != null) && key == null) {
            throw new UsageException("--save-connections and --restore-connections need --state-key FILE"
                    + " (e.g. from: genpsk --length 32 > FILE)");
        }
        return new RestartFiles(save, restore, key);
    }

    /** Restores what {@link #restore} holds into {@code server}, saying what happened; a refusal is not fatal. */
    void restoreInto(DtlsServer server, PrintStream out, PrintStream err) throws CommandFailure {
        if (restore == null) {
            return;
        }
        try {
            int n = server.restoreConnections(restore, key());
            out.println("restored " + n + " connection" + (n == 1 ? "" : "s") + " from " + restore);
        } catch (NoSuchFileException e) {
            out.println("no saved connections in " + restore + ": starting empty");
        } catch (RestoreRefusedException e) {
            err.println("not restoring connections (" + e.why() + "): " + e.getMessage() + "; starting empty");
        } catch (IOException e) {
            err.println("cannot restore connections from " + restore + ": " + e.getMessage() + "; starting empty");
        }
    }

    /**
     * Saves the server's connections once, when the process is stopped or {@link Saver#run()} is
     * called, whichever comes first; null when no {@code --save-connections} was given.
     */
    Saver saveOnExit(DtlsServer server, PrintStream out, PrintStream err) throws CommandFailure {
        if (save == null) {
            return null;
        }
        Saver saver = new Saver(server, save, key(), out, err);
        Runtime.getRuntime().addShutdownHook(saver.hook);
        return saver;
    }

    /** The save at exit: from the shutdown hook or from the command's own end, once. */
    static final class Saver {
        private final DtlsServer server;
        private final Path file;
        private final SecretKey key;
        private final PrintStream out;
        private final PrintStream err;
        private final AtomicBoolean done = new AtomicBoolean();
        final Thread hook = new Thread(this::save, "dtls4j-save-connections");

        private Saver(DtlsServer server, Path file, SecretKey key, PrintStream out, PrintStream err) {
            this.server = server;
            this.file = file;
            this.key = key;
            this.out = out;
            this.err = err;
        }

        /** Saves now, on the command's own way out (before the server closes), and drops the hook. */
        void run() {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down: the hook saves.
            }
            save();
        }

        private void save() {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            try {
                int n = server.saveConnections(file, key);
                out.println("saved " + n + " connection" + (n == 1 ? "" : "s") + " to " + file);
            } catch (IOException | IllegalStateException e) {
                err.println("cannot save connections to " + file + ": " + e.getMessage());
            }
            out.flush();
        }
    }

    private SecretKey key() throws CommandFailure {
        try {
            byte[] key = HexFormat.of().parseHex(Files.readString(keyFile, StandardCharsets.US_ASCII).strip());
            if (key.length != 16 && key.length != 32) {
                throw new CommandFailure("--state-key " + keyFile + ": an AES key is 16 or 32 bytes, this is " + key.length);
            }
            return new SecretKeySpec(key, "AES");
        } catch (IOException | IllegalArgumentException e) {
            throw new CommandFailure("cannot read --state-key " + keyFile + ": " + e.getMessage(), e);
        }
    }
}
