package org.dtls4j.handshake.negative;

import static org.dtls4j.handshake.negative.Outcomes.assertConnected;
import static org.dtls4j.handshake.negative.Outcomes.assertFatal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.ClientAuth;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.TestPeers;
import org.dtls4j.handshake.TestPeers.Auth;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.extension.Extension;
import org.dtls4j.handshake.extension.ExtensionType;
import org.dtls4j.handshake.extension.MaxFragmentLength;
import org.dtls4j.handshake.extension.RecordSizeLimit;
import org.dtls4j.handshake.message.ServerHello;
import org.junit.jupiter.api.Test;

/**
 * The rules of max_fragment_length (RFC 6066 §4) and record_size_limit (RFC 8449 §4, §5), each
 * against one engine driven by a scripted peer that can send what no honest peer would: values out
 * of range, both answers at once, records over the agreed limit.
 */
class RecordSizeNegotiationTest {
    private static final CipherSuite PSK = Peers.PSK;
    private static final byte[] MFL_512 = MaxFragmentLength.ofLength(512).encode();

    private static List<Extension> with(List<Extension> ext, Extension... more) {
        List<Extension> out = new ArrayList<>(ext);
        out.addAll(List.of(more));
        return out;
    }

    private static Optional<Extension> answered(ScriptedClient c, ExtensionType type) {
        return c.serverHelloReceived().extensions().find(type);
    }

    /** The connected engine failed with record_overflow and sent that fatal alert. */
    private static void assertRecordOverflow(ScriptedPeer peer) {
        List<PeerWire.Received> got = peer.receive();
        assertEquals(EngineState.FAILED, peer.engine().state());
        assertEquals(AlertDescription.RECORD_OVERFLOW, peer.engine().failure().alert());
        assertFalse(got.isEmpty(), "no alert on the wire");
        PeerWire.Received last = got.get(got.size() - 1);
        assertTrue(last.isFatalAlert() && last.alertDescription() == AlertDescription.RECORD_OVERFLOW.code(), last.toString());
        assertNull(peer.engine().pollApplicationData(), "the record was not delivered");
    }

    /** The scripted client finishes a PSK handshake the server engine started. */
    private static void completePsk(ScriptedClient c) {
        c.send(c.clientKeyExchange(), c.changeCipherSpec(), c.finished());
        c.receive();
        assertConnected(c);
    }

    // ------------------------------------------------------------------------------ server engine

    @Test
    void serverEchoesMaxFragmentLength() {
        DtlsEngine server = Peers.server(PSK, ClientAuth.NONE);
        ScriptedClient c = Peers.scriptedClient(server, PSK);
        c.send(c.clientHello(c.hello(with(c.defaultExtensions(), Extension.of(ExtensionType.MAX_FRAGMENT_LENGTH, MFL_512)))));
        c.receive();
        assertEquals(new MaxFragmentLength(1).toExtension(), answered(c, ExtensionType.MAX_FRAGMENT_LENGTH).orElseThrow());
        assertFalse(answered(c, ExtensionType.RECORD_SIZE_LIMIT).isPresent());
        completePsk(c);
    }

    /** RFC 6066 §4: a value "other than the allowed values" is illegal_parameter. */
    @Test
    void serverRefusesAnUndefinedMaxFragmentLength() {
        for (int code : new int[] {0, 5, 255}) {
            DtlsEngine server = Peers.server(PSK, ClientAuth.NONE);
            ScriptedClient c = Peers.scriptedClient(server, PSK);
            c.send(c.clientHello(c.hello(with(c.defaultExtensions(),
                    Extension.of(ExtensionType.MAX_FRAGMENT_LENGTH, new byte[] {(byte) code})))));
            assertFatal(c, AlertDescription.ILLEGAL_PARAMETER);
            assertTrue(server.failure().getMessage().contains("max_fragment_length value " + code), server.failure().getMessage());
        }
    }

