package org.dtls4j.transport.restart;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.DecodeException;
import org.dtls4j.transport.io.SecretFiles;
import org.dtls4j.transport.restart.RestoreRefusedException.Why;

/**
 * The file a server saves its established connections to for the process that replaces it, and
 * restores them from: each connection's state (the engine's {@code EstablishedState} bytes, which
 * hold its master secret) sealed under an AES key the operator provides.
 *
 * <pre>
 * struct {
 *     opaque magic[4] = "D4JC";
 *     uint8  version = 1;
 *     uint64 saved_at;                  // milliseconds since 1970-01-01T00:00Z
 *     opaque key_id[8];                 // HMAC-SHA256(key, "dtls4j saved connections key id")[0..7]
 *     opaque nonce[12];                 // random
 *     opaque sealed[..];                // AES-GCM(key, nonce, aad = every byte before nonce, body), tag (16) last
 * } SavedConnectionsFile;
 *
 * struct {
 *     uint32 count;
 *     opaque connection&lt;1..2^24-1&gt;[count];   // EstablishedState.toBytes()
 * } body;
 * </pre>
 *
 * <p>The header is authenticated with the body, so the time of saving cannot be moved without the
 * tag failing. The key id tells "another key" from "changed since" for the operator's message; it
 * is a MAC output and says nothing about the key. {@link #read} refuses, with a
 * {@link RestoreRefusedException} naming why, a file that is not one, of another version, under
 * another key, changed in any byte, older than the maximum age or dated in the future, and reads
 * nothing from it then.
 *
 * <p>{@link #write} is atomic: the file is written beside its final name, owner-only where the
 * file system has POSIX permissions, and moved into place, so a reader sees the old file or the
 * whole new one.
 */
public final class SavedConnections {
    private static final byte[] MAGIC = "D4JC".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    private static final int HEADER_LENGTH = MAGIC.length + 1 + 8 + 8;
    private static final int NONCE_LENGTH = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] KEY_ID_LABEL = "dtls4j saved connections key id".getBytes(StandardCharsets.US_ASCII);
    /** How far a file's time may be ahead of ours (clocks of two hosts, or a clock stepped back). */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    private SavedConnections() {
    }

    /**
     * Seals {@code connections} (each an {@code EstablishedState}'s bytes) into {@code file}, replacing it atomically.
     *
     * @param key an AES key of 16 or 32 bytes
     */
    public static void write(Path file, SecretKey key, List<byte[]> connections, Instant savedAt, SecureRandom random)
            throws IOException {
        ByteWriter body = new ByteWriter().u32(connections.size());
        for (byte[] c : connections) {
            body.opaque24(c);
        }
        byte[] plain = body.toByteArray();
        byte[] sealed;
        try {
            byte[] header = new ByteWriter().bytes(MAGIC).u8(VERSION).bytes(longBytes(savedAt.toEpochMilli()))
                    .bytes(keyId(key)).toByteArray();
            byte[] nonce = new byte[NONCE_LENGTH];
            random.nextBytes(nonce);
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            gcm.updateAAD(header);
            sealed = new ByteWriter().bytes(header).bytes(nonce).bytes(gcm.doFinal(plain)).toByteArray();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot seal the saved connections: " + e.getMessage(), e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
        SecretFiles.writeAtomically(file, sealed);
    }

    /**
     * The connections sealed in {@code file}, each an {@code EstablishedState}'s bytes.
     *
     * @param maxAge a file saved longer ago than this is refused: its peers have given up, or
     *               moved on, and its state would only be a risk
     * @throws RestoreRefusedException when the file cannot be trusted or is too old; nothing is read from it
     * @throws IOException when it cannot be read at all
     */
    public static List<byte[]> read(Path file, SecretKey key, Duration maxAge, Instant now)
            throws IOException, RestoreRefusedException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < HEADER_LENGTH + NONCE_LENGTH + TAG_BITS / 8
                || !Arrays.equals(MAGIC, Arrays.copyOf(bytes, MAGIC.length))) {
            throw new RestoreRefusedException(Why.NOT_SAVED_CONNECTIONS, file + " is not a dtls4j saved-connections file");
        }
        int version = bytes[MAGIC.length] & 0xFF;
        if (version != VERSION) {
            throw new RestoreRefusedException(Why.UNSUPPORTED_VERSION, file + " is format version " + version
                    + "; this version of dtls4j reads " + VERSION);
        }
        if (!MessageDigest.isEqual(keyId(key), Arrays.copyOfRange(bytes, HEADER_LENGTH - 8, HEADER_LENGTH))) {
            throw new RestoreRefusedException(Why.WRONG_KEY, file + " was saved under another key than the one given");
        }
        byte[] body;
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, HEADER_LENGTH, NONCE_LENGTH));
            gcm.updateAAD(bytes, 0, HEADER_LENGTH);
            body = gcm.doFinal(bytes, HEADER_LENGTH + NONCE_LENGTH, bytes.length - HEADER_LENGTH - NONCE_LENGTH);
        } catch (AEADBadTagException e) {
            throw new RestoreRefusedException(Why.TAMPERED, file + " does not authenticate under the given key:"
                    + " it was changed after it was saved");
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot open " + file + ": " + e.getMessage(), e);
        }
        try {
            Instant savedAt = Instant.ofEpochMilli(ByteBuffer.wrap(bytes, MAGIC.length + 1, 8).getLong());
            if (Duration.between(savedAt, now).compareTo(maxAge) > 0) {
                throw new RestoreRefusedException(Why.STALE, file + " was saved at " + savedAt + ", more than "
                        + maxAge + " before now (" + now + "): its peers are not waiting any more");
            }
            if (Duration.between(now, savedAt).compareTo(CLOCK_SKEW) > 0) {
                throw new RestoreRefusedException(Why.STALE, file + " was saved at " + savedAt
                        + ", after now (" + now + "): the clock is wrong, or the file is");
            }
            return parse(body);
        } finally {
            Arrays.fill(body, (byte) 0);
        }
    }

    private static List<byte[]> parse(byte[] body) throws RestoreRefusedException {
        try {
            ByteReader r = new ByteReader(body);
            long count = r.u32();
            List<byte[]> out = new ArrayList<>();
            for (long i = 0; i < count; i++) {
                out.add(r.opaque24());
            }
            r.expectEmpty("saved connections");
            return out;
        } catch (DecodeException e) {
            // authenticated, so written this way by a dtls4j that was wrong: say so, do not guess
            throw new RestoreRefusedException(Why.MALFORMED, "malformed saved connections: " + e.getMessage());
        }
    }

    private static byte[] keyId(SecretKey key) throws IOException {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            return Arrays.copyOf(mac.doFinal(KEY_ID_LABEL), 8);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use the state key: " + e.getMessage(), e);
        }
    }

    private static byte[] longBytes(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }
}
