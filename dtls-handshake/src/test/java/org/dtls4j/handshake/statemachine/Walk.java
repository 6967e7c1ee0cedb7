package org.dtls4j.handshake.statemachine;

import static org.dtls4j.handshake.statemachine.Symbol.APPLICATION_DATA;
import static org.dtls4j.handshake.statemachine.Symbol.CLIENT_HELLO;
import static org.dtls4j.handshake.statemachine.Symbol.CLIENT_HELLO_RESTART;
import static org.dtls4j.handshake.statemachine.Symbol.HELLO_REQUEST;
import static org.dtls4j.handshake.statemachine.Symbol.HELLO_VERIFY_REQUEST;
import static org.dtls4j.handshake.statemachine.Symbol.HONEST;
import static org.dtls4j.handshake.statemachine.Symbol.SERVER_HELLO;
import static org.dtls4j.handshake.statemachine.Symbol.SERVER_HELLO_RESTART;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.dtls4j.handshake.DeterministicRandom;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.TestPeers;
import org.dtls4j.handshake.TestPeers.Auth;
import org.dtls4j.handshake.negative.PeerWire;
import org.dtls4j.handshake.negative.ScriptedClient;
import org.dtls4j.handshake.negative.ScriptedPeer;
import org.dtls4j.handshake.negative.ScriptedServer;

/**
 * One walk: an engine, the scripted peer facing it, and what happened so far. {@link #execute}
 * plays one symbol (the peer builds it with valid crypto where it can), feeds it to the engine,
 * reads everything the engine answers, and hands the step to the {@link Oracle}.
 */
final class Walk {
    /** One step of the walk. */
    record Step(int index, Symbol asked, Symbol sent, boolean newMessage, int peerEpoch, int recordEpoch, EngineState before,
                EngineState after, List<PeerWire.Received> answer, List<byte[]> delivered, byte[] payload) {
        @Override
        public String toString() {
            return index + ": " + (asked == HONEST ? "HONEST->" : "") + sent + (peerEpoch > 0 ? " [epoch " + peerEpoch + "]" : "")
                    + "  " + before + "->" + after + (answer.isEmpty() ? "" : "  answer " + answer)
                    + (delivered.isEmpty() ? "" : "  delivered " + delivered.size());
        }
    }

    private static final Map<RunConfig, DtlsConfig> CONFIGS = new EnumMap<>(RunConfig.class);

    final RunConfig config;
    final DtlsEngine engine;
    final ScriptedPeer peer;
    private final Messages messages;
    private final List<Step> steps = new ArrayList<>();
    private final Oracle oracle;
    private final HonestScript script;
    /** Picks DEVIANT's variant; seeded, so a walk replays exactly while jqwik shrinks it. */
    private final java.util.Random choices = new java.util.Random(11);

    Walk(RunConfig config) {
        this.config = config;
        this.script = new HonestScript(config);
        if (config.engineIsServer) {
            engine = DtlsEngine.serverWithoutCookie(configFor(config), new DeterministicRandom(2));
            ScriptedClient c = new ScriptedClient(engine, new DeterministicRandom(3), config.suite)
                    .withPsk(TestPeers.PSK_IDENTITY, TestPeers.PSK_KEY).withCertificate(TestPeers.CLIENT);
            peer = c;
            messages = new Messages(c, null, config);
        } else {
            engine = DtlsEngine.client(configFor(config), new DeterministicRandom(1));
            ScriptedServer s = new ScriptedServer(engine, new DeterministicRandom(4), config.suite)
                    .withPsk(TestPeers.PSK_KEY).withCertificate(TestPeers.pkiFor(config.suite).leaf());
            peer = s;
            messages = new Messages(null, s, config);
            engine.start(0);
            peer.receive(); // the ClientHello
        }
        oracle = new Oracle(this);
    }

