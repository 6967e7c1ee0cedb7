package org.dtls4j.handshake.negative;

import static org.dtls4j.handshake.negative.Outcomes.assertConnected;
import static org.dtls4j.handshake.negative.Outcomes.assertDiscarded;
import static org.dtls4j.handshake.negative.Outcomes.assertNothingMoreAfterClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.ClientAuth;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.record.ContentType;
import org.junit.jupiter.api.Test;

/**
 * After the handshake: alerts and data from a peer that is done (RFC 5246 §7.2.1: on close_notify
 * the other side answers with its own and "discard[s] any pending writes"; §7.2.2: after a fatal
 * alert the connection is over), and records an off-path attacker can forge because they carry no
 * keys: anything in epoch 0 (RFC 6347 §4.1: "implementations SHOULD discard packets from earlier
 * epochs").
 */
class EstablishedConnectionTest {
    private static final byte[] PING = "ping".getBytes(StandardCharsets.UTF_8);

    private static ScriptedClient connected() {
        ScriptedClient c = Peers.scriptedClient(Peers.server(Peers.PSK, ClientAuth.NONE), Peers.PSK);
        c.send(c.clientHello());
        c.receive();
        c.send(c.clientKeyExchange(), c.changeCipherSpec(), c.finished());
        c.receive();
        assertConnected(c);
        return c;
    }

    @Test
    void closeNotifyIsAnsweredOnceAndThenNothing() {
        ScriptedClient c = connected();
        c.send(c.alert(1, AlertDescription.CLOSE_NOTIFY));
        List<PeerWire.Received> got = c.receive();
        assertEquals(1, got.size());
        assertEquals(AlertDescription.CLOSE_NOTIFY.code(), got.get(0).alertDescription());
        assertEquals(1, got.get(0).epoch());
        assertEquals(EngineState.CLOSED, c.engine().state());
        assertNotNull(c.engine().negotiated(), "what was agreed stays readable after a clean close");
        c.send(c.applicationData(PING));
        assertNull(c.engine().pollApplicationData(), "no data after close_notify");
        assertNothingMoreAfterClose(c);
    }

    @Test
    void aFatalAlertEndsTheConnectionWithoutAnswer() {
        ScriptedClient c = connected();
        c.send(c.alert(2, AlertDescription.INTERNAL_ERROR));
        assertEquals(EngineState.FAILED, c.engine().state());
        assertTrue(c.engine().failure().isReceivedFromPeer());
        assertEquals(List.of(), c.receive());
        c.send(c.applicationData(PING));
        assertNull(c.engine().pollApplicationData());
        assertNothingMoreAfterClose(c);
    }

    @Test
    void aWarningAlertIsIgnored() {
        ScriptedClient c = connected();
        c.send(c.alert(1, AlertDescription.USER_CANCELED));
        assertDiscarded(c, EngineState.CONNECTED);
    }

    @Test
    void applicationDataInEpochZeroIsNeverDelivered() {
        ScriptedClient c = connected();
        c.send(c.rawRecord(ContentType.APPLICATION_DATA, 0, PING));
        assertDiscarded(c, EngineState.CONNECTED);
        assertNull(c.engine().pollApplicationData());
    }

    @Test
    void applicationDataThatFailsAuthenticationIsDiscarded() {
        ScriptedClient c = connected();
        byte[] record = c.applicationData(PING);
        record[record.length - 1] ^= 1; // the AEAD tag
        c.send(record);
        assertDiscarded(c, EngineState.CONNECTED);
        assertNull(c.engine().pollApplicationData());
    }

    @Test
    void closingLocallySendsCloseNotifyAndThenNothing() {
        ScriptedClient c = connected();
        c.engine().close();
        List<PeerWire.Received> got = c.receive();
        assertEquals(1, got.size());
        assertEquals(AlertDescription.CLOSE_NOTIFY.code(), got.get(0).alertDescription());
        c.send(c.alert(1, AlertDescription.CLOSE_NOTIFY));
        assertNothingMoreAfterClose(c);
    }

    /**
     * A plaintext close_notify needs no key: anyone who can spoof the peer's address could end the
     * connection with it. After the handshake it must be discarded like any epoch-0 record.
     */
    @Test
    void anEpochZeroCloseNotifyAfterTheHandshakeIsDiscarded() {
        ScriptedClient c = connected();
        c.send(c.rawRecord(ContentType.ALERT, 0, new byte[] {1, 0}));
        assertDiscarded(c, EngineState.CONNECTED);
    }

    @Test
    void anEpochZeroFatalAlertAfterTheHandshakeIsDiscarded() {
        ScriptedClient c = connected();
        c.send(c.rawRecord(ContentType.ALERT, 0, new byte[] {2, 40}));
        assertDiscarded(c, EngineState.CONNECTED);
    }
}
