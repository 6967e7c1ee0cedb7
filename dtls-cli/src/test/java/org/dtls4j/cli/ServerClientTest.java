package org.dtls4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code dtls4j client} against {@code dtls4j server}, both in this JVM, on 127.0.0.1. */
@Timeout(120)
class ServerClientTest {
    private static final String PSK = "00112233445566778899aabbccddeeff";

    @TempDir
    Path dir;

    private static int run(CapturedTerminal t, String... args) {
        return t.run(args);
    }

    /** Waits for the server's stderr line about a failed handshake from 127.0.0.1; {@code rest} is a regex. */
    private static String awaitFailureLine(RunningCommand server, String rest) throws InterruptedException {
        String pattern = "handshake with 127\\.0\\.0\\.1:\\d+ failed: " + rest;
        return server.terminal.awaitErrLine(l -> l.matches(pattern), RunningCommand.WAIT);
    }

    @Test
    void pskEchoOfTwentyDatagramsOf500Bytes() throws Exception {
        try (RunningCommand server = RunningCommand.server("--psk", PSK, "--psk-identity", "alice", "--count", "1")) {
            CapturedTerminal c = new CapturedTerminal();
            int status = run(c, "client", "--connect", "127.0.0.1:" + server.port(), "--psk", PSK,
                    "--psk-identity", "alice", "--count", "20", "--size", "500");
            assertEquals(0, status, c.out() + c.err());
            assertTrue(c.out().contains("20/20 datagrams of 500 bytes echoed intact"), c.out());
            assertTrue(c.out().contains("  cipher suite        TLS_PSK_") || c.out().contains("  cipher suite        TLS_ECDHE_PSK_"),
                    c.out());
            assertTrue(c.out().contains("  psk identity        alice"), c.out());
            assertEquals(0, server.exitStatus(), server.terminal.err());
            String log = server.terminal.out();
            assertTrue(log.matches("(?s).*connection from 127\\.0\\.0\\.1:\\d+: TLS_\\w*PSK\\w*, .*psk identity 'alice'.*"), log);
            assertTrue(log.contains("20 datagrams echoed"), log);
            assertTrue(log.contains("served 1 connection, exiting"), log);
            assertEquals("", server.terminal.err(), "a successful handshake is no failure");
        }
    }

    @Test
    void certificateEchoWithVerifiedServerAndClient() throws Exception {
        PemFiles pki = PemFiles.create(dir, "P-256");
        try (RunningCommand server = RunningCommand.server("--cert", pki.serverCert().toString(),
                "--key", pki.serverKey().toString(), "--verify-client", pki.ca().toString(), "--count", "1")) {
            CapturedTerminal c = new CapturedTerminal();
            int status = run(c, "client", "--connect", "localhost:" + server.port(), "--cafile", pki.ca().toString(),
                    "--cert", pki.clientCert().toString(), "--key", pki.clientKey().toString(),
                    "--count", "20", "--size", "500");
            assertEquals(0, status, c.out() + c.err());
            assertTrue(c.out().contains("20/20 datagrams of 500 bytes echoed intact"), c.out());
            assertTrue(c.out().contains("  cipher suite        TLS_ECDHE_ECDSA_"), c.out());
            assertTrue(c.out().contains("  peer certificate    CN=localhost"), c.out());
            assertTrue(c.out().contains("  server name         localhost"), "SNI from the host name: " + c.out());
            assertEquals(0, server.exitStatus());
            assertTrue(server.terminal.out().contains("certificate CN=dtls4j test client"), server.terminal.out());
        }
    }

    /**
     * With a wrong key the peers derive different record keys, so the Finished records fail
     * authentication and are discarded (RFC 6347 §4.1.2.7): the handshake cannot complete, and
     * the client reports the engine's cause, whichever alert it carries.
     */
    @Test
    void wrongPskFailsWithTheCauseAndStatusOne() throws Exception {
        try (RunningCommand server = RunningCommand.server("--psk", PSK)) {
            CapturedTerminal c = new CapturedTerminal();
            int status = run(c, "client", "--connect", "127.0.0.1:" + server.port(), "--psk", "ffff" + PSK.substring(4),
                    "--count", "1", "--timeout", "2");
            assertEquals(1, status, c.out() + c.err());
            String err = c.err().trim();
            assertTrue(err.matches("dtls4j client: handshake with 127\\.0\\.0\\.1:" + server.port()
                    + " failed: .+ \\[[a-z_]+\\]"), err);
            assertEquals(1, err.lines().count(), "one line, no usage: " + err);
            assertTrue(!c.out().contains("datagrams of"), "nothing was sent: " + c.out());
        }
    }

