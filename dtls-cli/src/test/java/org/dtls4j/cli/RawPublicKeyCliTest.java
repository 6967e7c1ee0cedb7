package org.dtls4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import org.dtls4j.credentials.Pem;
import org.dtls4j.credentials.ThrowawayCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code --rpk} and {@code --peer-keys} (RFC 7250) on {@code server} and {@code client}, on 127.0.0.1. */
@Timeout(120)
class RawPublicKeyCliTest {
    @TempDir
    Path dir;

    /** A key pair written as PUBLIC KEY and PRIVATE KEY files: {@code name}-rpk.pub and {@code name}-rpk.key. */
    private Path[] keys(String name, KeyPair pair) throws Exception {
        Path pub = dir.resolve(name + "-rpk.pub");
        Path key = dir.resolve(name + "-rpk.key");
        Files.writeString(pub, Pem.encode(pair.getPublic()));
        Files.writeString(key, Pem.encode(pair.getPrivate()));
        return new Path[] {pub, key};
    }

    private static ClientSettings client(String... args) throws UsageException {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Terminal t = new Terminal(new ByteArrayInputStream(new byte[0]), sink, sink, Map.of());
        return ClientSettings.from(ParsedArgs.parse("client", ClientSettings.OPTIONS, List.of(args)), t);
    }

    @Test
    void theFlagsReachTheSettingsAndRpkNeedsAKey() throws UsageException {
        TlsSettings t = client("--connect", "127.0.0.1:5684", "--rpk", "--cert", "me.pub", "--key", "me.key",
                "--peer-keys", "servers.pem").tls();
        assertTrue(t.rpk());
        assertEquals(Path.of("servers.pem"), t.peerKeys());
        TlsSettings plain = client("--connect", "127.0.0.1:5684").tls();
        assertNull(plain.peerKeys());
        UsageException e = assertThrows(UsageException.class, () -> client("--connect", "127.0.0.1:5684", "--rpk"));
        assertEquals("--rpk sends the key of --cert and --key as a raw public key: give both (--cert may hold a PEM PUBLIC KEY)",
                e.getMessage());
        String help = Usage.command(new ServerCommand());
        assertTrue(help.contains("--rpk") && help.contains("--peer-keys FILE"), help);
    }

    @Test
    void rawPublicKeysBothWaysEcho() throws Exception {
        KeyPair serverPair = ThrowawayCredentials.generateKeyPair("P-256");
        KeyPair clientPair = ThrowawayCredentials.generateKeyPair("Ed25519");
        Path[] server = keys("server", serverPair);
        Path[] client = keys("client", clientPair);
        try (RunningCommand s = RunningCommand.server("--rpk", "--cert", server[0].toString(), "--key", server[1].toString(),
                "--peer-keys", client[0].toString(), "--count", "1")) {
            CapturedTerminal c = new CapturedTerminal();
            int status = c.run("client", "--connect", "127.0.0.1:" + s.port(), "--rpk", "--cert", client[0].toString(),
                    "--key", client[1].toString(), "--peer-keys", server[0].toString(), "--count", "5");
            assertEquals(0, status, c.out() + c.err());
            assertTrue(c.out().contains("5/5 datagrams of 100 bytes echoed intact"), c.out());
            assertTrue(c.out().contains("  peer raw public key " + Describe.rawPublicKey(serverPair.getPublic())), c.out());
            assertEquals(0, s.exitStatus(), s.terminal.err());
            assertTrue(s.terminal.out().contains(", raw public key " + Describe.rawPublicKey(clientPair.getPublic())),
                    s.terminal.out());
        }
    }

    @Test
    void aServerKeyNotInTheFileFailsWithBadCertificate() throws Exception {
        Path[] server = keys("server", ThrowawayCredentials.generateKeyPair("P-256"));
        Path[] other = keys("other", ThrowawayCredentials.generateKeyPair("P-256"));
        try (RunningCommand s = RunningCommand.server("--rpk", "--cert", server[0].toString(), "--key", server[1].toString(),
                "--peer-keys", other[0].toString())) {
            CapturedTerminal c = new CapturedTerminal();
            int status = c.run("client", "--connect", "127.0.0.1:" + s.port(), "--rpk", "--cert", other[0].toString(),
                    "--key", other[1].toString(), "--peer-keys", other[0].toString(), "--timeout", "5");
            assertEquals(1, status, c.out() + c.err());
            assertTrue(c.err().contains("is not one of the 1 trusted raw public keys [bad_certificate]"), c.err());
            s.terminal.awaitErrLine(l -> l.matches("handshake with 127\\.0\\.0\\.1:\\d+ failed: bad_certificate \\(peer's\\).*"),
                    RunningCommand.WAIT);
        }
    }

    @Test
    void aCertificateOnlyClientGetsUnsupportedCertificate() throws Exception {
        Path[] server = keys("server", ThrowawayCredentials.generateKeyPair("P-256"));
        PemFiles pki = PemFiles.create(dir, "P-256");
        try (RunningCommand s = RunningCommand.server("--rpk", "--cert", server[0].toString(), "--key", server[1].toString(),
                "--peer-keys", server[0].toString())) {
            CapturedTerminal c = new CapturedTerminal();
            int status = c.run("client", "--connect", "127.0.0.1:" + s.port(), "--cafile", pki.ca().toString(),
                    "--timeout", "5");
            assertEquals(1, status, c.out() + c.err());
            assertTrue(c.err().contains("[unsupported_certificate]"), c.err());
            s.terminal.awaitErrLine(l -> l.contains("failed: unsupported_certificate (ours)"), RunningCommand.WAIT);
        }
    }

    @Test
    void aCertificatesKeyServesAsTheRawPublicKey() throws Exception {
        PemFiles pki = PemFiles.create(dir, "P-256");
        Path trusted = dir.resolve("server-key.pub");
        Files.writeString(trusted, Pem.encode(Pem.readCertificates(pki.serverCert()).get(0).getPublicKey()));
        try (RunningCommand s = RunningCommand.server("--rpk", "--cert", pki.serverCert().toString(),
                "--key", pki.serverKey().toString(), "--count", "1")) {
            CapturedTerminal c = new CapturedTerminal();
            int status = c.run("client", "--connect", "127.0.0.1:" + s.port(), "--peer-keys", trusted.toString(),
                    "--count", "1");
            assertEquals(0, status, c.out() + c.err());
            assertTrue(c.out().contains("  peer raw public key EC key sha-256 "), c.out());
        }
    }
}
