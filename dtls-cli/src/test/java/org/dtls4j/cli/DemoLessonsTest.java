package org.dtls4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What each demo option is there to show (docs/LEARN.md's exercises), and its refusals. */
@Timeout(60)
class DemoLessonsTest {

    private static List<String> demo(String... options) {
        CapturedTerminal t = new CapturedTerminal();
        String[] args = new String[options.length + 1];
        args[0] = "demo";
        System.arraycopy(options, 0, args, 1, options.length);
        assertEquals(0, t.run(args), t.err());
        return t.outLines();
    }

    private static int index(List<String> lines, String prefix, int from) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no line starting \"" + prefix + "\" after line " + from + " in:\n" + String.join("\n", lines));
    }

    @Test
    void droppingFlightFourShowsTheClientsTimerAndTheServersRepeat() {
        List<String> out = demo("--drop", "4");
        int lost = index(out, "   #4 server -> client", 0);
        assertTrue(out.get(lost).contains("LOST (--drop 4"), out.get(lost));
        int timer = index(out, "== t=1.020 s  the client's retransmission timer expires", lost);
        int again = index(out, "-- Flight 3, client -> server: ClientHello", timer);
        assertTrue(out.get(again).contains("again: the timer expired (RFC 6347 §4.2.4.1)"), out.get(again));
        index(out, "[client] timer expired, retransmitting flight", again);
        int repeat = index(out, "-- Flight 4, server -> client", again);
        assertTrue(out.get(repeat).contains("again: the peer sent its flight again"), out.get(repeat));
        index(out, "[server] peer retransmitted message_seq 1: resending our last flight", repeat);
        index(out, "== handshake complete", repeat);
    }

    @Test
    void aSmallMtuCutsTheCertificateIntoFragments() {
        List<String> out = demo("--mtu", "300");
        long fragments = out.stream().filter(l -> l.trim().startsWith("CERTIFICATE[message_seq 2, bytes ")).count();
        assertTrue(fragments >= 2, "fragments: " + fragments);
        assertTrue(out.stream().noneMatch(l -> l.matches("   #\\d+ .*, (\\d+) bytes.*") && bytes(l) > 300), "a datagram over 300 bytes");
    }

    private static int bytes(String datagramLine) {
        String s = datagramLine.replaceAll(".*, (\\d+) bytes.*", "$1");
        return Integer.parseInt(s);
    }

    @Test
    void resumptionShowsTheAbbreviatedFlights() {
        List<String> out = demo("--resume");
        int second = index(out, "== a second connection offers the first one's session", 0);
        int four = index(out, "-- Flight 4, server -> client: ServerHello, ChangeCipherSpec, Finished", second);
        index(out, "-- Flight 5, client -> server: ChangeCipherSpec, Finished", four);
        index(out, "  session resumed     yes", four);
    }

    @Test
    void pskAndClientAuthChangeFlightsFourAndFive() {
        List<String> psk = demo("--psk");
        index(psk, "-- Flight 4, server -> client: ServerHello, ServerKeyExchange, ServerHelloDone", 0);
        index(psk, "  psk identity        Client_identity", 0);
        List<String> auth = demo("--client-auth");
        index(auth, "-- Flight 4, server -> client: ServerHello, Certificate, ServerKeyExchange, CertificateRequest, ServerHelloDone", 0);
        index(auth, "-- Flight 5, client -> server: Certificate, ClientKeyExchange, CertificateVerify, ChangeCipherSpec, Finished", 0);
    }

    /** Mermaid's sequenceDiagram, the part of its grammar the demo writes. */
    private static final Pattern MERMAID_LINE = Pattern.compile(
            "sequenceDiagram|    participant [A-Z] as [a-z]+|    Note over (C|S|C,S): [^;#\\n]+"
            + "|    (C|S)(->>|-x)(C|S): #\\d+ [^;\\n]+");

    @Test
    void theLadderFileIsAMermaidSequenceDiagram(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("ladder.md");
        List<String> out = demo("--drop", "4", "--ladder", "--ladder-file", file.toString());
        index(out, "   t (s)  client", 0);
        assertTrue(out.stream().anyMatch(l -> l.matches(" +1\\.020 +\\|-#5 ClientHello -+>\\|")), String.join("\n", out));
        String md = Files.readString(file);
        int open = md.indexOf("```mermaid\n");
        int close = md.indexOf("```", open + 3);
        assertTrue(open >= 0 && close > open, md);
        String[] lines = md.substring(open + "```mermaid\n".length(), close).split("\n");
        assertEquals("sequenceDiagram", lines[0]);
        int arrows = 0;
        for (String line : lines) {
            assertTrue(MERMAID_LINE.matcher(line).matches(), "not in the grammar: \"" + line + "\"");
            if (line.contains("->>") || line.contains("-x")) {
                String from = line.trim().substring(0, 1);
                String to = line.trim().substring(line.trim().indexOf(':') - 1, line.trim().indexOf(':'));
                assertTrue(!from.equals(to), "an arrow to itself: " + line);
                arrows++;
            }
        }
        assertTrue(md.contains("    S-xC: #4 t=0.030 ServerHello Certificate ServerKeyExchange ServerHelloDone (lost)"), md);
        assertTrue(md.contains("    Note over C: t=1.020 s timer expired"), md);
        assertEquals(16, arrows, md);
    }

    @Test
    void refusals() {
        for (String[] args : new String[][] {
            {"demo", "--drop", "7"},
            {"demo", "--drop", "x"},
            {"demo", "--mtu", "100"},
            {"demo", "--psk", "--client-auth"},
            {"demo", "--udp", "--drop", "4"},
        }) {
            CapturedTerminal t = new CapturedTerminal();
            assertEquals(2, t.run(args), String.join(" ", args) + ": " + t.err());
            assertTrue(t.err().startsWith("dtls4j demo: "), t.err());
        }
    }
}
