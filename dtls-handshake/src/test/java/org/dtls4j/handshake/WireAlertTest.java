package org.dtls4j.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.TestPeers.Auth;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.sim.SimulatedLink;
import org.dtls4j.handshake.sim.SimulatedLink.Direction;
import org.junit.jupiter.api.Test;

/** A failure says whether an alert went on the wire: a timeout sends none (hasAlert, wireAlert). */
class WireAlertTest {

    @Test
    void aTimeoutReportsNoAlertAndKeepsHandshakeFailureForOldCallers() {
        DtlsTimeoutException e = new DtlsTimeoutException("handshake did not complete within 1500 ms");
        assertFalse(e.hasAlert());
        assertEquals(Optional.empty(), e.wireAlert());
        assertEquals(AlertDescription.HANDSHAKE_FAILURE, e.alert());
        assertEquals("handshake did not complete within 1500 ms [no alert]", e.getMessage());
    }

    @Test
    void alertsSentOrReceivedAreOnTheWire() {
        DtlsException ours = new DtlsException(AlertDescription.DECODE_ERROR, "bad");
        assertTrue(ours.hasAlert());
        assertEquals(Optional.of(AlertDescription.DECODE_ERROR), ours.wireAlert());
        assertEquals("bad [decode_error]", ours.getMessage());
        DtlsException theirs = DtlsException.fromPeer(AlertDescription.BAD_RECORD_MAC);
        assertTrue(theirs.hasAlert());
        assertEquals(Optional.of(AlertDescription.BAD_RECORD_MAC), theirs.wireAlert());
    }

    @Test
    void anEngineThatTimesOutSendsNothingAndSaysSo() {
        CipherSuite suite = CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256;
        DtlsEngine client = DtlsEngine.client(TestPeers.client(suite, Auth.SERVER).build(), new DeterministicRandom(1));
        DtlsEngine server = DtlsEngine.serverWithoutCookie(TestPeers.server(suite, Auth.SERVER).build(), new DeterministicRandom(2));
        SimulatedLink link = new SimulatedLink(client, server, 1)
                .dropRule((dir, index, data) -> dir == Direction.CLIENT_TO_SERVER); // nobody hears the client
        link.start();
        link.driveHandshake(120_000_000_000L, 1000);
        assertEquals(EngineState.FAILED, client.state());
        assertTrue(client.failure() instanceof DtlsTimeoutException, client.failure()::toString);
        assertFalse(client.failure().hasAlert());
        assertTrue(client.failure().wireAlert().isEmpty());
        assertTrue(link.transmissions().stream().noneMatch(t -> t.datagram()[0] == 21), "no alert record was sent");
    }
}