    private static synchronized DtlsConfig configFor(RunConfig c) {
        return CONFIGS.computeIfAbsent(c, k -> {
            if (!k.engineIsServer) {
                return TestPeers.client(k.suite, k.clientCertificate ? Auth.MUTUAL : Auth.SERVER).build();
            }
            DtlsConfig.Builder b = TestPeers.server(k.suite, Auth.SERVER);
            if (k.certificateRequested()) {
                b.clientAuth(k.auth).trustedCertificates(List.of(TestPeers.ECDSA.ca()));
            }
            return b.build();
        });
    }

    List<Step> steps() {
        return steps;
    }

    /** What an honest peer would send next. */
    Symbol nextHonest() {
        return script.next();
    }

    /** Whether the engine completed the handshake at some step. */
    boolean completed() {
        return oracle.completed();
    }

    /** Plays one symbol and checks the oracle. */
    void execute(Symbol asked) {
        Symbol sent = resolve(asked);
        boolean newMessage = sent.isHandshakeMessage() && !ignoredByDesign(sent);
        byte[] payload = sent == APPLICATION_DATA ? ("data " + steps.size()).getBytes(StandardCharsets.UTF_8) : null;
        int recordEpoch = sent == HELLO_VERIFY_REQUEST ? 0 : peer.wire().writeEpoch();
        List<byte[]> records = messages.build(sent, payload);
        script.sent(sent);
        int peerEpoch = peer.wire().writeEpoch();
        EngineState before = engine.state();
        try {
            if (sent == Symbol.TIMER) {
                peer.fireTimer();
            } else if (!records.isEmpty()) {
                peer.send(records.toArray(new byte[0][]));
            }
        } catch (RuntimeException | Error e) {
            throw new AssertionError("the engine threw on " + sent + " after " + steps, e);
        }
        List<PeerWire.Received> answer = peer.receive();
        List<byte[]> delivered = new ArrayList<>();
        ByteBuffer b;
        while ((b = engine.pollApplicationData()) != null) {
            byte[] d = new byte[b.remaining()];
            b.get(d);
            delivered.add(d);
        }
        Step step = new Step(steps.size(), asked, sent, newMessage, peerEpoch, recordEpoch, before, engine.state(), answer,
                delivered, payload);
        steps.add(step);
        oracle.check(step);
    }

    /** HONEST becomes what the honest peer sends next ({@link HonestScript}); restarts are plain hellos until a hello went out. */
    private Symbol resolve(Symbol asked) {
        if (asked == HONEST) {
            Symbol next = script.next();
            return next != null ? next : APPLICATION_DATA;
        }
        if (asked == Symbol.DEVIANT) {
            Symbol variant = script.deviant(choices);
            return variant != null ? variant : APPLICATION_DATA;
        }
        if (asked == CLIENT_HELLO_RESTART && !sentBefore(CLIENT_HELLO)) {
            return CLIENT_HELLO;
        }
        if (asked == SERVER_HELLO_RESTART && !sentBefore(SERVER_HELLO)) {
            return SERVER_HELLO;
        }
        return asked;
    }

    private boolean sentBefore(Symbol s) {
        for (Step step : steps) {
            if (step.sent() == s) {
                return true;
            }
        }
        return false;
    }

    /**
     * Handshake messages the engine must not count: a restart under an old message_seq (RFC 6347
     * §4.2.2, discarded), a HelloRequest (ignored during a handshake, RFC 5246 §7.4.1.1) and a
     * HelloVerifyRequest before any ServerHello (RFC 6347 §4.2.1, answered with a new ClientHello).
     */
    private boolean ignoredByDesign(Symbol s) {
        return s == CLIENT_HELLO_RESTART || s == SERVER_HELLO_RESTART || s == HELLO_REQUEST
                || s == HELLO_VERIFY_REQUEST && !sentBefore(SERVER_HELLO);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(config + " engine " + engine.state());
        for (Step s : steps) {
            sb.append("\n  ").append(s);
        }
        return sb.toString();
    }
}
