package org.dtls4j.record.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of {@code RecordLayer.receive} with Jazzer (see {@link RecordTargets}).
 * The class name does not end in {@code Test}, so the normal build does not load Jazzer; it
 * replays the same corpus ({@code CorpusReplayTest}) and mutates it ({@code CorpusMutationTest}).
 * The {@code fuzz} Maven profile fuzzes:
 *
 * <pre>
 *   mvn -Pfuzz -pl dtls-record verify                          # 20 s
 *   mvn -Pfuzz -pl dtls-record verify -Dfuzz.duration=1h       # a long run
 * </pre>
 *
 * Seeds: {@code src/test/resources/org/dtls4j/record/fuzz/RecordLayerFuzzerInputs/receive/}.
 */
class RecordLayerFuzzer {
    @FuzzTest(maxDuration = "20s")
    void receive(byte[] input) {
        RecordTargets.receive(input);
    }
}