    @Test
    void serverAnswersRecordSizeLimitWithItsOwnOr2To14() {
        DtlsEngine plain = Peers.server(PSK, ClientAuth.NONE);
        ScriptedClient c = Peers.scriptedClient(plain, PSK);
        c.send(c.clientHello(c.hello(with(c.defaultExtensions(), new RecordSizeLimit(256).toExtension()))));
        c.receive();
        assertEquals(new RecordSizeLimit(1 << 14).toExtension(), answered(c, ExtensionType.RECORD_SIZE_LIMIT).orElseThrow(),
                "RFC 8449 §4: endpoints SHOULD advertise it even with no need to limit");

        DtlsEngine limited = Peers.server(TestPeers.server(PSK, Auth.SERVER).recordSizeLimit(1000).build());
        ScriptedClient d = Peers.scriptedClient(limited, PSK);
        d.send(d.clientHello(d.hello(with(d.defaultExtensions(), new RecordSizeLimit(256).toExtension()))));
        d.receive();
        assertEquals(new RecordSizeLimit(1000).toExtension(), answered(d, ExtensionType.RECORD_SIZE_LIMIT).orElseThrow());
    }

    /** RFC 8449 §5: a server that supports record_size_limit "MUST ignore" a max_fragment_length beside it. */
    @Test
    void serverIgnoresMaxFragmentLengthBesideRecordSizeLimit() {
        DtlsEngine server = Peers.server(PSK, ClientAuth.NONE);
        ScriptedClient c = Peers.scriptedClient(server, PSK);
        c.send(c.clientHello(c.hello(with(c.defaultExtensions(),
                Extension.of(ExtensionType.MAX_FRAGMENT_LENGTH, new byte[] {9}), // undefined, and ignored
                new RecordSizeLimit(300).toExtension()))));
        c.receive();
        assertTrue(answered(c, ExtensionType.RECORD_SIZE_LIMIT).isPresent());
        assertFalse(answered(c, ExtensionType.MAX_FRAGMENT_LENGTH).isPresent());
        completePsk(c);
        server.send(new byte[300]);
        assertThrows(IllegalArgumentException.class, () -> server.send(new byte[301]));
    }

    /** RFC 8449 §4: "An endpoint MUST treat receipt of a smaller value as a fatal error". */
    @Test
    void serverRefusesARecordSizeLimitBelow64() {
        DtlsEngine server = Peers.server(PSK, ClientAuth.NONE);
        ScriptedClient c = Peers.scriptedClient(server, PSK);
        c.send(c.clientHello(c.hello(with(c.defaultExtensions(), new RecordSizeLimit(63).toExtension()))));
        assertFatal(c, AlertDescription.ILLEGAL_PARAMETER);
        assertTrue(server.failure().getMessage().contains("record_size_limit of 63"), server.failure().getMessage());
    }

    @Test
    void aMalformedRecordSizeLimitIsADecodeError() {
        DtlsEngine server = Peers.server(PSK, ClientAuth.NONE);
        ScriptedClient c = Peers.scriptedClient(server, PSK);
        c.send(c.clientHello(c.hello(with(c.defaultExtensions(), Extension.of(ExtensionType.RECORD_SIZE_LIMIT, new byte[] {1})))));
        assertFatal(c, AlertDescription.DECODE_ERROR);
    }

    /** A value above 2^14 is not refused by a server (RFC 8449 §4), and records stay within 2^14. */
    @Test
    void serverTakesALimitAbove2To14As2To14() {
        DtlsEngine server = Peers.server(TestPeers.server(PSK, Auth.SERVER).maxDatagramSize(20_000).build());
        ScriptedClient c = Peers.scriptedClient(server, PSK);
        c.send(c.clientHello(c.hello(with(c.defaultExtensions(), new RecordSizeLimit(0xFFFF).toExtension()))));
        c.receive();
        completePsk(c);
        assertEquals(1 << 14, server.maxApplicationDataSize());
    }

