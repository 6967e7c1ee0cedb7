package org.dtls4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code --use-srtp} and {@code --export} on client and server: OpenSSL's lines, the same keys on both ends. */
@Timeout(120)
class SrtpCliTest {
    private static final String PSK = "00112233445566778899aabbccddeeff";
    private static final Pattern KEYS = Pattern.compile("Keying material: ([0-9A-F]{120})");

    @Test
    void bothEndsPrintTheProfileAndTheSameKeyingMaterial() throws Exception {
        try (RunningCommand server = RunningCommand.server("--psk", PSK, "--count", "1",
                "--use-srtp", "SRTP_AEAD_AES_128_GCM:SRTP_AES128_CM_SHA1_80", "--export", "EXTRACTOR-dtls_srtp:60")) {
            CapturedTerminal c = new CapturedTerminal();
            int status = c.run("client", "--connect", "127.0.0.1:" + server.port(), "--psk", PSK, "--count", "1",
                    "--use-srtp", "SRTP_AES128_CM_SHA1_80:SRTP_AEAD_AES_128_GCM", "--export", "EXTRACTOR-dtls_srtp:60");
            assertEquals(0, status, c.out() + c.err());
            assertTrue(c.out().contains("SRTP Extension negotiated, profile=SRTP_AEAD_AES_128_GCM"), c.out());
            assertTrue(c.out().contains("    Label: 'EXTRACTOR-dtls_srtp'"), c.out());
            assertEquals(0, server.exitStatus(), server.terminal.err());
            String log = server.terminal.out();
            assertTrue(log.contains("SRTP Extension negotiated, profile=SRTP_AEAD_AES_128_GCM"), log);
            Matcher mc = KEYS.matcher(c.out());
            Matcher ms = KEYS.matcher(log);
            assertTrue(mc.find(), c.out());
            assertTrue(ms.find(), log);
            assertEquals(mc.group(1), ms.group(1));
        }
    }

    @Test
    void aContextChangesTheKeyingMaterialAndBothEndsAgree() throws Exception {
        Pattern keys = Pattern.compile("Keying material: ([0-9A-F]{32})");
        String[] seen = new String[2];
        String[] exports = {"EXPORTER-dtls4j-test:16", "EXPORTER-dtls4j-test:16:00ff"};
        for (int i = 0; i < 2; i++) {
            try (RunningCommand server = RunningCommand.server("--psk", PSK, "--count", "1", "--export", exports[i])) {
                CapturedTerminal c = new CapturedTerminal();
                assertEquals(0, c.run("client", "--connect", "127.0.0.1:" + server.port(), "--psk", PSK, "--count", "1",
                        "--export", exports[i]), c.out() + c.err());
                assertEquals(0, server.exitStatus(), server.terminal.err());
                Matcher mc = keys.matcher(c.out());
                Matcher ms = keys.matcher(server.terminal.out());
                assertTrue(mc.find(), c.out());
                assertTrue(ms.find(), server.terminal.out());
                assertEquals(mc.group(1), ms.group(1), "both ends export the same bytes");
                seen[i] = mc.group(1);
                if (i == 1) {
                    assertTrue(c.out().contains("    Context: 00FF"), c.out());
                }
            }
        }
        assertTrue(!seen[0].equals(seen[1]), "a context (RFC 5705 §4) changes the output");
    }

    @Test
    void badValuesAreUsageErrors() {
        CapturedTerminal c = new CapturedTerminal();
        assertEquals(Main.BAD_ARGUMENTS, c.run("client", "--connect", "127.0.0.1:4433", "--psk", PSK, "--use-srtp", "SRTP_NULL"));
        assertTrue(c.err().contains("--use-srtp: unknown profile SRTP_NULL"), c.err());
        CapturedTerminal d = new CapturedTerminal();
        assertEquals(Main.BAD_ARGUMENTS, d.run("client", "--connect", "127.0.0.1:4433", "--psk", PSK, "--export", "EXPORTER-x"));
        assertTrue(d.err().contains("--export: LABEL:LENGTH"), d.err());
    }
}
