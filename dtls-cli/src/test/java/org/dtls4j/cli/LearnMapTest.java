package org.dtls4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/LEARN.md's table of RFC sections cannot rot: every file it names exists (read from the
 * source tree, relative to the module directory that surefire runs in) and declares every method it
 * names, and every RFC 6347 section the learner's issue lists has a row.
 */
class LearnMapTest {
    private static final Path ROOT = Path.of("..");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    /** One row: section, file (or null for "—"), methods. */
    record Row(String section, String file, List<String> methods) { }

    static List<Row> rows() throws IOException {
        List<Row> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(ROOT.resolve("docs/LEARN.md"))) {
            if (line.startsWith("| Section |")) {
                inTable = true;
                continue;
            }
            if (!inTable || line.startsWith("|---")) {
                continue;
            }
            if (!line.startsWith("|")) {
                break;
            }
            String[] cells = line.split("\\|", -1);
            assertEquals(6, cells.length, "four columns: " + line);
            String file = cells[3].trim();
            List<String> methods = new ArrayList<>();
            Matcher m = CODE.matcher(cells[4]);
            while (m.find()) {
                methods.add(m.group(1));
            }
            Matcher f = CODE.matcher(file);
            rows.add(new Row(cells[1].trim(), f.find() ? f.group(1) : null, methods));
        }
        return rows;
    }

    @Test
    void everyFileAndMethodInTheTableExists() throws IOException {
        List<Row> rows = rows();
        assertTrue(rows.size() > 40, "the table was found: " + rows.size() + " rows");
        for (Row r : rows) {
            if (r.file() == null) {
                assertTrue(r.methods().isEmpty(), r.section() + ": methods without a file");
                continue;
            }
            Path p = ROOT.resolve(r.file());
            assertTrue(Files.isRegularFile(p), r.section() + ": no file " + r.file());
            String source = Files.readString(p);
            for (String method : r.methods()) {
                Pattern declared = Pattern.compile("\\n\\s+[\\w<>\\[\\], @]*\\b" + Pattern.quote(method) + "\\s*\\(");
                assertTrue(declared.matcher(source).find(), r.section() + ": " + r.file() + " declares no " + method);
            }
        }
    }

    @Test
    void everySectionOfTheIssueHasARow() throws IOException {
        Set<String> sections = new LinkedHashSet<>();
        for (Row r : rows()) {
            sections.add(r.section());
        }
        List<String> wanted = new ArrayList<>(List.of("4.1", "4.1.1", "4.1.1.1", "4.3", "4.4"));
        for (int i = 1; i <= 7; i++) {
            wanted.add("4.1.2." + i);
        }
        for (int i = 1; i <= 8; i++) {
            wanted.add("4.2." + i);
        }
        for (String s : wanted) {
            assertTrue(sections.contains("RFC 6347 §" + s), "no row for RFC 6347 §" + s);
        }
        for (String rfc : new String[] {"RFC 5246", "RFC 5288", "RFC 7627", "RFC 5746", "RFC 9146"}) {
            assertTrue(sections.stream().anyMatch(s -> s.startsWith(rfc + " §")), "no row for " + rfc);
        }
    }
}
