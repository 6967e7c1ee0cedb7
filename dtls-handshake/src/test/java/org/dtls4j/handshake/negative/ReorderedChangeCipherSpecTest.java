package org.dtls4j.handshake.negative;

import static org.dtls4j.handshake.negative.Outcomes.assertConnected;
import static org.dtls4j.handshake.negative.Outcomes.assertDiscarded;
import static org.dtls4j.handshake.negative.Outcomes.assertFatal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.ClientAuth;
import org.dtls4j.handshake.DeterministicRandom;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.TestPeers;
import org.dtls4j.handshake.TestPeers.Auth;
import org.dtls4j.handshake.message.HandshakeType;
import org.junit.jupiter.api.Test;

/**
 * A ChangeCipherSpec carries no message_seq, so datagram reordering or loss can bring it before the
 * last handshake messages of its flight (RFC 6347 §3.2.2, §4.1: records "may be reordered"). The
 * server holds such a ChangeCipherSpec and applies it once the messages before it are in; it never
 * installs keys early. Regression for the pattern of wolfSSL issue 7512 (a CertificateVerify that
 * arrives after the ChangeCipherSpec broke the handshake); NSS and OpenSSL discard such a record.
 */
class ReorderedChangeCipherSpecTest {
    private static final CipherSuite ECDSA = Peers.ECDSA;

    @Test
    void certificateVerifyArrivingAfterTheChangeCipherSpecStillCompletes() {
        ScriptedClient client = Peers.scriptedClient(Peers.server(ECDSA, ClientAuth.REQUIRED), ECDSA);
        client.send(client.clientHello());
        client.receive();
        byte[] certificate = client.certificate();
        byte[] keyExchange = client.clientKeyExchange();
        byte[] verify = client.certificateVerify();
        byte[] ccs = client.changeCipherSpec();
        byte[] finished = client.finished();
        client.send(certificate, keyExchange);
        client.send(ccs, finished);
        assertDiscarded(client, EngineState.HANDSHAKING);
        client.send(verify);
        client.receive();
        assertConnected(client);
        assertTrue(client.serverFinishedVerified());
    }

    @Test
    void keyExchangeArrivingAfterTheChangeCipherSpecStillCompletes() {
        ScriptedClient client = Peers.scriptedClient(Peers.server(Peers.PSK, ClientAuth.NONE), Peers.PSK);
        client.send(client.clientHello());
        client.receive();
        byte[] keyExchange = client.clientKeyExchange();
        byte[] ccs = client.changeCipherSpec();
        byte[] finished = client.finished();
        client.sendEach(ccs, finished);
        assertDiscarded(client, EngineState.HANDSHAKING);
        client.send(keyExchange);
        client.receive();
        assertConnected(client);
    }

    @Test
    void aHeldChangeCipherSpecNeverLetsAnIncompleteFlightFinish() {
        ScriptedClient client = Peers.scriptedClient(Peers.server(ECDSA, ClientAuth.REQUIRED), ECDSA);
        client.send(client.clientHello());
        client.receive();
        client.send(client.certificate(), client.clientKeyExchange(), client.changeCipherSpec(), client.finished());
        assertDiscarded(client, EngineState.HANDSHAKING);
        // The Finished waits for keys that the missing CertificateVerify withholds; a Finished in
        // epoch 0 where the CertificateVerify belongs is refused outright.
        client.send(client.forged(HandshakeType.FINISHED.code(), 3, new byte[12], 0)); // message_seq of the missing CertificateVerify
        assertFatal(client, AlertDescription.UNEXPECTED_MESSAGE);
    }

    /**
     * Engine to engine, mutual authentication, 256-byte datagrams so that flight 5 spans several,
     * delivered in reverse: Finished and ChangeCipherSpec first, the Certificate's first fragment
     * last.
     */
    @Test
    void engineHandshakeSurvivesAReversedFlightFive() {
        DtlsConfig c = TestPeers.client(ECDSA, Auth.MUTUAL).maxDatagramSize(256).build();
        DtlsConfig s = TestPeers.server(ECDSA, Auth.MUTUAL).maxDatagramSize(256).build();
        DtlsEngine client = DtlsEngine.client(c, new DeterministicRandom(1));
        DtlsEngine server = DtlsEngine.serverWithoutCookie(s, new DeterministicRandom(2));
        client.start(0);
        deliver(drain(client), server);                 // flight 1
        deliver(drain(server), client);                 // flight 4
        List<byte[]> flight5 = drain(client);
        assertTrue(flight5.size() >= 3, "flight 5 spans " + flight5.size() + " datagrams");
        Collections.reverse(flight5);
        deliver(flight5, server);
        assertEquals(EngineState.CONNECTED, server.state(), () -> "server: " + server.failure());
        deliver(drain(server), client);                 // flight 6
        assertEquals(EngineState.CONNECTED, client.state(), () -> "client: " + client.failure());
    }

    private static List<byte[]> drain(DtlsEngine e) {
        List<byte[]> out = new ArrayList<>();
        ByteBuffer b;
        while ((b = e.pollDatagram()) != null) {
            byte[] d = new byte[b.remaining()];
            b.get(d);
            out.add(d);
        }
        return out;
    }

    private static void deliver(List<byte[]> datagrams, DtlsEngine to) {
        for (byte[] d : datagrams) {
            to.receive(d, 0);
        }
    }
}