    /**
     * RFC 8449 §4: a DTLS endpoint that receives a record larger than its advertised limit "MAY
     * either generate a fatal "record_overflow" alert or discard the record". The record
     * authenticated, so the engine ends the connection.
     */
    @Test
    void serverEndsTheConnectionOnAProtectedRecordOverItsLimit() {
        DtlsEngine server = Peers.server(TestPeers.server(PSK, Auth.SERVER).recordSizeLimit(256).build());
        ScriptedClient c = Peers.scriptedClient(server, PSK);
        c.send(c.clientHello(c.hello(with(c.defaultExtensions(), new RecordSizeLimit(1 << 14).toExtension()))));
        c.receive();
        completePsk(c);
        c.send(c.applicationData(new byte[256]));
        assertEquals(256, server.pollApplicationData().remaining(), "a record at the limit is read");
        c.send(c.applicationData(new byte[257]));
        assertRecordOverflow(c);
        assertEquals("record of 257 plaintext bytes from the peer; the agreed limit is 256 [record_overflow]",
                server.failure().getMessage());
    }

    /** Without the extension in the ClientHello, a limit the server has is not agreed and not enforced. */
    @Test
    void aServerLimitWithoutTheClientsExtensionIsNotEnforced() {
        DtlsEngine server = Peers.server(TestPeers.server(PSK, Auth.SERVER).recordSizeLimit(256).build());
        ScriptedClient c = Peers.scriptedClient(server, PSK);
        c.send(c.clientHello());
        c.receive();
        assertFalse(answered(c, ExtensionType.RECORD_SIZE_LIMIT).isPresent());
        completePsk(c);
        c.send(c.applicationData(new byte[1000]));
        assertEquals(1000, server.pollApplicationData().remaining());
    }

    // ------------------------------------------------------------------------------ client engine

    private static ScriptedServer offeredTo(DtlsConfig client) {
        ScriptedServer s = Peers.scriptedServer(Peers.client(client), PSK);
        s.receive();
        return s;
    }

    private static DtlsConfig.Builder client() {
        return TestPeers.client(PSK, Auth.SERVER);
    }

    private static void answer(ScriptedServer s, Extension... extensions) {
        ServerHello sh = s.hello();
        s.send(s.serverHello(s.hello(sh.cipherSuite(), with(sh.extensions().list(), extensions))), s.serverHelloDone());
    }

    private static void completeAsServer(ScriptedServer s) {
        s.receive();
        s.send(s.changeCipherSpec(), s.finished());
        assertConnected(s);
    }

    @Test
    void clientOffersOnlyWhatIsConfigured() {
        ScriptedServer none = offeredTo(client().build());
        assertFalse(none.clientHello().extensions().contains(ExtensionType.MAX_FRAGMENT_LENGTH));
        assertFalse(none.clientHello().extensions().contains(ExtensionType.RECORD_SIZE_LIMIT));
        ScriptedServer both = offeredTo(client().maxFragmentLength(1024).recordSizeLimit(700).build());
        assertEquals(new MaxFragmentLength(2).toExtension(),
                both.clientHello().extensions().find(ExtensionType.MAX_FRAGMENT_LENGTH).orElseThrow());
        assertEquals(new RecordSizeLimit(700).toExtension(),
                both.clientHello().extensions().find(ExtensionType.RECORD_SIZE_LIMIT).orElseThrow());
    }

    /** RFC 6066 §4: a response "that differs from the length it requested" is illegal_parameter. */
    @Test
    void clientRefusesAnotherMaxFragmentLength() {
        ScriptedServer s = offeredTo(client().maxFragmentLength(512).build());
        answer(s, new MaxFragmentLength(2).toExtension());
        assertFatal(s, AlertDescription.ILLEGAL_PARAMETER);
        assertTrue(s.engine().failure().getMessage().contains("max_fragment_length=1024"), s.engine().failure().getMessage());
    }

    /** RFC 8449 §5: "A client MUST treat receipt of both ... as a fatal error". */
    @Test
    void clientRefusesBothAnswers() {
        ScriptedServer s = offeredTo(client().maxFragmentLength(512).recordSizeLimit(512).build());
        answer(s, new MaxFragmentLength(1).toExtension(), new RecordSizeLimit(512).toExtension());
        assertFatal(s, AlertDescription.ILLEGAL_PARAMETER);
    }

