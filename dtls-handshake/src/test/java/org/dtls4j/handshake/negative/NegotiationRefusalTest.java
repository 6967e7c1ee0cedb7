package org.dtls4j.handshake.negative;

import static org.dtls4j.handshake.negative.Outcomes.assertConnected;
import static org.dtls4j.handshake.negative.Outcomes.assertFatal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.crypto.NamedGroup;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.ClientAuth;
import org.dtls4j.handshake.DeterministicRandom;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.TestPeers;
import org.dtls4j.handshake.TestPeers.Auth;
import org.dtls4j.handshake.extension.Alpn;
import org.dtls4j.handshake.extension.Extension;
import org.dtls4j.handshake.extension.ExtensionType;
import org.dtls4j.handshake.extension.RenegotiationInfo;
import org.dtls4j.handshake.extension.SupportedGroups;
import org.dtls4j.handshake.message.ServerHello;
import org.junit.jupiter.api.Test;

/**
 * Peers that cannot agree, or that claim an agreement we never offered: no suite or group in
 * common, an unknown PSK identity, extended master secret required but absent (RFC 7627 §5.2, both
 * directions), and a ServerHello that selects a suite, group, extension, protocol or compression we
 * did not offer (RFC 5246 §7.4.1.3, §7.4.1.4; RFC 8422 §5.1; RFC 7301 §3.2; RFC 5746 §3.4).
 */
class NegotiationRefusalTest {
    private static final CipherSuite ECDSA = Peers.ECDSA;

    // ------------------------------------------------------------------------------ server engine

    @Test
    void noCipherSuiteInCommonIsAHandshakeFailure() {
        DtlsEngine server = Peers.server(ECDSA, ClientAuth.NONE);
        ScriptedClient c = new ScriptedClient(server, new DeterministicRandom(3), CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256);
        c.send(c.clientHello());
        assertFatal(c, AlertDescription.HANDSHAKE_FAILURE);
        assertTrue(server.failure().getMessage().contains("no cipher suite in common"), server.failure().getMessage());
    }

    @Test
    void noGroupInCommonIsAHandshakeFailure() {
        DtlsEngine server = Peers.server(TestPeers.server(Peers.ECDHE_PSK, Auth.SERVER).groups(NamedGroup.SECP384R1).build());
        ScriptedClient c = Peers.scriptedClient(server, Peers.ECDHE_PSK);
        List<Extension> ext = new ArrayList<>(c.defaultExtensions());
        ext.set(0, new SupportedGroups(List.of(NamedGroup.X25519.code())).toExtension());
        c.send(c.clientHello(c.hello(ext)));
        assertFatal(c, AlertDescription.HANDSHAKE_FAILURE);
    }

    /** RFC 4279 §2: the server "MAY respond with an 'unknown_psk_identity' alert message". */
    @Test
    void unknownPskIdentityIsRefusedWithUnknownPskIdentity() {
        DtlsEngine server = Peers.server(Peers.PSK, ClientAuth.NONE);
        ScriptedClient c = new ScriptedClient(server, new DeterministicRandom(3), Peers.PSK)
                .withPsk("mallory".getBytes(StandardCharsets.UTF_8), TestPeers.PSK_KEY);
        c.send(c.clientHello());
        c.receive();
        c.send(c.clientKeyExchange(), c.changeCipherSpec(), c.finished());
        assertFatal(c, AlertDescription.UNKNOWN_PSK_IDENTITY);
    }

    /**
     * The right identity with the wrong key: the keys differ, so the server cannot even read the
     * client's Finished. RFC 6347 §4.1.2.7: a record that fails authentication is silently discarded
     * (counted as BAD_MAC), and the handshake ends at its deadline.
     */
    @Test
    void wrongPskKeyLeavesTheFinishedUnreadableAndTheHandshakeTimesOut() {
        DtlsEngine server = Peers.server(Peers.PSK, ClientAuth.NONE);
        ScriptedClient c = new ScriptedClient(server, new DeterministicRandom(3), Peers.PSK)
                .withPsk(TestPeers.PSK_IDENTITY, "not the right key".getBytes(StandardCharsets.UTF_8));
        c.send(c.clientHello());
        c.receive();
        c.send(c.clientKeyExchange(), c.changeCipherSpec(), c.finished());
        Outcomes.assertDiscarded(c, EngineState.HANDSHAKING);
        assertEquals(1L, server.counters().recordDiscards().get(org.dtls4j.record.Discard.BAD_MAC));
        for (int i = 0; i < 20 && c.fireTimer(); i++) {
            c.receive();
        }
        assertEquals(EngineState.FAILED, server.state());
        assertTrue(server.failure() instanceof org.dtls4j.handshake.DtlsTimeoutException);
        assertEquals(null, server.negotiated());
    }

