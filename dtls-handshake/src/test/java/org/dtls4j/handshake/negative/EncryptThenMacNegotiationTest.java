package org.dtls4j.handshake.negative;

import static org.dtls4j.handshake.negative.Outcomes.assertConnected;
import static org.dtls4j.handshake.negative.Outcomes.assertFatal;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.DeterministicRandom;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.TestPeers;
import org.dtls4j.handshake.TestPeers.Auth;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.extension.EncryptThenMac;
import org.dtls4j.handshake.extension.Extension;
import org.dtls4j.handshake.extension.ExtensionType;
import org.dtls4j.handshake.message.ServerHello;
import org.dtls4j.handshake.sim.SimulatedLink;
import org.junit.jupiter.api.Test;

/**
 * encrypt_then_mac (RFC 7366) negotiation, both engines: a client offers it with its CBC suites, a
 * server answers it only when it selects a CBC suite (§2), and then the records are
 * encrypt-then-MAC (§3). MAC-then-encrypt happens only with a peer that lacks the extension and
 * only where the application allowed it; otherwise the handshake fails with handshake_failure.
 */
class EncryptThenMacNegotiationTest {
    private static final CipherSuite CBC_PSK = CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA256;
    private static final CipherSuite CBC_ECDSA = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA;
    private static final CipherSuite GCM_PSK = CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256;
    private static final byte[] PING = "ping".getBytes(StandardCharsets.US_ASCII);

    private static List<Extension> without(List<Extension> ext, ExtensionType type) {
        List<Extension> out = new ArrayList<>(ext);
        out.removeIf(e -> e.type() == type.code());
        return out;
    }

    private static List<Extension> with(List<Extension> ext, Extension e) {
        List<Extension> out = new ArrayList<>(ext);
        out.add(e);
        return out;
    }

    /** The scripted client completes a PSK handshake and sends one record of application data. */
    private static void completePsk(ScriptedClient c) {
        c.receive();
        c.send(c.clientKeyExchange(), c.changeCipherSpec(), c.finished());
        c.receive();
        assertConnected(c);
        assertTrue(c.serverFinishedVerified(), "the server's Finished, read under the negotiated protection");
        c.send(c.applicationData(PING));
        ByteBuffer got = c.engine().pollApplicationData();
        assertEquals(ByteBuffer.wrap(PING), got, "application data read under the negotiated protection");
    }

    // ------------------------------------------------------------------------------ server engine

    @Test
    void serverAnswersEncryptThenMacWhenItSelectsACbcSuite() {
        DtlsEngine server = Peers.server(CBC_PSK, org.dtls4j.handshake.ClientAuth.NONE);
        ScriptedClient c = Peers.scriptedClient(server, CBC_PSK);
        assertTrue(c.hello().extensions().contains(ExtensionType.ENCRYPT_THEN_MAC));
        c.send(c.clientHello());
        completePsk(c);
        assertTrue(server.negotiated().encryptThenMac());
        assertTrue(server.negotiated().toString().contains(" encrypt_then_mac"), server.negotiated().toString());
    }

    /** RFC 7366 §2: with an AEAD suite the server "MUST NOT send an encrypt-then-MAC response extension". */
    @Test
    void serverDoesNotAnswerEncryptThenMacWithAnAeadSuite() {
        DtlsEngine server = Peers.server(GCM_PSK, org.dtls4j.handshake.ClientAuth.NONE);
        ScriptedClient c = Peers.scriptedClient(server, GCM_PSK);
        c.send(c.clientHello(c.hello(with(c.defaultExtensions(), EncryptThenMac.INSTANCE.toExtension()))));
        completePsk(c);
        assertFalse(server.negotiated().encryptThenMac());
        assertFalse(server.negotiated().toString().contains("then"), server.negotiated().toString());
    }

    @Test
    void aClientWithoutEncryptThenMacGetsNoCbcSuiteByDefault() {
        DtlsEngine server = Peers.server(CBC_PSK, org.dtls4j.handshake.ClientAuth.NONE);
        ScriptedClient c = Peers.scriptedClient(server, CBC_PSK);
        c.send(c.clientHello(c.hello(without(c.defaultExtensions(), ExtensionType.ENCRYPT_THEN_MAC))));
        assertFatal(c, AlertDescription.HANDSHAKE_FAILURE);
        String why = server.failure().getMessage();
        assertTrue(why.contains("no cipher suite in common") && why.contains("encrypt_then_mac")
                && why.contains("allowMacThenEncrypt"), why);
    }

