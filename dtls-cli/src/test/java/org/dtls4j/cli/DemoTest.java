package org.dtls4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code dtls4j demo} runs in-process, narrates the handshake and exits 0. */
@Timeout(60)
class DemoTest {

    @Test
    void demoShowsTheHandshakeTheSuiteAndTheEchoes() {
        CapturedTerminal t = new CapturedTerminal();
        assertEquals(0, t.run("demo"), t.err());
        String out = t.out();
        for (String line : new String[] {
            "[client] sending CLIENT_HELLO (message_seq 0, epoch 0)",
            "[client] received HELLO_VERIFY_REQUEST (message_seq 0, epoch 0)",
            "[server] sending SERVER_HELLO (message_seq 1, epoch 0)",
            "[server] sending CERTIFICATE (message_seq 2, epoch 0)",
            "[server] sending SERVER_KEY_EXCHANGE (message_seq 3, epoch 0)",
            "[server] sending SERVER_HELLO_DONE (message_seq 4, epoch 0)",
            "[client] sending CLIENT_KEY_EXCHANGE (message_seq 2, epoch 0)",
            "[client] sending FINISHED (message_seq 3, epoch 1)",
            "[server] sending FINISHED (message_seq 5, epoch 1)",
            "  cipher suite        TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 (ECDHE-ECDSA-AES128-GCM-SHA256)",
            "  group               x25519",
            "  extended master secret yes",
            "  peer certificate    CN=localhost",
        }) {
            assertTrue(t.outLines().contains(line), "missing \"" + line + "\" in:\n" + out);
        }
        for (String flight : new String[] {"Flight 1", "Flight 3", "Flight 4", "Flight 5", "Flight 6"}) {
            assertTrue(out.contains("] " + flight), flight + " missing");
        }
        for (String m : DemoCommand.MESSAGES) {
            assertTrue(t.outLines().contains("== client got    \"" + m + "\""), m);
        }
        assertTrue(out.contains("== client counters: datagrams in "), out);
        assertTrue(out.contains("application sent 3, received 3"), out);
        assertTrue(out.contains("== server counters: datagrams in "), out);
        assertTrue(out.contains("handshakes completed 1, failed 0"), out);
        assertEquals("", t.err());
    }

    @Test
    void demoWithConnectionIdsShowsTheNegotiatedCidsAndTheRecordFormat() {
        CapturedTerminal t = new CapturedTerminal();
        assertEquals(0, t.run("demo", "--cid", "4"), t.err());
        String out = t.out();
        assertTrue(out.contains("[client] connection_id negotiated: ours="), out);
        assertTrue(out.contains("[server] connection_id negotiated: ours="), out);
        assertTrue(out.matches("(?s).*\\[client\\] records now go out as tls12_cid\\(25\\).*this one begins 19fefd0001.*"), out);
        assertTrue(out.matches("(?s).*  connection id       ours=[0-9a-f]{8} peers=[0-9a-f]{8}\n.*"), out);
        for (String m : DemoCommand.MESSAGES) {
            assertTrue(t.outLines().contains("== client got    \"" + m + "\""), m);
        }
    }

    /** --trace=bytes: under each datagram's record lines, the hex of its records, a record's header first. */
    @Test
    void demoWithTraceBytesShowsEveryRecordsHex() {
        CapturedTerminal t = new CapturedTerminal();
        assertEquals(0, t.run("demo", "--psk", "--trace=bytes"), t.err());
        java.util.List<String> lines = t.out().lines().toList();
        int hello = lines.indexOf("       HELLO_VERIFY_REQUEST[message_seq 0, bytes 0..35 of 35]");
        assertTrue(hello > 0, t.out());
        assertTrue(lines.get(hello + 1).startsWith("       16 fe ff 00 00 00 00 00 00 00 00 00 2f 03 00 00 23"),
                lines.get(hello + 1));
        assertEquals(Main.BAD_ARGUMENTS, new CapturedTerminal().run("demo", "--trace=packets"));
        CapturedTerminal plain = new CapturedTerminal();
        assertEquals(0, plain.run("demo", "--psk"), plain.err());
        assertTrue(plain.out().lines().noneMatch(l -> l.startsWith("       16 fe")), "no hex without --trace=bytes");
    }

    @Test
    void theTraceIsRemovedAfterwards() {
        Logger root = Logger.getLogger("org.dtls4j");
        assertEquals(0, new CapturedTerminal().run("demo"));
        assertEquals(0, root.getHandlers().length);
        assertNull(root.getLevel());
        assertTrue(root.getUseParentHandlers());
    }

    @Test
    void demoTakesNoArguments() {
        CapturedTerminal t = new CapturedTerminal();
        assertEquals(2, t.run("demo", "now"));
        assertTrue(t.err().startsWith("dtls4j demo: 'demo' expects no arguments, got now"), t.err());
    }
}