    /** RFC 7627 §5.2: a server that requires EMS aborts a handshake whose ClientHello lacks it. */
    @Test
    void clientWithoutExtendedMasterSecretIsRefused() {
        ScriptedClient c = Peers.scriptedClient(Peers.server(ECDSA, ClientAuth.NONE), ECDSA);
        c.send(c.clientHello(c.hello(without(c.defaultExtensions(), ExtensionType.EXTENDED_MASTER_SECRET))));
        assertFatal(c, AlertDescription.HANDSHAKE_FAILURE);
    }

    @Test
    void clientWithoutExtendedMasterSecretConnectsWhenNotRequired() {
        DtlsEngine server = Peers.server(TestPeers.server(ECDSA, Auth.SERVER).requireExtendedMasterSecret(false).build());
        ScriptedClient c = Peers.scriptedClient(server, ECDSA);
        c.send(c.clientHello(c.hello(without(c.defaultExtensions(), ExtensionType.EXTENDED_MASTER_SECRET))));
        c.receive();
        c.send(c.clientKeyExchange(), c.changeCipherSpec(), c.finished());
        c.receive();
        assertConnected(c);
        assertFalse(server.negotiated().extendedMasterSecret());
    }

    @Test
    void clientOfferingOnlyAnOlderDtlsIsAProtocolVersionError() {
        ScriptedClient c = Peers.scriptedClient(Peers.server(ECDSA, ClientAuth.NONE), ECDSA);
        var h = c.hello();
        c.send(c.clientHello(new org.dtls4j.handshake.message.ClientHello(0xFEFF, h.random(), h.sessionId(), h.cookie(),
                h.cipherSuites(), h.compressionMethods(), h.extensions())));
        assertFatal(c, AlertDescription.PROTOCOL_VERSION);
    }

    // ------------------------------------------------------------------------------ client engine

    private static ScriptedServer afterHello(CipherSuite chosen, org.dtls4j.handshake.DtlsConfig config) {
        ScriptedServer s = Peers.scriptedServer(Peers.client(config), chosen);
        s.receive();
        return s;
    }

    private static ScriptedServer afterHello() {
        return afterHello(ECDSA, TestPeers.client(ECDSA, Auth.SERVER).build());
    }

    /** RFC 7627 §5.2: a client that requires EMS aborts when the ServerHello lacks it. */
    @Test
    void serverWithoutExtendedMasterSecretIsRefused() {
        ScriptedServer s = afterHello();
        s.send(s.serverHello(s.hello(ECDSA.id(), without(s.hello().extensions().list(), ExtensionType.EXTENDED_MASTER_SECRET))));
        assertFatal(s, AlertDescription.HANDSHAKE_FAILURE);
    }

    @Test
    void serverWithoutExtendedMasterSecretConnectsWhenNotRequired() {
        ScriptedServer s = afterHello(Peers.PSK, TestPeers.client(Peers.PSK, Auth.SERVER).requireExtendedMasterSecret(false).build());
        s.send(s.serverHello(s.hello(Peers.PSK.id(), without(s.hello().extensions().list(), ExtensionType.EXTENDED_MASTER_SECRET))),
                s.serverHelloDone());
        s.receive();
        s.send(s.changeCipherSpec(), s.finished());
        assertConnected(s);
        assertFalse(s.engine().negotiated().extendedMasterSecret());
    }

    @Test
    void serverChoosingASuiteNotOfferedIsAnIllegalParameter() {
        ScriptedServer s = afterHello();
        ServerHello sh = s.hello();
        s.send(s.serverHello(s.hello(CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256.id(), sh.extensions().list())));
        assertFatal(s, AlertDescription.ILLEGAL_PARAMETER);
    }

