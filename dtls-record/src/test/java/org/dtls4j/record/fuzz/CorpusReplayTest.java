package org.dtls4j.record.fuzz;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every committed corpus input of {@link RecordLayerFuzzer}, run once through its target (what
 * Jazzer's regression mode does, without loading Jazzer into the build's test JVM).
 */
class CorpusReplayTest {
    @TestFactory
    Stream<DynamicTest> everyCorpusInputPassesTheTarget() {
        return Corpus.load(RecordLayerFuzzer.class, "receive").stream()
                .map(e -> DynamicTest.dynamicTest(e.name(), () -> RecordTargets.receive(e.bytes())));
    }
}