    @Test
    void unknownPskIdentityIsRefused() throws Exception {
        try (RunningCommand server = RunningCommand.server("--psk", PSK)) {
            CapturedTerminal c = new CapturedTerminal();
            int status = run(c, "client", "--connect", "127.0.0.1:" + server.port(), "--psk", PSK,
                    "--psk-identity", "mallory", "--timeout", "5");
            assertEquals(1, status);
            assertTrue(c.err().contains("[unknown_psk_identity]"), c.err());
            // the server tells its operator too, on stderr, once
            awaitFailureLine(server, "unknown_psk_identity \\(ours\\): unknown PSK identity 'mallory'");
            assertEquals(1, server.terminal.err().lines().count(), server.terminal.err());
        }
    }

    @Test
    void untrustedClientCertificateIsLoggedByTheServer() throws Exception {
        PemFiles pki = PemFiles.create(dir, "P-256");
        try (RunningCommand server = RunningCommand.server("--cert", pki.serverCert().toString(),
                "--key", pki.serverKey().toString(), "--verify-client", PemFiles.strangerCa(dir).toString())) {
            CapturedTerminal c = new CapturedTerminal();
            int status = run(c, "client", "--connect", "localhost:" + server.port(), "--cafile", pki.ca().toString(),
                    "--cert", pki.clientCert().toString(), "--key", pki.clientKey().toString(), "--timeout", "5");
            assertEquals(1, status, c.out() + c.err());
            assertTrue(c.err().contains("[bad_certificate]"), c.err());
            awaitFailureLine(server, "bad_certificate \\(ours\\): client certificate not trusted: .+");
        }
    }

    @Test
    void untrustedServerCertificateFails() throws Exception {
        PemFiles pki = PemFiles.create(dir, "P-256");
        try (RunningCommand server = RunningCommand.server("--cert", pki.serverCert().toString(),
                "--key", pki.serverKey().toString())) {
            CapturedTerminal c = new CapturedTerminal();
            int status = run(c, "client", "--connect", "127.0.0.1:" + server.port(),
                    "--cafile", PemFiles.strangerCa(dir).toString(), "--timeout", "5");
            assertEquals(1, status);
            assertTrue(c.err().contains("server certificate not trusted"), c.err());
            // the client's verdict reaches the server as its alert
            awaitFailureLine(server, "bad_certificate \\(peer's\\): peer sent fatal alert bad_certificate");
            CapturedTerminal insecure = new CapturedTerminal("ping\n", Map.of());
            assertEquals(0, run(insecure, "client", "--connect", "127.0.0.1:" + server.port(), "--insecure"),
                    insecure.err());
            assertEquals(1, server.terminal.err().lines().count(), "only the failure: " + server.terminal.err());
        }
    }

    @Test
    void linesFromStdinComeBackAsLines() throws Exception {
        try (RunningCommand server = RunningCommand.server("--psk", PSK, "--count", "1")) {
            CapturedTerminal c = new CapturedTerminal("hello\nworld, again\n", Map.of());
            int status = run(c, "client", "--connect", "127.0.0.1:" + server.port(), "--psk", PSK);
            assertEquals(0, status, c.err());
            assertTrue(c.outLines().contains("hello"), c.out());
            assertTrue(c.outLines().contains("world, again"), c.out());
            assertEquals(0, server.exitStatus());
            assertTrue(server.terminal.out().contains("2 datagrams echoed"), server.terminal.out());
        }
    }

    @Test
    void suiteGroupMtuAlpnAndKeyLogOptionsTakeEffect() throws Exception {
        PemFiles pki = PemFiles.create(dir, "P-384");
        Path keylog = dir.resolve("keys.log");
        try (RunningCommand server = RunningCommand.server("--cert", pki.serverCert().toString(),
                "--key", pki.serverKey().toString(), "--alpn", "coap,h2", "--mtu", "600", "--count", "1")) {
            CapturedTerminal c = new CapturedTerminal();
            int status = run(c, "client", "--connect", "127.0.0.1:" + server.port(), "--cafile", pki.ca().toString(),
                    "--ciphers", "ECDHE-ECDSA-CHACHA20-POLY1305", "--groups", "P-384", "--mtu", "400",
                    "--alpn", "h2", "--keylog", keylog.toString(), "--count", "3", "--size", "300");
            assertEquals(0, status, c.out() + c.err());
            assertTrue(c.out().contains("  cipher suite        TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"), c.out());
            assertTrue(c.out().contains("  group               secp384r1"), c.out());
            assertTrue(c.out().contains("  alpn                h2"), c.out());
            String payload = c.outLines().stream().filter(l -> l.startsWith("  max payload")).findFirst().orElseThrow();
            int max = Integer.parseInt(payload.replaceAll("\\D", ""));
            assertTrue(max > 300 && max < 400, payload);
            String log = Files.readString(keylog);
            assertTrue(log.matches("CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}\n"), log);
            assertEquals(0, server.exitStatus());
        }
    }