    /** Without encrypt_then_mac the server prefers an AEAD suite the client also offers over its CBC suite. */
    @Test
    void aClientWithoutEncryptThenMacGetsTheAeadSuiteItAlsoOffers() {
        DtlsEngine server = Peers.server(TestPeers.server(CBC_PSK, Auth.SERVER).cipherSuites(CBC_PSK, GCM_PSK).build());
        ScriptedClient c = new ScriptedClient(server, new DeterministicRandom(3), CBC_PSK, GCM_PSK)
                .withPsk(TestPeers.PSK_IDENTITY, TestPeers.PSK_KEY);
        c.send(c.clientHello(c.hello(without(c.defaultExtensions(), ExtensionType.ENCRYPT_THEN_MAC))));
        completePsk(c);
        assertEquals(GCM_PSK, server.negotiated().cipherSuite());
    }

    @Test
    void macThenEncryptWithAClientWithoutTheExtensionOnlyWhenAllowed() {
        DtlsEngine server = Peers.server(TestPeers.server(CBC_PSK, Auth.SERVER).allowMacThenEncrypt(true).build());
        ScriptedClient c = Peers.scriptedClient(server, CBC_PSK);
        c.send(c.clientHello(c.hello(without(c.defaultExtensions(), ExtensionType.ENCRYPT_THEN_MAC))));
        completePsk(c);
        assertEquals(CBC_PSK, server.negotiated().cipherSuite());
        assertFalse(server.negotiated().encryptThenMac());
        assertTrue(server.negotiated().toString().contains(" mac_then_encrypt"), server.negotiated().toString());
    }

    /** Allowing MAC-then-encrypt changes nothing for a client that offers encrypt_then_mac. */
    @Test
    void aClientWithTheExtensionGetsEncryptThenMacEvenWhereMacThenEncryptIsAllowed() {
        DtlsEngine server = Peers.server(TestPeers.server(CBC_PSK, Auth.SERVER).allowMacThenEncrypt(true).build());
        ScriptedClient c = Peers.scriptedClient(server, CBC_PSK);
        c.send(c.clientHello());
        completePsk(c);
        assertTrue(server.negotiated().encryptThenMac());
    }

    /** RFC 7366 §2: "The "extension_data" field of this extension SHALL be empty." */
    @Test
    void aMalformedExtensionIsADecodeError() {
        DtlsEngine server = Peers.server(CBC_PSK, org.dtls4j.handshake.ClientAuth.NONE);
        ScriptedClient c = Peers.scriptedClient(server, CBC_PSK);
        List<Extension> ext = without(c.defaultExtensions(), ExtensionType.ENCRYPT_THEN_MAC);
        c.send(c.clientHello(c.hello(with(ext, Extension.of(ExtensionType.ENCRYPT_THEN_MAC, new byte[] {0})))));
        assertFatal(c, AlertDescription.DECODE_ERROR);
    }

    // ------------------------------------------------------------------------------ client engine

    @Test
    void clientOffersTheExtensionExactlyWhenItOffersACbcSuite() {
        ScriptedServer cbc = Peers.scriptedServer(Peers.client(TestPeers.client(CBC_PSK, Auth.SERVER)
                .cipherSuites(GCM_PSK, CBC_PSK).build()), GCM_PSK);
        cbc.receive();
        assertTrue(cbc.clientHello().extensions().contains(ExtensionType.ENCRYPT_THEN_MAC));
        ScriptedServer aead = Peers.scriptedServer(Peers.client(GCM_PSK, Auth.SERVER), GCM_PSK);
        aead.receive();
        assertFalse(aead.clientHello().extensions().contains(ExtensionType.ENCRYPT_THEN_MAC));
    }

    @Test
    void clientConnectsEncryptThenMacWhenTheServerAnswers() {
        ScriptedServer s = Peers.scriptedServer(Peers.client(CBC_PSK, Auth.SERVER), CBC_PSK);
        s.receive();
        s.send(s.serverHello(), s.serverHelloDone());
        s.receive();
        s.send(s.changeCipherSpec(), s.finished());
        assertConnected(s);
        assertTrue(s.engine().negotiated().encryptThenMac());
        s.send(s.applicationData(PING));
        assertEquals(ByteBuffer.wrap(PING), s.engine().pollApplicationData());
    }

    /** A server that selects a CBC suite and leaves encrypt_then_mac out is refused: handshake_failure. */
    @Test
    void clientRefusesACbcSuiteWithoutEncryptThenMac() {
        ScriptedServer s = Peers.scriptedServer(Peers.client(CBC_PSK, Auth.SERVER), CBC_PSK);
        s.receive();
        ServerHello sh = s.hello();
        s.send(s.serverHello(s.hello(sh.cipherSuite(), without(sh.extensions().list(), ExtensionType.ENCRYPT_THEN_MAC))));
        assertFatal(s, AlertDescription.HANDSHAKE_FAILURE);
        String why = s.engine().failure().getMessage();
        assertEquals("server selected TLS_PSK_WITH_AES_128_CBC_SHA256 without encrypt_then_mac (RFC 7366), and"
                + " MAC-then-encrypt is not allowed (DtlsConfig.Builder.allowMacThenEncrypt) [handshake_failure]", why);
    }

