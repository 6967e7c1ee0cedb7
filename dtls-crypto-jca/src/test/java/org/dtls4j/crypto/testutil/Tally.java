package org.dtls4j.crypto.testutil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Counts vector outcomes and turns them into JUnit dynamic tests: one per failed case, plus a
 * summary whose display name carries the counts (e.g. "aes_ccm_test.json: 552 passed, 0 skipped")
 * and which pins them, so a change that silently skips more cases fails the build.
 */
public final class Tally {

    private final String file;
    private int passed;
    private int skipped;
    private final List<String> skipReasons = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    public Tally(String file) {
        this.file = file;
    }

    public void pass() {
        passed++;
    }

    public void skip(String why) {
        skipped++;
        if (!skipReasons.contains(why)) {
            skipReasons.add(why);
        }
    }

    public void fail(Object testCase, String what) {
        failures.add(testCase + ": " + what);
    }

    public int passed() {
        return passed;
    }

    public int skipped() {
        return skipped;
    }

    public String summary() {
        return file + ": " + passed + " passed, " + skipped + " skipped, " + failures.size() + " failed"
                + (skipReasons.isEmpty() ? "" : " (skipped: " + String.join("; ", skipReasons) + ")");
    }

    /** Failures as tests of their own, then the summary, which pins the passed and skipped counts. */
    public Stream<DynamicTest> tests(int expectedPassed, int expectedSkipped) {
        Stream<DynamicTest> failed = failures.stream()
                .map(f -> DynamicTest.dynamicTest(f, () -> {
                    throw new AssertionError(f);
                }));
        DynamicTest summary = DynamicTest.dynamicTest(summary(), () -> {
            assertTrue(failures.isEmpty(), summary());
            assertEquals(expectedPassed, passed, summary());
            assertEquals(expectedSkipped, skipped, summary());
        });
        return Stream.concat(failed, Stream.of(summary));
    }
}
