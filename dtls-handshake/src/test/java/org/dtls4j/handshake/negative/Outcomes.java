package org.dtls4j.handshake.negative;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineState;

/**
 * What a negative test expects of the engine after a hostile step: a specific fatal alert, both
 * on the wire and in {@link DtlsEngine#failure()} (RFC 5246 §7.2.2), or a silent discard (RFC 6347
 * §4.1.2.7). Either way the application never sees a negotiated session.
 */
final class Outcomes {
    private Outcomes() {
    }

    /**
     * The engine failed with {@code alert}, sent exactly that fatal alert as its last record, and
     * exposes no negotiated parameters.
     */
    static void assertFatal(ScriptedPeer peer, AlertDescription alert) {
        DtlsEngine engine = peer.engine();
        List<PeerWire.Received> got = peer.receive();
        assertEquals(EngineState.FAILED, engine.state(), () -> "engine state; it sent " + got);
        assertNotNull(engine.failure());
        assertEquals(alert, engine.failure().alert(), () -> "failure: " + engine.failure().getMessage());
        assertFalse(engine.failure().isReceivedFromPeer(), "the engine detected it, the peer did not say it");
        assertFalse(got.isEmpty(), "no alert on the wire");
        PeerWire.Received last = got.get(got.size() - 1);
        assertTrue(last.isFatalAlert(), () -> "last record the engine sent: " + last + " (all: " + got + ")");
        assertEquals(alert.code(), last.alertDescription(), () -> "alert on the wire: " + last);
        assertNull(engine.negotiated(), "no negotiated session after a failed handshake");
        assertNothingMoreAfterClose(peer);
    }

    /** Nothing came back, no failure, the handshake goes on (or the connection, if connected). */
    static void assertDiscarded(ScriptedPeer peer, EngineState expected) {
        DtlsEngine engine = peer.engine();
        List<PeerWire.Received> got = peer.receive();
        assertEquals(List.of(), got, "the engine answered a record it should have discarded");
        assertNull(engine.failure(), () -> "failure: " + engine.failure().getMessage());
        assertEquals(expected, engine.state());
        if (expected != EngineState.CONNECTED) {
            assertNull(engine.negotiated(), "negotiated() before the handshake completed");
        }
    }

    /** After FAILED or CLOSED, neither input nor time makes the engine send anything (RFC 5246 §7.2.2). */
    static void assertNothingMoreAfterClose(ScriptedPeer peer) {
        DtlsEngine engine = peer.engine();
        EngineState state = engine.state();
        assertEquals(Long.MAX_VALUE, engine.nextDeadlineNanos(), "a timer still runs after " + state);
        engine.onDeadline(peer.now() + 3_600_000_000_000L);
        peer.send(peer.alert(1, AlertDescription.CLOSE_NOTIFY));
        assertEquals(List.of(), peer.receive(), "the engine sent something after " + state);
        assertEquals(state, engine.state());
    }

    /** Both the engine and the scripted peer consider the handshake complete. */
    static void assertConnected(ScriptedPeer peer) {
        DtlsEngine engine = peer.engine();
        assertEquals(EngineState.CONNECTED, engine.state(),
                () -> "engine state " + engine.state() + (engine.failure() != null ? ": " + engine.failure().getMessage() : ""));
        assertNotNull(engine.negotiated());
    }
}
