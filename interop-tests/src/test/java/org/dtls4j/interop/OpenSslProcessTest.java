package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The process harness against real {@code openssl} processes, and its bounded output capture. */
@Timeout(30)
class OpenSslProcessTest {

    private static final Pattern NEVER = Pattern.compile("^this line is never printed$");

    @Test
    void writesStdinAndWaitsForTheAnswerOnStdout() throws Exception {
        try (OpenSslProcess p = OpenSslProcess.start("enc", List.of(OpenSsl.executable(), "enc", "-base64"),
                TestDirs.target())) {
            p.write("hello\n");
            p.closeStdin();
            assertEquals("aGVsbG8K", p.awaitStdout(Pattern.compile("^\\S+$"), Duration.ofSeconds(10)).group());
        }
    }

    @Test
    void aMissingLineFailsAtTheDeadlineWithTheTranscript() throws Exception {
        try (OpenSslProcess p = OpenSslProcess.start("speed",
                List.of(OpenSsl.executable(), "speed", "-seconds", "20", "-bytes", "16", "md5"), TestDirs.target())) {
            long t0 = System.nanoTime();
            PeerException e = assertThrows(PeerException.class, () -> p.awaitStdout(NEVER, Duration.ofMillis(300)));
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(millis >= 300 && millis < 5_000, "waited " + millis + " ms");
            assertTrue(e.getMessage().contains("deadline passed"), e.getMessage());
            assertTrue(e.getMessage().contains("$ openssl speed -seconds 20"), e.getMessage());
        }
    }

    @Test
    void aProcessThatExitsEndsTheWaitEarlyAndItsOutputIsInTheMessage() throws Exception {
        try (OpenSslProcess p = OpenSslProcess.start("version", List.of(OpenSsl.executable(), "version"),
                TestDirs.target())) {
            long t0 = System.nanoTime();
            PeerException e = assertThrows(PeerException.class, () -> p.awaitStdout(NEVER, Duration.ofSeconds(20)));
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos(), "should not wait for the deadline");
            assertTrue(e.getMessage().contains("stdout ended"), e.getMessage());
            assertTrue(e.getMessage().contains("OpenSSL 3"), "the output belongs in the message: " + e.getMessage());
        }
    }

    @Test
    void closeReapsAProcessThatIgnoresStdin() throws Exception {
        OpenSslProcess p = OpenSslProcess.start("speed",
                List.of(OpenSsl.executable(), "speed", "-seconds", "20", "-bytes", "16", "md5"), TestDirs.target());
        assertTrue(p.isAlive());
        long t0 = System.nanoTime();
        p.close();
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertFalse(p.isAlive(), "close must reap the process");
        assertTrue(millis < 5_000, "close took " + millis + " ms");
        p.close(); // idempotent
        assertFalse(ProcessHandle.of(p.pid()).map(ProcessHandle::isAlive).orElse(false));
    }

    @Test
    void runReturnsStdoutAndRejectsAFailingCommand() throws Exception {
        assertTrue(OpenSsl.run(Duration.ofSeconds(10), TestDirs.target(), "version").startsWith("OpenSSL 3"));
        PeerException e = assertThrows(PeerException.class,
                () -> OpenSsl.run(Duration.ofSeconds(10), TestDirs.target(), "x509", "-in", "no-such-file.pem"));
        assertTrue(e.getMessage().contains("no-such-file.pem"), e.getMessage());
    }

    @Test
    void freeUdpPortIsAnEphemeralPort() throws Exception {
        int port = OpenSsl.freeUdpPort();
        assertTrue(port > 0 && port < 65536, "port " + port);
    }

    @Test
    void captureKeepsABoundedTailAndSkipsNoise() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 60_000; i++) {
            sb.append(i % 2 == 0 ? "Read BLOCK" : "line-" + i + "-" + "x".repeat(40)).append('\n');
        }
        OutputCapture c = OutputCapture.start("test", new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.ISO_8859_1)));
        c.awaitEnd(Deadline.in(Duration.ofSeconds(10)));
        assertTrue(c.ended());
        assertTrue(c.text().length() <= OutputCapture.MAX_CHARS, "kept " + c.text().length());
        assertTrue(c.tail(3).contains("earlier line(s) of test not shown"), c.tail(3));
        // The oldest kept data line, noise skipped; the very first lines were dropped.
        String first = c.awaitNextLine(Pattern.compile("^Read BLOCK$"), Deadline.in(Duration.ofSeconds(1))).orElseThrow();
        assertTrue(first.startsWith("line-") && !first.startsWith("line-1-"), first);
        assertTrue(c.awaitMatch(Pattern.compile("^line-59999-"), Deadline.in(Duration.ofSeconds(1))).isPresent());
        assertTrue(c.awaitMatch(Pattern.compile("^line-"), Deadline.in(Duration.ofMillis(50))).isEmpty(),
                "the cursor is past the last line");
    }
}
