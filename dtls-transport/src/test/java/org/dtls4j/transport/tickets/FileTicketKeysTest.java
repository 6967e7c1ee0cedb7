package org.dtls4j.transport.tickets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.dtls4j.handshake.ticket.TicketKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared key file: its format, rotation by rename, and a reload that needs no restart. */
class FileTicketKeysTest {
    private static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void theFirstKeySealsAndEveryKeyOpens() throws IOException {
        Path f = dir.resolve("keys");
        Files.writeString(f, "# comment\n\n" + "00".repeat(16) + " " + "11".repeat(32) + "  # current\n"
                + "22".repeat(16) + " " + "33".repeat(16) + "\n");
        FileTicketKeys keys = new FileTicketKeys(f);
        assertTrue(keys.current(T0).isNamed(new byte[16]));
        assertNotNull(keys.find(HexFormat.of().parseHex("22".repeat(16)), T0));
        assertNull(keys.find(HexFormat.of().parseHex("44".repeat(16)), T0));
    }

    @Test
    void aBadFileIsRefusedNamingTheLine() throws IOException {
        Path f = dir.resolve("keys");
        Files.writeString(f, "00".repeat(16) + " " + "11".repeat(32) + "\n" + "zz".repeat(16) + " " + "11".repeat(32) + "\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FileTicketKeys(f));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        Files.writeString(f, "# nothing\n");
        assertThrows(IllegalArgumentException.class, () -> new FileTicketKeys(f));
        Files.writeString(f, "00".repeat(16) + " " + "11".repeat(20) + "\n");
        assertThrows(IllegalArgumentException.class, () -> new FileTicketKeys(f), "a 20-byte AES key");
    }

    @Test
    void aRotationIsPickedUpWithoutARestartAndTheOldKeyStillOpens() throws IOException {
        Path f = dir.resolve("keys");
        FileTicketKeys.rotate(f, 2, new SecureRandom());
        FileTicketKeys nodeA = new FileTicketKeys(f, Duration.ofSeconds(1));
        FileTicketKeys nodeB = new FileTicketKeys(f, Duration.ofSeconds(1));
        TicketKey before = nodeA.current(T0);
        assertTrue(nodeB.current(T0).isNamed(before.name()), "two readers, one key");

        FileTicketKeys.rotate(f, 2, new SecureRandom());
        assertTrue(nodeA.current(T0.plusMillis(500)).isNamed(before.name()), "not looked at again within a second");
        TicketKey after = nodeA.current(T0.plusSeconds(2));
        assertTrue(!after.isNamed(before.name()), "the new key seals");
        assertNotNull(nodeA.find(before.name(), T0.plusSeconds(2)), "the old one still opens");
        assertTrue(nodeB.current(T0.plusSeconds(2)).isNamed(after.name()), "the other reader follows");

        FileTicketKeys.rotate(f, 2, new SecureRandom());
        assertNull(nodeA.find(before.name(), T0.plusSeconds(4)), "two rotations later, with keep=2, it is gone");
        assertEquals(2, nodeA.keys().size());
    }

    @Test
    void aBrokenRewriteKeepsTheKeysThatWork() throws IOException {
        Path f = dir.resolve("keys");
        FileTicketKeys.rotate(f, 1, new SecureRandom());
        FileTicketKeys keys = new FileTicketKeys(f, Duration.ZERO);
        TicketKey k = keys.current(T0);
        Files.writeString(f, "garbage\n");
        assertTrue(keys.current(T0.plusSeconds(1)).isNamed(k.name()));
        Files.delete(f);
        assertTrue(keys.current(T0.plusSeconds(2)).isNamed(k.name()), "and so does a missing file");
    }

    @Test
    void rotateWritesAFileOnlyItsOwnerReads() throws IOException {
        Path f = dir.resolve("keys");
        FileTicketKeys.rotate(f, 3, new SecureRandom());
        try {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        } catch (UnsupportedOperationException e) {
            return; // not a POSIX file system
        }
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary file left behind");
        }
    }
}
