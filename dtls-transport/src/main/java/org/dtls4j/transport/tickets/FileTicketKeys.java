package org.dtls4j.transport.tickets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.dtls4j.handshake.ticket.TicketKey;
import org.dtls4j.handshake.ticket.TicketKeyRing;
import org.dtls4j.handshake.ticket.TicketKeys;
import org.dtls4j.transport.io.SecretFiles;

/**
 * Ticket keys read from a file that several server processes share, so that each resumes the
 * sessions of the others (RFC 5077 §4: the ticket is protected by keys "known only to the server";
 * here, to the servers). The file is text, one key per line:
 *
 * <pre>
 * # comments and blank lines are ignored
 * &lt;key_name: 32 hex digits&gt; &lt;AES key: 32 or 64 hex digits&gt;    # the first key seals new tickets
 * &lt;key_name&gt; &lt;AES key&gt;                                          # the others still open old ones
 * </pre>
 *
 * <p><b>Rotation</b> is the operator's (or {@link #rotate}'s): write a new file with a new key
 * first and the old current key second, by writing a temporary file and renaming it over the old
 * one, so no reader ever sees half a file; drop the old key after the overlap window (the
 * session lifetime is the natural one). Every process sees the new file within
 * {@code recheck} of its rename, without a restart: at most once per {@code recheck} a call looks
 * at the file's modification time, size and identity, and reads it again only when one changed.
 * Servers of a fleet may see a rotation up to {@code recheck} apart; a ticket sealed meanwhile under
 * the new key by one is unknown to another for that long, and gets a full handshake there.
 *
 * <p>A file that cannot be read or parsed when it changes leaves the keys as they were (and is
 * logged at WARNING); one that cannot be read at construction is an {@link IOException}. The file
 * holds secrets: {@link #rotate} makes it readable by its owner only.
 */
public final class FileTicketKeys implements TicketKeys {
    /** More keys than this in one file is a mistake, not an overlap window. */
    public static final int MAX_KEYS = 16;
    /** And so is a file larger than this. */
    public static final int MAX_FILE_BYTES = 16 * 1024;

    private static final System.Logger LOG = System.getLogger(FileTicketKeys.class.getName());

    private final Path file;
    private final long recheckMillis;
    private volatile TicketKeyRing ring;
    private volatile long nextCheckMillis;
    private Object version;

    /**
     * Reads {@code file} now; afterwards again when it changes, looked at no more than once per
     * {@code recheck}.
     *
     * @throws IOException when the file cannot be read or holds no valid key list
     */
    public FileTicketKeys(Path file, Duration recheck) throws IOException {
        this.file = Objects.requireNonNull(file, "file");
        this.recheckMillis = Math.max(0, recheck.toMillis());
        this.version = version(file);
        this.ring = parse(read(file), file.toString());
    }

    /** Checked at most once a second. */
    public FileTicketKeys(Path file) throws IOException {
        this(file, Duration.ofSeconds(1));
    }

    @Override
    public TicketKey current(Instant now) {
        return keys(now).current(now);
    }

    @Override
    public TicketKey find(byte[] keyName, Instant now) {
        return keys(now).find(keyName, now);
    }

    /** The keys as last read, first the one that seals. */
    public List<TicketKey> keys() {
        return ring.keys();
    }

    private TicketKeyRing keys(Instant now) {
        if (now.toEpochMilli() >= nextCheckMillis) {
            recheck(now.toEpochMilli());
        }
        return ring;
    }

    private synchronized void recheck(long nowMillis) {
        if (nowMillis < nextCheckMillis) {
            return; // another thread just looked
        }
        nextCheckMillis = nowMillis + recheckMillis;
        try {
            Object v = version(file);
            if (v.equals(version)) {
                return;
            }
            ring = parse(read(file), file.toString());
            version = v;
            LOG.log(System.Logger.Level.INFO, "ticket keys reloaded from {0}: {1}", file, ring);
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "ticket key file {0} changed but cannot be used; keeping {1}: {2}",
                    file, ring, e.getMessage());
        }
    }

    /** What tells a rewritten file from the one read: modification time, size, and the file itself (a rename). */
    private static Object version(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return List.of(a.lastModifiedTime(), a.size(), String.valueOf(a.fileKey()));
    }

    private static String read(Path file) throws IOException {
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new IOException(file + " is larger than " + MAX_FILE_BYTES + " bytes: not a ticket key file");
        }
        return Files.readString(file, StandardCharsets.US_ASCII);
    }

    /**
     * The keys of a file's text, first the current one.
     *
     * @throws IllegalArgumentException naming the line that is wrong
     */
    static TicketKeyRing parse(String text, String where) {
        List<TicketKey> keys = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            String[] f = (hash >= 0 ? line.substring(0, hash) : line).trim().split("\\s+");
            if (f.length == 1 && f[0].isEmpty()) {
                continue;
            }
            try {
                if (f.length != 2) {
                    throw new IllegalArgumentException("expected a key name and a key");
                }
                keys.add(new TicketKey(HexFormat.of().parseHex(f[0]), HexFormat.of().parseHex(f[1])));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
            if (keys.size() > MAX_KEYS) {
                throw new IllegalArgumentException(where + ": more than " + MAX_KEYS + " keys");
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(where + ": no ticket key");
        }
        return new TicketKeyRing(keys.get(0), keys.subList(1, keys.size()));
    }

    /**
     * Rotates the keys in {@code file}: a new random AES-256 key goes first, and the keys that were
     * there follow, at most {@code keep - 1} of them (the overlap window); a missing file is made
     * with the new key alone. The new text is written to a temporary file in the same directory,
     * readable by its owner only where the file system has POSIX permissions, and renamed over
     * {@code file}. Run by one process of the fleet (or by hand, or by cron); the others follow.
     *
     * @param keep how many keys the file holds afterwards, 1 to {@link #MAX_KEYS}
     */
    public static void rotate(Path file, int keep, SecureRandom random) throws IOException {
        if (keep < 1 || keep > MAX_KEYS) {
            throw new IllegalArgumentException("keep must be 1 to " + MAX_KEYS + ", was " + keep);
        }
        List<String> lines = new ArrayList<>();
        lines.add("# dtls4j session ticket keys (RFC 5077): <key_name> <AES key>; the first seals, all open");
        byte[] name = new byte[TicketKey.NAME_LENGTH];
        byte[] secret = new byte[32];
        random.nextBytes(name);
        random.nextBytes(secret);
        lines.add(HexFormat.of().formatHex(name) + " " + HexFormat.of().formatHex(secret));
        if (Files.exists(file)) {
            String old = read(file);
            parse(old, file.toString()); // refuse to rotate a file we could not read afterwards
            for (String line : old.split("\n")) {
                String l = line.trim();
                if (!l.isEmpty() && !l.startsWith("#") && lines.size() <= keep) {
                    lines.add(l);
                }
            }
        }
        SecretFiles.writeAtomically(file, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "FileTicketKeys[" + file + ", " + ring.keys().size() + " keys]";
    }
}