    @Test
    void clientAcceptsMacThenEncryptWhenAllowed() {
        DtlsConfig config = TestPeers.client(CBC_PSK, Auth.SERVER).allowMacThenEncrypt(true).build();
        ScriptedServer s = Peers.scriptedServer(Peers.client(config), CBC_PSK);
        s.receive();
        ServerHello sh = s.hello();
        s.send(s.serverHello(s.hello(sh.cipherSuite(), without(sh.extensions().list(), ExtensionType.ENCRYPT_THEN_MAC))),
                s.serverHelloDone());
        s.receive();
        s.send(s.changeCipherSpec(), s.finished());
        assertConnected(s);
        assertFalse(s.engine().negotiated().encryptThenMac());
        s.send(s.applicationData(PING));
        assertEquals(ByteBuffer.wrap(PING), s.engine().pollApplicationData());
    }

    /** An answer to an AEAD suite breaks RFC 7366 §2 but changes nothing; it is ignored, as OpenSSL does. */
    @Test
    void anAnswerToAnAeadSuiteIsIgnored() {
        DtlsConfig config = TestPeers.client(CBC_PSK, Auth.SERVER).cipherSuites(GCM_PSK, CBC_PSK).build();
        ScriptedServer s = Peers.scriptedServer(Peers.client(config), GCM_PSK);
        s.receive();
        s.send(s.serverHello(s.hello(GCM_PSK.id(), with(s.hello().extensions().list(), EncryptThenMac.INSTANCE.toExtension()))),
                s.serverHelloDone());
        s.receive();
        s.send(s.changeCipherSpec(), s.finished());
        assertConnected(s);
        assertFalse(s.engine().negotiated().encryptThenMac());
    }

    /** RFC 5246 §7.4.1.4: an answer to an extension we did not send is unsupported_extension. */
    @Test
    void anAnswerWeDidNotAskForIsAnUnsupportedExtension() {
        ScriptedServer s = Peers.scriptedServer(Peers.client(GCM_PSK, Auth.SERVER), GCM_PSK);
        s.receive();
        s.send(s.serverHello(s.hello(GCM_PSK.id(), with(s.hello().extensions().list(), EncryptThenMac.INSTANCE.toExtension()))));
        assertFatal(s, AlertDescription.UNSUPPORTED_EXTENSION);
    }

    // ------------------------------------------------------------------------------ both engines

    /** dtls4j with dtls4j: encrypt-then-MAC, a certificate suite with SHA-1 MACs, data both ways. */
    @Test
    void twoEnginesAgreeOnEncryptThenMac() {
        DtlsEngine client = DtlsEngine.client(TestPeers.client(CBC_ECDSA, Auth.SERVER).build(), new DeterministicRandom(1));
        DtlsEngine server = DtlsEngine.serverWithoutCookie(TestPeers.server(CBC_ECDSA, Auth.SERVER).build(),
                new DeterministicRandom(2));
        new SimulatedLink(client, server, 1).start().driveHandshake(10_000_000_000L, 1000);
        assertEquals(EngineState.CONNECTED, client.state(), () -> "client: " + client.failure());
        assertEquals(EngineState.CONNECTED, server.state(), () -> "server: " + server.failure());
        assertTrue(client.negotiated().encryptThenMac());
        assertTrue(server.negotiated().encryptThenMac());
        client.send(PING);
        server.receive(client.pollDatagram(), 0);
        assertArrayEquals(PING, bytes(server.pollApplicationData()));
    }

    /** A resumed CBC session is encrypt-then-MAC again: the abbreviated hellos negotiate it anew. */
    @Test
    void aResumedSessionNegotiatesEncryptThenMacAgain() {
        DtlsConfig serverConfig = TestPeers.server(CBC_PSK, Auth.SERVER).build();
        DtlsConfig clientConfig = TestPeers.client(CBC_PSK, Auth.SERVER).build();
        DtlsEngine first = DtlsEngine.client(clientConfig, new DeterministicRandom(1));
        DtlsEngine server = DtlsEngine.serverWithoutCookie(serverConfig, new DeterministicRandom(2));
        new SimulatedLink(first, server, 1).start().driveHandshake(10_000_000_000L, 1000);
        assertEquals(EngineState.CONNECTED, first.state(), () -> "client: " + first.failure());

        DtlsEngine again = DtlsEngine.client(clientConfig, new DeterministicRandom(3), first.negotiated().session());
        DtlsEngine server2 = DtlsEngine.serverWithoutCookie(serverConfig, new DeterministicRandom(4));
        new SimulatedLink(again, server2, 2).start().driveHandshake(10_000_000_000L, 1000);
        assertEquals(EngineState.CONNECTED, again.state(), () -> "client: " + again.failure());
        assertTrue(again.negotiated().resumed());
        assertTrue(again.negotiated().encryptThenMac());
        assertTrue(server2.negotiated().encryptThenMac());
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