    @Test
    void clientRefusesARecordSizeLimitBelow64() {
        ScriptedServer s = offeredTo(client().recordSizeLimit(512).build());
        answer(s, new RecordSizeLimit(10).toExtension());
        assertFatal(s, AlertDescription.ILLEGAL_PARAMETER);
    }

    /** RFC 5246 §7.4.1.4: an answer to an extension the client did not send. */
    @Test
    void clientRefusesAnAnswerItDidNotAskFor() {
        ScriptedServer s = offeredTo(client().build());
        answer(s, new RecordSizeLimit(512).toExtension());
        assertFatal(s, AlertDescription.UNSUPPORTED_EXTENSION);
    }

    /**
     * The server's limit bounds what the client sends: a datagram at the limit goes, one byte over
     * is refused before anything is queued, and the exception names the limit.
     */
    @Test
    void clientKeepsToTheServersRecordSizeLimit() {
        ScriptedServer s = offeredTo(client().recordSizeLimit(1 << 14).build());
        answer(s, new RecordSizeLimit(300).toExtension());
        completeAsServer(s);
        DtlsEngine client = s.engine();
        assertEquals(300, client.maxApplicationDataSize());
        client.send(new byte[300]);
        s.receive();
        assertEquals(300, s.received().get(s.received().size() - 1).data().length);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> client.send(new byte[301]));
        assertEquals("application datagram of 301 bytes exceeds the maximum of 300: the negotiated record_size_limit"
                + " allows 300 plaintext bytes per record (RFC 8449 §4)", e.getMessage());
        assertNull(client.pollDatagram(), "nothing was sent");
        assertThrows(IllegalArgumentException.class, () -> client.send(ByteBuffer.allocateDirect(301)));
    }

    @Test
    void clientKeepsToAnEchoedMaxFragmentLength() {
        ScriptedServer s = offeredTo(client().maxFragmentLength(512).build());
        answer(s, new MaxFragmentLength(1).toExtension());
        completeAsServer(s);
        DtlsEngine client = s.engine();
        assertEquals(512, client.maxApplicationDataSize());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> client.send(new byte[513]));
        assertTrue(e.getMessage().contains("max_fragment_length allows 512") && e.getMessage().contains("RFC 6066 §4"),
                e.getMessage());
        s.send(s.applicationData(new byte[512]));
        assertEquals(512, client.pollApplicationData().remaining());
        s.send(s.applicationData(new byte[513]));
        assertRecordOverflow(s);
    }

    /** A server that ignores the request agreed on nothing: records of up to 2^14 bytes both ways. */
    @Test
    void aServerThatIgnoresTheRequestLeavesRecordsUnlimited() {
        ScriptedServer s = offeredTo(client().maxFragmentLength(512).build());
        answer(s);
        completeAsServer(s);
        s.send(s.applicationData(new byte[1000]));
        assertEquals(1000, s.engine().pollApplicationData().remaining());
        s.engine().send(new byte[1000]);
    }

    /** A server configuration has no max_fragment_length: it is the client's request. */
    @Test
    void maxFragmentLengthOnAServerIsRefusedWithTheReason() {
        DtlsConfig config = TestPeers.server(PSK, Auth.SERVER).maxFragmentLength(512).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, config::checkServer);
        assertTrue(e.getMessage().contains("recordSizeLimit"), e.getMessage());
    }

    @Test
    void theBuilderRefusesValuesOutsideTheRfcs() {
        for (int v : new int[] {-1, 256, 513, 8192}) {
            assertThrows(IllegalArgumentException.class, () -> client().maxFragmentLength(v).build(), "mfl " + v);
        }
        for (int v : new int[] {-1, 63, (1 << 14) + 1}) {
            assertThrows(IllegalArgumentException.class, () -> client().recordSizeLimit(v).build(), "rsl " + v);
        }
        client().maxFragmentLength(4096).recordSizeLimit(64).build();
    }
}
