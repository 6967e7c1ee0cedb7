package org.dtls4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The teaching output cannot rot: {@code dtls4j demo} with each option is compared, in structure,
 * with a golden file under {@code src/test/resources/demo-golden}. The structure is the sequence
 * of time lines, flight headings, trace lines and events. What varies from run to run is
 * normalised: hex strings (keys, CIDs, session IDs), sizes in bytes, datagram counts and numbers;
 * the datagram lines of one step are reduced to the names of the messages they carry, since how a
 * flight is cut into datagrams depends on certificate and signature sizes, which vary by a byte or
 * two. The simulated times, flight numbers, message_seq and epochs are deterministic and kept.
 *
 * <p>After an intended change of the output, regenerate with
 * {@code -Ddemo.golden.update=true} and review the diff of the golden files.
 */
@Timeout(60)
class DemoGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/demo-golden");
    private static final Pattern DATAGRAM = Pattern.compile("^   #\\d+ .*?(, LOST.*)?$");
    private static final Pattern RECORD = Pattern.compile("^       (.*)$");
    private static final Pattern MESSAGE = Pattern.compile("([A-Z_]{4,})\\[|(ChangeCipherSpec|Finished \\(encrypted handshake\\)|"
            + "application data \\(encrypted\\)|Alert \\(encrypted\\)|tls12_cid record \\(encrypted\\))");

    @ParameterizedTest(name = "demo {1}")
    @CsvSource(delimiter = ';', value = {
        "default;",
        "psk;--psk",
        "client-auth;--client-auth",
        "mtu-300;--mtu 300",
        "drop-2;--drop 2",
        "drop-4;--drop 4",
        "drop-5;--drop 5",
        "drop-6;--drop 6",
        "drop-3-4;--drop 3,4",
        "resume;--resume",
        "loss-30;--loss 30",
        "bad-cookie;--bad-cookie",
        "cid-4;--cid 4",
        "ladder;--drop 4 --ladder",
        "everything;--psk --resume --cid 4 --drop 4,6 --mtu 300 --ladder",
    })
    void theDemoKeepsItsShape(String name, String options) throws IOException {
        List<String> args = new ArrayList<>(List.of("demo"));
        if (options != null) {
            args.addAll(List.of(options.split(" ")));
        }
        CapturedTerminal t = new CapturedTerminal();
        assertEquals(0, t.run(args.toArray(String[]::new)), t.err());
        assertEquals("", t.err());
        String actual = structure(t.outLines());
        Path file = GOLDEN.resolve(name + ".txt");
        if (Boolean.getBoolean("demo.golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, actual);
        }
        assertTrue(Files.exists(file), "no golden file " + file + "; run with -Ddemo.golden.update=true");
        assertEquals(Files.readString(file), actual, "demo " + options + " changed shape; see " + file);
    }

    /** The output with numbers and hex normalised and each step's datagrams reduced to their messages. */
    static String structure(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        List<String> messages = null;
        boolean lost = false;
        for (String line : lines) {
            Matcher d = DATAGRAM.matcher(line);
            Matcher r = RECORD.matcher(line);
            if (d.matches() || (messages != null && r.matches())) {
                if (messages == null) {
                    messages = new ArrayList<>();
                    lost = false;
                }
                lost |= d.matches() && d.group(1) != null;
                Matcher m = MESSAGE.matcher(line);
                while (r.matches() && m.find()) {
                    String msg = m.group(1) != null ? m.group(1) : m.group(2);
                    if (messages.isEmpty() || !messages.get(messages.size() - 1).equals(msg)) {
                        messages.add(msg);
                    }
                }
                continue;
            }
            if (messages != null) {
                sb.append("   datagrams: ").append(String.join(" | ", messages)).append(lost ? " (lost)" : "").append('\n');
                messages = null;
            }
            sb.append(normalise(line)).append('\n');
        }
        if (messages != null) {
            sb.append("   datagrams: ").append(String.join(" | ", messages)).append(lost ? " (lost)" : "").append('\n');
        }
        return sb.toString();
    }

    static String normalise(String line) {
        return line.replaceAll("\\b[0-9a-fA-F]{8,}\\b", "<hex>")
                .replaceAll("\\d+ bytes", "N bytes")
                .replaceAll("\\d+ datagrams?\\b", "N datagrams")
                .replaceAll("datagrams in \\d+, out \\d+", "datagrams in N, out N")
                .replaceAll("#\\d+", "#N")
                .replaceAll("-{2,}", "--")
                .replaceAll(" {2,}", "  ");
    }
}