    @Test
    void sizeBeyondTheMtuIsRefusedBeforeSending() throws Exception {
        try (RunningCommand server = RunningCommand.server("--psk", PSK)) {
            CapturedTerminal c = new CapturedTerminal();
            int status = run(c, "client", "--connect", "127.0.0.1:" + server.port(), "--psk", PSK, "--mtu", "300",
                    "--count", "1", "--size", "1000");
            assertEquals(1, status);
            assertTrue(c.err().contains("--size 1000 is larger than the"), c.err());
        }
    }

    @Test
    void noCookieServerSkipsTheHelloVerifyRequest() throws Exception {
        try (RunningCommand server = RunningCommand.server("--psk", PSK, "--no-cookie", "--count", "1")) {
            int port = server.port();
            assertTrue(server.terminal.out().contains("(no cookie exchange)"), server.terminal.out());
            CapturedTerminal c = new CapturedTerminal();
            int status = run(c, "client", "--connect", "127.0.0.1:" + port, "--psk", PSK, "--count", "1", "--trace");
            assertEquals(0, status, c.err());
            assertTrue(c.out().contains("[client] sending CLIENT_HELLO (message_seq 0, epoch 0)"), c.out());
            assertTrue(!c.out().contains("HELLO_VERIFY_REQUEST"), c.out());
            CapturedTerminal withCookie = new CapturedTerminal();
            try (RunningCommand other = RunningCommand.server("--psk", PSK, "--count", "1")) {
                assertEquals(0, run(withCookie, "client", "--connect", "127.0.0.1:" + other.port(), "--psk", PSK,
                        "--count", "1", "--trace"));
                assertTrue(withCookie.out().contains("received HELLO_VERIFY_REQUEST"), withCookie.out());
            }
        }
    }

    /** --trace=records: every datagram with its records, on both sides, each line naming the peer. */
    @Test
    void traceRecordsShowsEveryDatagramAndItsRecords() throws Exception {
        try (RunningCommand server = RunningCommand.server("--psk", PSK, "--count", "1", "--trace=records")) {
            int port = server.port();
            CapturedTerminal c = new CapturedTerminal();
            int status = run(c, "client", "--connect", "127.0.0.1:" + port, "--psk", PSK, "--count", "1", "--trace=bytes");
            assertEquals(0, status, c.err());
            String peer = "[127.0.0.1:" + port + "]";
            String out = c.out();
            assertTrue(out.contains(peer + " datagram out, "), out);
            assertTrue(out.contains(peer + "   handshake, epoch 0, seq 0, "), out);
            assertTrue(out.contains("plaintext: CLIENT_HELLO[message_seq 0, bytes 0.."), out);
            assertTrue(out.contains("HELLO_VERIFY_REQUEST[message_seq 0, bytes 0..35 of 35] (cookie of 32 bytes)"), out);
            assertTrue(out.contains("change_cipher_spec, epoch 0"), out);
            assertTrue(out.contains("application_data, epoch 1, seq "), out);
            assertTrue(out.contains(", protected"), out);
            assertTrue(out.lines().anyMatch(l -> l.startsWith(peer + "     16 fe f")), "the bytes level prints hex: " + out);
            server.terminal.awaitLine(l -> l.contains(" datagram in, ") && l.contains("1 record"), RunningCommand.WAIT);
            assertTrue(server.terminal.out().lines().noneMatch(l -> l.startsWith("[127.0.0.1:") && l.contains("     16 fe")),
                    "records, not bytes, on the server");
        }
    }

