package org.dtls4j.interop;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Collects one row per interop case run in this JVM and writes them as a Markdown table to
 * {@code target/interop-report.md}.
 *
 * <p>Register it on a test class with {@code @ExtendWith(InteropReport.class)}: after each such
 * class the file is rewritten with every row so far, so after the last class it holds the whole
 * run. The table is also logged at INFO through {@link System.Logger}.
 */
public final class InteropReport implements AfterAllCallback {

    private static final System.Logger LOG = System.getLogger(InteropReport.class.getName());
    private static final List<Row> ROWS = new ArrayList<>();

    /** How a case ended. */
    public enum Result { PASS, FAIL }

    /**
     * One run of one case.
     *
     * @param client client implementation
     * @param server server implementation
     * @param suite  suite under test
     * @param mode   certificate or PSK
     * @param conditions MTU, loss, client auth, ALPN, SNI as text ("-" if none)
     * @param result pass or fail
     * @param millis wall time of handshake plus data exchange
     * @param note   relay counters, negotiated suite, or the failure's first line
     */
    public record Row(String client, String server, String suite, InteropCase.Mode mode, String conditions,
                      Result result, long millis, String note) {
    }

    /** Adds a row for {@code c}. */
    public static void record(InteropCase c, Result result, long millis, String note) {
        String conditions = c.label().substring((c.client().name() + " -> " + c.server().name() + " " + c.suite()).length()).trim();
        Row row = new Row(c.client().name(), c.server().name(), c.suite().name(), c.mode(),
                conditions.isEmpty() ? "-" : conditions, result, millis, note.lines().findFirst().orElse(""));
        synchronized (ROWS) {
            ROWS.add(row);
        }
    }

    /** The rows so far (a copy). */
    public static List<Row> rows() {
        synchronized (ROWS) {
            return List.copyOf(ROWS);
        }
    }

    /** The rows so far as a Markdown table. */
    public static String markdown() {
        return markdown(rows());
    }

    /** {@code rows} as a Markdown table. */
    static String markdown(List<Row> rows) {
        StringBuilder sb = new StringBuilder("# dtls4j interop report\n\n");
        sb.append("| client | server | suite | mode | conditions | result | ms | note |\n");
        sb.append("|---|---|---|---|---|---|---:|---|\n");
        for (Row r : rows) {
            sb.append("| ").append(r.client()).append(" | ").append(r.server()).append(" | ").append(r.suite())
                    .append(" | ").append(r.mode()).append(" | ").append(r.conditions()).append(" | ")
                    .append(r.result()).append(" | ").append(r.millis()).append(" | ")
                    .append(r.note().replace("|", "\\|")).append(" |\n");
        }
        return sb.toString();
    }

    /** Rewrites {@code target/interop-report.md} with every row so far. */
    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        String table = markdown();
        Path file = TestDirs.target().resolve("interop-report.md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, table);
        LOG.log(Level.INFO, () -> "interop report (" + file + "):\n" + table);
    }
}
