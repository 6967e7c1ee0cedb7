package org.dtls4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dtls4j.credentials.Credentials;
import org.dtls4j.credentials.Pem;
import org.dtls4j.credentials.ThrowawayCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code dtls4j fingerprint} and {@code --peer-fingerprint} on server and client (RFC 8122 §5, RFC 8842 §5). */
@Timeout(120)
class FingerprintCliTest {
    private static final Credentials SERVER = ThrowawayCredentials.forFingerprint(null);
    private static final Credentials CLIENT = ThrowawayCredentials.forFingerprint(null);

    @TempDir
    Path dir;

    private Path[] write(String name, Credentials c) throws Exception {
        Path cert = Files.writeString(dir.resolve(name + ".pem"), Pem.encode(c.leaf()));
        Path key = Files.writeString(dir.resolve(name + "-key.pem"), Pem.encode(c.privateKey()));
        return new Path[] {cert, key};
    }

    @Test
    void fingerprintPrintsTheSdpFormOfTheFirstCertificate() throws Exception {
        Path cert = write("server", SERVER)[0];
        CapturedTerminal t = new CapturedTerminal();
        assertEquals(0, t.run("fingerprint", cert.toString()), t.err());
        assertEquals(SERVER.fingerprint().toSdp() + System.lineSeparator(), t.out());
        assertTrue(t.out().matches("sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}\\R"), t.out());

        CapturedTerminal none = new CapturedTerminal();
        assertEquals(Main.BAD_ARGUMENTS, none.run("fingerprint"));
        assertTrue(none.err().contains("'fingerprint' expects CERT.pem, got none"), none.err());
        CapturedTerminal missing = new CapturedTerminal();
        assertEquals(Main.FAILED, missing.run("fingerprint", dir.resolve("absent.pem").toString()));
        assertTrue(missing.err().startsWith("dtls4j fingerprint: cannot read ") && missing.err().contains("no such file"), missing.err());
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        CapturedTerminal noCert = new CapturedTerminal();
        assertEquals(Main.FAILED, noCert.run("fingerprint", empty.toString()));
        assertTrue(noCert.err().contains(empty + ": no certificate found"), noCert.err());
    }

    @Test
    void selfSignedPeersPinnedBothWaysConnect() throws Exception {
        Path[] s = write("server", SERVER);
        Path[] c = write("client", CLIENT);
        try (RunningCommand server = RunningCommand.server("--cert", s[0].toString(), "--key", s[1].toString(),
                "--peer-fingerprint", CLIENT.fingerprint().toSdp().toLowerCase(), "--count", "1")) {
            CapturedTerminal t = new CapturedTerminal();
            int status = t.run("client", "--connect", "127.0.0.1:" + server.port(), "--cert", c[0].toString(),
                    "--key", c[1].toString(), "--peer-fingerprint", SERVER.fingerprint().toSdp(), "--count", "3");
            assertEquals(0, status, t.out() + t.err());
            assertTrue(t.out().contains("  peer certificate    CN=WebRTC"), t.out());
            assertEquals(0, server.exitStatus(), server.terminal.err());
            assertTrue(server.terminal.out().contains("certificate CN=WebRTC"), "the server pinned the client's: "
                    + server.terminal.out());
        }
    }

    @Test
    void aWrongServerFingerprintFailsNamingBoth() throws Exception {
        Path[] s = write("server", SERVER);
        String other = CLIENT.fingerprint().toSdp();
        try (RunningCommand server = RunningCommand.server("--cert", s[0].toString(), "--key", s[1].toString(), "--count", "1")) {
            CapturedTerminal t = new CapturedTerminal();
            int status = t.run("client", "--connect", "127.0.0.1:" + server.port(), "--peer-fingerprint", other,
                    "--timeout", "5");
            assertEquals(Main.FAILED, status, t.out() + t.err());
            assertTrue(t.err().contains("server certificate fingerprint mismatch: expected " + other + ", received "
                    + SERVER.fingerprint().toSdp()), t.err());
            assertTrue(t.err().contains("bad_certificate"), t.err());
        }
    }

    @Test
    void badFingerprintsAndContradictionsAreUsageErrors() {
        CapturedTerminal a = new CapturedTerminal();
        assertEquals(Main.BAD_ARGUMENTS, a.run("client", "--connect", "127.0.0.1:4433", "--peer-fingerprint", "sha-256 AB"));
        assertTrue(a.err().contains("--peer-fingerprint: not an SDP certificate fingerprint 'sha-256 AB'"), a.err());
        CapturedTerminal b = new CapturedTerminal();
        assertEquals(Main.BAD_ARGUMENTS, b.run("client", "--connect", "127.0.0.1:4433", "--insecure",
                "--peer-fingerprint", SERVER.fingerprint().toSdp()));
        assertTrue(b.err().contains("--peer-fingerprint and --insecure contradict each other"), b.err());
        CapturedTerminal c = new CapturedTerminal();
        assertEquals(Main.BAD_ARGUMENTS, c.run("server", "--listen", "127.0.0.1:0", "--psk", "00112233",
                "--peer-fingerprint", SERVER.fingerprint().toSdp()));
        assertTrue(c.err().contains("--peer-fingerprint pins the client's certificate"), c.err());
    }
}
