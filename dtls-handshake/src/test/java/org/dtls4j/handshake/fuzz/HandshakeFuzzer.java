package org.dtls4j.handshake.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.dtls4j.handshake.fuzz.EngineFixtures.Kind;

/**
 * Coverage-guided fuzzing of the handshake module's entry points with Jazzer. The class name does
 * not end in {@code Test}, so the normal build leaves it alone (it replays the same corpus without
 * Jazzer, see {@code CorpusReplayTest}); the {@code fuzz} Maven profile runs each method for a
 * bounded time:
 *
 * <pre>
 *   mvn -Pfuzz -pl dtls-handshake verify                         # 20 s per target
 *   mvn -Pfuzz -pl dtls-handshake verify -Dfuzz.duration=1h      # a long run
 * </pre>
 *
 * Seeds live in {@code src/test/resources/org/dtls4j/handshake/fuzz/HandshakeFuzzerInputs/<method>/};
 * inputs Jazzer finds interesting go to {@code target/fuzz/.cifuzz-corpus/}, crashing ones next to
 * the seeds, where the normal build then replays them.
 */
class HandshakeFuzzer {
    @FuzzTest(maxDuration = "20s")
    void fragments(byte[] input) {
        HandshakeTargets.fragments(input);
    }

    @FuzzTest(maxDuration = "20s")
    void message(byte[] input) {
        HandshakeTargets.message(input);
    }

    @FuzzTest(maxDuration = "20s")
    void cookie(byte[] input) {
        HandshakeTargets.cookie(input);
    }

    @FuzzTest(maxDuration = "20s")
    void pskClient(byte[] input) {
        HandshakeTargets.client(Kind.PSK, input);
    }

    @FuzzTest(maxDuration = "20s")
    void pskServer(byte[] input) {
        HandshakeTargets.server(Kind.PSK, input);
    }

    @FuzzTest(maxDuration = "20s")
    void ecdsaClient(byte[] input) {
        HandshakeTargets.client(Kind.ECDSA, input);
    }

    @FuzzTest(maxDuration = "20s")
    void ecdsaServer(byte[] input) {
        HandshakeTargets.server(Kind.ECDSA, input);
    }
}