    @Test
    void serverChoosingAGroupNotOfferedIsAnIllegalParameter() {
        ScriptedServer s = afterHello(ECDSA, TestPeers.client(ECDSA, Auth.SERVER).groups(NamedGroup.X25519).build())
                .withGroup(NamedGroup.SECP256R1);
        s.send(s.serverHello(), s.certificate(), s.serverKeyExchange());
        assertFatal(s, AlertDescription.ILLEGAL_PARAMETER);
    }

    /** RFC 5246 §7.4.1.4: a server "MUST NOT" send an extension the client did not offer. */
    @Test
    void serverSendingAnExtensionNotOfferedIsAnUnsupportedExtension() {
        ScriptedServer s = afterHello();
        List<Extension> ext = new ArrayList<>(s.hello().extensions().list());
        ext.add(new Extension(ExtensionType.HEARTBEAT.code(), new byte[] {1}));
        s.send(s.serverHello(s.hello(ECDSA.id(), ext)));
        assertFatal(s, AlertDescription.UNSUPPORTED_EXTENSION);
    }

    @Test
    void serverSelectingAProtocolNotOfferedIsAnIllegalParameter() {
        ScriptedServer s = afterHello(ECDSA, TestPeers.client(ECDSA, Auth.SERVER).applicationProtocols("coap").build());
        List<Extension> ext = new ArrayList<>(s.hello().extensions().list());
        ext.add(new Alpn(List.of("http/1.1")).toExtension());
        s.send(s.serverHello(s.hello(ECDSA.id(), ext)));
        assertFatal(s, AlertDescription.ILLEGAL_PARAMETER);
    }

    @Test
    void serverSelectingAProtocolWhenNoneWasOfferedIsAnUnsupportedExtension() {
        ScriptedServer s = afterHello();
        List<Extension> ext = new ArrayList<>(s.hello().extensions().list());
        ext.add(new Alpn(List.of("coap")).toExtension());
        s.send(s.serverHello(s.hello(ECDSA.id(), ext)));
        assertFatal(s, AlertDescription.UNSUPPORTED_EXTENSION);
    }

    /** RFC 5746 §3.4: the client "MUST verify that the length of the renegotiated_connection field is zero". */
    @Test
    void nonEmptyRenegotiationInfoIsAHandshakeFailure() {
        ScriptedServer s = afterHello();
        List<Extension> ext = new ArrayList<>(without(s.hello().extensions().list(), ExtensionType.RENEGOTIATION_INFO));
        ext.add(new RenegotiationInfo(new byte[12]).toExtension());
        s.send(s.serverHello(s.hello(ECDSA.id(), ext)));
        assertFatal(s, AlertDescription.HANDSHAKE_FAILURE);
    }

    @Test
    void serverChoosingCompressionIsAnIllegalParameter() {
        ScriptedServer s = afterHello();
        ServerHello sh = s.hello();
        s.send(s.serverHello(new ServerHello(sh.serverVersion(), sh.random(), sh.sessionId(), sh.cipherSuite(), 1, sh.extensions())));
        assertFatal(s, AlertDescription.ILLEGAL_PARAMETER);
    }

    // ------------------------------------------------------------------------------ engine to engine

    @Test
    void enginesWithNoSuiteInCommonBothFail() {
        DtlsEngine client = DtlsEngine.client(TestPeers.client(ECDSA, Auth.SERVER).build(), new DeterministicRandom(1));
        DtlsEngine server = DtlsEngine.serverWithoutCookie(TestPeers.server(Peers.PSK, Auth.SERVER).build(), new DeterministicRandom(2));
        var link = new org.dtls4j.handshake.sim.SimulatedLink(client, server, 1).start();
        link.driveHandshake(5_000_000_000L, 100);
        link.flush(10); // the server's alert still on its way
        assertEquals(EngineState.FAILED, server.state());
        assertEquals(AlertDescription.HANDSHAKE_FAILURE, server.failure().alert());
        assertEquals(EngineState.FAILED, client.state());
        assertTrue(client.failure().isReceivedFromPeer());
        assertEquals(AlertDescription.HANDSHAKE_FAILURE, client.failure().alert());
    }

    private static List<Extension> without(List<Extension> ext, ExtensionType type) {
        List<Extension> out = new ArrayList<>();
        for (Extension e : ext) {
            if (e.type() != type.code()) {
                out.add(e);
            }
        }
        return out;
    }
}