    @Test
    void maxPeersHoldsBackASecondPeer() throws Exception {
        try (RunningCommand server = RunningCommand.server("--psk", PSK, "--max-peers", "1")) {
            int port = server.port();
            CapturedTerminal first = new CapturedTerminal(); // stays connected while its stdin is open
            java.io.PipedOutputStream stdin = new java.io.PipedOutputStream();
            Terminal held = new Terminal(new java.io.PipedInputStream(stdin), first.terminal().out(), first.terminal().err(),
                    Map.of());
            Thread holder = new Thread(() -> Main.run(new String[] {"client", "--connect", "127.0.0.1:" + port,
                "--psk", PSK}, held));
            holder.setDaemon(true);
            holder.start();
            first.awaitLine(l -> l.startsWith("connected to "), RunningCommand.WAIT);
            CapturedTerminal second = new CapturedTerminal();
            assertEquals(1, run(second, "client", "--connect", "127.0.0.1:" + port, "--psk", PSK, "--timeout", "1500ms"));
            assertTrue(second.err().contains("failed"), second.err());
            stdin.close();
            holder.join(RunningCommand.WAIT.toMillis());
            CapturedTerminal third = new CapturedTerminal();
            assertEquals(0, run(third, "client", "--connect", "127.0.0.1:" + port, "--psk", PSK, "--count", "1",
                    "--timeout", "5"), third.err());
        }
    }

    /**
     * {@code --rate-limit 1/1m}: the first handshake from 127.0.0.1 completes, the second from the
     * same address passes the cookie exchange and is then ignored, so the client times out.
     */
    @Test
    void rateLimitRefusesASecondHandshakeFromTheSameAddress() throws Exception {
        try (RunningCommand server = RunningCommand.server("--psk", PSK, "--rate-limit", "1/1m")) {
            int port = server.port();
            assertTrue(server.terminal.awaitLine(l -> l.startsWith("limits: "), RunningCommand.WAIT)
                    .contains(", rate 1/1m per address, "), server.terminal.out());
            CapturedTerminal first = new CapturedTerminal();
            assertEquals(0, run(first, "client", "--connect", "127.0.0.1:" + port, "--psk", PSK, "--count", "1",
                    "--timeout", "5"), first.err());
            CapturedTerminal second = new CapturedTerminal();
            assertEquals(1, run(second, "client", "--connect", "127.0.0.1:" + port, "--psk", PSK, "--count", "1",
                    "--timeout", "1500ms"));
            assertTrue(second.err().contains("did not complete within 1500 ms"), second.err());
        }
    }

    /** {@code --rate-limit off} with the other limit flags: the line shows them all, and 5 handshakes from one address complete. */
    @Test
    void rateLimitOffLetsEveryHandshakeFromOneAddressIn() throws Exception {
        try (RunningCommand server = RunningCommand.server("--psk", PSK, "--rate-limit", "off", "--max-peers", "8",
                "--max-handshakes", "2", "--idle-timeout", "20s", "--workers", "1", "--accept-queue", "4",
                "--cookie-rotation", "10s")) {
            int port = server.port();
            assertEquals("limits: peers 8, handshakes 2, rate off, idle 20s, workers 1, accept queue 4, cookie rotation 10s",
                    server.terminal.awaitLine(l -> l.startsWith("limits: "), RunningCommand.WAIT));
            for (int i = 0; i < 5; i++) {
                CapturedTerminal c = new CapturedTerminal();
                assertEquals(0, run(c, "client", "--connect", "127.0.0.1:" + port, "--psk", PSK, "--count", "1",
                        "--timeout", "5"), "handshake " + (i + 1) + ": " + c.err());
            }
        }
    }

    @Test
    void badLimitIsAUsageErrorBeforeAnythingIsBound() {
        CapturedTerminal c = new CapturedTerminal();
        assertEquals(Main.BAD_ARGUMENTS, run(c, "server", "--listen", "127.0.0.1:0", "--psk", PSK, "--rate-limit", "20"));
        assertTrue(c.err().startsWith("dtls4j server: --rate-limit: expected N/DURATION, DURATION or off, got '20'"
                + " (e.g. --rate-limit 20/1m)\n"), c.err());
        assertEquals("", c.out(), "nothing listened");
    }

    @Test
    void nobodyListeningIsAFailure() {
        CapturedTerminal c = new CapturedTerminal();
        assertEquals(1, run(c, "client", "--connect", "127.0.0.1:9", "--psk", PSK, "--timeout", "1"));
        assertTrue(c.err().startsWith("dtls4j client: handshake with 127.0.0.1:9 failed: "), c.err());
    }
}
