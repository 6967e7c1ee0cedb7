package org.dtls4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.dtls4j.handshake.DtlsSession;

/**
 * {@code client --sess-in FILE --sess-out FILE --sess-key FILE}, OpenSSL's habit: the session (and
 * its ticket, RFC 5077) of one run offered by the next, so that it resumes. The file is
 * {@code DtlsSession.toBytes}: encrypted and authenticated under the AES key in hex in the
 * {@code --sess-key} file (make one with {@code genpsk --length 32}).
 *
 * @param in  the session to offer, or null; a file that does not exist yet means a full handshake
 * @param out where to write the session after the handshake, or null
 * @param keyFile the key file; required with either
 */
record SessionFiles(Path in, Path out, Path keyFile) {
    static final List<Option> OPTIONS = List.of(
            Option.value("sess-in", "FILE", "offer the session saved in FILE (a missing FILE: a full handshake)"),
            Option.value("sess-out", "FILE", "save the session in FILE after the handshake"),
            Option.value("sess-key", "FILE", "hex AES key (16 or 32 bytes) that encrypts the session files"));

    static SessionFiles read(ParsedArgs a) throws UsageException {
        Path in = a.has("sess-in") ? Path.of(a.value("sess-in", "")) : null;
        Path out = a.has("sess-out") ? Path.of(a.value("sess-out", "")) : null;
        Path key = a.has("sess-key") ? Path.of(a.value("sess-key", "")) : null;
        if ((in != null || out != null) && key == null) {
            throw new UsageException("--sess-in and --sess-out need --sess-key FILE (e.g. from: genpsk --length 32 > FILE)");
        }
        return new SessionFiles(in, out, key);
    }

    /** The session to offer, or null. */
    DtlsSession load() throws CommandFailure {
        if (in == null) {
            return null;
        }
        try {
            return DtlsSession.fromBytes(Files.readAllBytes(in), key());
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | GeneralSecurityException e) {
            throw new CommandFailure("cannot read session " + in + ": " + e, e);
        }
    }

    void save(DtlsSession session) throws CommandFailure {
        if (out == null || session == null) {
            return;
        }
        try {
            Files.write(out, session.toBytes(key(), new SecureRandom()));
        } catch (IOException | GeneralSecurityException e) {
            throw new CommandFailure("cannot write session " + out + ": " + e.getMessage(), e);
        }
    }

    private SecretKey key() throws CommandFailure {
        try {
            byte[] key = HexFormat.of().parseHex(Files.readString(keyFile, StandardCharsets.US_ASCII).strip());
            if (key.length != 16 && key.length != 32) {
                throw new CommandFailure("--sess-key " + keyFile + ": an AES key is 16 or 32 bytes, this is " + key.length);
            }
            return new SecretKeySpec(key, "AES");
        } catch (IOException | IllegalArgumentException e) {
            throw new CommandFailure("cannot read --sess-key " + keyFile + ": " + e.getMessage(), e);
        }
    }
}
