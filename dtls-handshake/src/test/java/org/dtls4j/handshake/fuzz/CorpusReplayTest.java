package org.dtls4j.handshake.fuzz;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The normal build's half of the fuzzing: every committed corpus input of every target of
 * {@link HandshakeFuzzer}, run once, with the target's checks (what Jazzer's regression mode does,
 * without loading Jazzer into the build's test JVM).
 */
class CorpusReplayTest {
    @TestFactory
    Stream<DynamicTest> everyCorpusInputPassesItsTarget() {
        return Stream.of(Target.values()).flatMap(t -> t.corpus().stream()
                .map(e -> DynamicTest.dynamicTest(t.method + "/" + e.name(), () -> t.run(e.bytes()))));
    }
}
