package org.dtls4j.handshake.fuzz;

import java.util.function.Consumer;
import org.dtls4j.handshake.fuzz.EngineFixtures.Kind;

/** Each fuzz target of {@link HandshakeFuzzer}, by its method name, for the replay and mutation tests. */
enum Target {
    FRAGMENTS("fragments", HandshakeTargets::fragments),
    MESSAGE("message", HandshakeTargets::message),
    COOKIE("cookie", HandshakeTargets::cookie),
    PSK_CLIENT("pskClient", in -> HandshakeTargets.client(Kind.PSK, in)),
    PSK_SERVER("pskServer", in -> HandshakeTargets.server(Kind.PSK, in)),
    ECDSA_CLIENT("ecdsaClient", in -> HandshakeTargets.client(Kind.ECDSA, in)),
    ECDSA_SERVER("ecdsaServer", in -> HandshakeTargets.server(Kind.ECDSA, in));

    final String method;
    private final Consumer<byte[]> run;

    Target(String method, Consumer<byte[]> run) {
        this.method = method;
        this.run = run;
    }

    void run(byte[] input) {
        run.accept(input);
    }

    java.util.List<Corpus.Entry> corpus() {
        return Corpus.load(HandshakeFuzzer.class, method);
    }
}
