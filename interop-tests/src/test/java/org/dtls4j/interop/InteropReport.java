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
 * Collects one row per interop case run in this JVM and writes them as Markdown tables to
 * {@code target/interop-report.md}: first the dtls4j matrix (peer, dtls4j's role, suite, mode,
 * conditions, result), then every case as run.
 *
 * <p>Register it on a test class with {@code @ExtendWith(InteropReport.class)}: after each such
 * class the file is rewritten with every row so far, so after the last class it holds the whole
 * run. Once the whole test run ends (when JUnit closes the root context's store), the matrix is
 * printed to standard output, so it stands in the build log; each class's table is also logged
 * at DEBUG through {@link System.Logger}.
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
        record(c, "", result, millis, note);
    }

    /** Adds a row for {@code c}, with {@code extra} (e.g. {@code "resumption"}) before the case's own conditions. */
    public static void record(InteropCase c, String extra, Result result, long millis, String note) {
        String own = c.label().substring((c.client().name() + " -> " + c.server().name() + " " + c.suite()).length()).trim();
        String conditions = (extra + " " + own).trim();
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

    /**
     * The rows in which dtls4j plays one side, as the matrix: the other implementation, dtls4j's
     * role, suite, mode, conditions, result and time; then a count line.
     */
    static String matrix(List<Row> rows) {
        StringBuilder sb = new StringBuilder("| peer | dtls4j role | suite | mode | conditions | result | ms |\n");
        sb.append("|---|---|---|---|---|---|---:|\n");
        int pass = 0;
        int fail = 0;
        long millis = 0;
        for (Row r : byPeerRoleSuite(rows)) {
            boolean client = isDtls4j(r.client());
            if (!client && !isDtls4j(r.server())) {
                continue;
            }
            sb.append("| ").append(client ? r.server() : r.client()).append(" | ").append(client ? "client" : "server")
                    .append(" | ").append(r.suite()).append(" | ").append(r.mode()).append(" | ")
                    .append(r.conditions()).append(" | ").append(r.result()).append(" | ").append(r.millis()).append(" |\n");
            if (r.result() == Result.PASS) {
                pass++;
            } else {
                fail++;
            }
            millis += r.millis();
        }
        sb.append("\n").append(pass + fail).append(" dtls4j cases: ").append(pass).append(" passed, ").append(fail)
                .append(" failed, ").append(millis / 1000).append(" s in the cases\n");
        return sb.toString();
    }

    /** The rows ordered by the other peer, dtls4j's role, suite (in the {@link Suite} table's order) and conditions. */
    private static List<Row> byPeerRoleSuite(List<Row> rows) {
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(java.util.Comparator.comparing((Row r) -> isDtls4j(r.client()) ? r.server() : r.client())
                .thenComparing(r -> isDtls4j(r.client()) ? 0 : 1)
                .thenComparing(r -> Suite.fromIana(r.suite()).map(Enum::ordinal).orElse(Integer.MAX_VALUE))
                .thenComparing(Row::conditions));
        return sorted;
    }

    private static boolean isDtls4j(String implementation) {
        return implementation.startsWith("dtls4j");
    }

    /** Both tables, as written to the file. */
    static String report(List<Row> rows) {
        return "# dtls4j interop report\n\n## dtls4j matrix\n\n" + matrix(rows) + "\n## All cases\n\n"
                + markdown(rows).substring("# dtls4j interop report\n\n".length());
    }

    /** Rewrites {@code target/interop-report.md} with every row so far, and arranges the final print. */
    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        Path file = write();
        LOG.log(Level.DEBUG, () -> "interop report so far (" + file + "):\n" + markdown());
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(
                InteropReport.class.getName() + ".print", k -> new PrintAtEnd(), PrintAtEnd.class);
    }

    private static Path write() throws IOException {
        Path file = TestDirs.target().resolve("interop-report.md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, report(rows()));
        return file;
    }

    /** Closed by JUnit when the whole run ends: rewrites the file and prints the matrix to stdout. */
    private static final class PrintAtEnd implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() throws IOException {
            Path file = write();
            // The build log is where a CI reader looks first; the file has the per-case notes too.
            System.out.println("\ndtls4j interop matrix (" + file + "):\n\n" + matrix(rows()));
        }
    }
}
