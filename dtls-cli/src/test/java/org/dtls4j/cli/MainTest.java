package org.dtls4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.crypto.NamedGroup;
import org.junit.jupiter.api.Test;

/** The entry point: dispatch, help, exit statuses, and the small commands. */
class MainTest {

    @Test
    void noCommandIsAUsageError() {
        CapturedTerminal t = new CapturedTerminal();
        assertEquals(2, t.run());
        assertTrue(t.err().startsWith("dtls4j: no command given\nusage: dtls4j COMMAND"), t.err());
        assertEquals("", t.out());
    }

    @Test
    void unknownCommandIsAUsageError() {
        CapturedTerminal t = new CapturedTerminal();
        assertEquals(2, t.run("serve"));
        assertTrue(t.err().startsWith("dtls4j: unknown command 'serve'\n"), t.err());
    }

    @Test
    void helpListsEveryCommand() {
        for (String word : List.of("help", "--help", "-h")) {
            CapturedTerminal t = new CapturedTerminal();
            assertEquals(0, t.run(word));
            for (Command c : Main.commands()) {
                assertTrue(t.out().contains("  " + c.name() + " "), c.name() + " missing from:\n" + t.out());
            }
            assertEquals("", t.err());
        }
    }

    @Test
    void commandHelpListsEveryOptionOnStdout() {
        for (Command c : Main.commands()) {
            CapturedTerminal viaHelp = new CapturedTerminal();
            assertEquals(0, viaHelp.run("help", c.name()));
            CapturedTerminal viaFlag = new CapturedTerminal();
            assertEquals(0, viaFlag.run(c.name(), "--help"));
            assertEquals(viaHelp.out(), viaFlag.out());
            assertTrue(viaHelp.out().startsWith("usage: dtls4j " + c.name()), viaHelp.out());
            for (Option o : c.options()) {
                assertTrue(viaHelp.out().contains(o.synopsis() + "  "), o.synopsis() + " missing for " + c.name());
            }
        }
        CapturedTerminal t = new CapturedTerminal();
        assertEquals(2, t.run("help", "nothing"));
        assertTrue(t.err().startsWith("dtls4j help: unknown command 'nothing'"), t.err());
    }

    @Test
    void badOptionPrintsOneLineAndTheCommandUsageOnStderr() {
        CapturedTerminal t = new CapturedTerminal();
        assertEquals(2, t.run("server", "--listen", "127.0.0.1:0", "--psk", "00", "--colour"));
        List<String> lines = t.err().lines().toList();
        assertEquals("dtls4j server: unknown option --colour for 'server'", lines.get(0));
        assertTrue(lines.get(1).startsWith("usage: dtls4j server --listen HOST:PORT"), lines.get(1));
        assertEquals("", t.out());
    }

    @Test
    void everyCommandRefusesAStrayOption() {
        for (Command c : Main.commands()) {
            CapturedTerminal t = new CapturedTerminal();
            assertEquals(2, t.run(c.name(), "--no-such-option"), c.name());
            assertTrue(t.err().startsWith("dtls4j " + c.name() + ": unknown option --no-such-option"), t.err());
        }
    }

    @Test
    void missingFileIsAFailureNotAUsageError() {
        CapturedTerminal t = new CapturedTerminal();
        assertEquals(1, t.run("client", "--connect", "127.0.0.1:9", "--cafile", "no-such-ca.pem"));
        assertTrue(t.err().startsWith("dtls4j client: cannot read the CA file: "), t.err());
        assertTrue(t.err().contains("no-such-ca.pem"), t.err());
    }

    @Test
    void genpskPrintsFreshHex() {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            CapturedTerminal t = new CapturedTerminal();
            assertEquals(0, t.run("genpsk"));
            String key = t.out().trim();
            assertTrue(key.matches("[0-9a-f]{32}"), key);
            keys.add(key);
        }
        assertEquals(3, keys.size(), "every key is new");
        CapturedTerminal t = new CapturedTerminal();
        assertEquals(0, t.run("genpsk", "--length", "32"));
        assertTrue(t.out().trim().matches("[0-9a-f]{64}"), t.out());
        CapturedTerminal dtlspipe = new CapturedTerminal();
        assertEquals(0, dtlspipe.run("genpsk", "-key-length", "8"), "dtlspipe's spelling");
        assertTrue(dtlspipe.out().trim().matches("[0-9a-f]{16}"), dtlspipe.out());
        assertEquals(2, new CapturedTerminal().run("genpsk", "--length", "0"));
        assertEquals(2, new CapturedTerminal().run("genpsk", "extra"));
    }

    @Test
    void ciphersTableHasEverySuiteWithBothNamesIdAndWhetherUsedByDefault() {
        CapturedTerminal t = new CapturedTerminal();
        assertEquals(0, t.run("ciphers"));
        List<String> lines = t.outLines();
        assertEquals(CipherSuite.all().size() + 1, lines.size());
        for (CipherSuite s : CipherSuite.all()) {
            String row = lines.stream().filter(l -> l.startsWith(s.ianaName() + " ")).findFirst().orElseThrow();
            assertEquals(List.of(s.ianaName(), s.opensslName().orElse("-"), String.format("0x%04X", s.id()),
                    s.cipher().isAead() ? "yes" : "no"), List.of(row.trim().split(" +")));
        }
    }

    @Test
    void groupsTable() {
        CapturedTerminal t = new CapturedTerminal();
        assertEquals(0, t.run("groups"));
        for (NamedGroup g : NamedGroup.values()) {
            assertTrue(t.outLines().contains(String.format("%-12s %s", g.tlsName(), g.code())), t.out());
        }
    }

    @Test
    void versionNamesTheProjectVersion() {
        CapturedTerminal t = new CapturedTerminal();
        assertEquals(0, t.run("version"));
        assertTrue(t.out().matches("dtls4j \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(DTLS 1\\.2, RFC 6347\\) on Java .*\n"), t.out());
        CapturedTerminal flag = new CapturedTerminal();
        assertEquals(0, flag.run("--version"));
        assertEquals(t.out(), flag.out());
    }
}
