package org.dtls4j.handshake.statemachine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dtls4j.handshake.engine.EngineState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The walk's model is right: in every configuration a peer that only ever sends HONEST completes
 * the handshake, and its application data arrives. Without this, an oracle that never sees a
 * completed handshake would pass for the wrong reason.
 */
class HonestWalkTest {
    @ParameterizedTest
    @EnumSource(RunConfig.class)
    void anHonestPeerCompletesAndItsDataArrives(RunConfig config) {
        Walk s = new Walk(config);
        for (int i = 0; i < HandshakeStateMachineProperties.DEPTH; i++) {
            s.execute(Symbol.HONEST);
        }
        assertTrue(s.completed(), () -> "not completed: " + s);
        assertEquals(EngineState.CONNECTED, s.engine.state());
        Walk.Step last = s.steps().get(s.steps().size() - 1);
        assertEquals(Symbol.APPLICATION_DATA, last.sent());
        assertArrayEquals(last.payload(), last.delivered().get(0));
    }

    /** Leaving out the ClientKeyExchange (engine as server) or the ServerHelloDone (engine as client). */
    @ParameterizedTest
    @EnumSource(RunConfig.class)
    void aPeerThatLeavesOutItsKeyExchangeNeverCompletes(RunConfig config) {
        Walk s = new Walk(config);
        Symbol keyExchange = config.engineIsServer ? Symbol.CLIENT_KEY_EXCHANGE : Symbol.SERVER_HELLO_DONE;
        while (s.nextHonest() != keyExchange) {
            s.execute(Symbol.HONEST);
        }
        s.execute(Symbol.SKIP);
        for (int i = 0; i < 8; i++) {
            s.execute(Symbol.HONEST);
        }
        assertTrue(!s.completed(), () -> "completed without a key exchange: " + s);
        assertTrue(s.engine.state() == EngineState.FAILED || s.engine.state() == EngineState.HANDSHAKING, s::toString);
    }
}
