package org.dtls4j.handshake.negative;

import static org.dtls4j.handshake.negative.Outcomes.assertFatal;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.SrtpProfile;
import org.dtls4j.handshake.TestPeers;
import org.dtls4j.handshake.TestPeers.Auth;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.extension.Extension;
import org.dtls4j.handshake.extension.ExtensionType;
import org.dtls4j.handshake.extension.UseSrtp;
import org.junit.jupiter.api.Test;

/**
 * use_srtp answers a client must refuse (RFC 5764 §4.1.1): a profile it did not offer, more than one
 * profile, an MKI it did not send (illegal_parameter), malformed data (decode_error), use_srtp it
 * never offered (unsupported_extension); and a malformed offer at the server (decode_error).
 */
class SrtpRefusalTest {
    private static final CipherSuite ECDSA = Peers.ECDSA;
    private static final SrtpProfile CM80 = SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_80;

    private static ScriptedServer afterHello(DtlsConfig config) {
        ScriptedServer s = Peers.scriptedServer(Peers.client(config), ECDSA);
        s.receive();
        return s;
    }

    private static void answer(ScriptedServer s, Extension useSrtp) {
        List<Extension> ext = new ArrayList<>(s.hello().extensions().list());
        ext.add(useSrtp);
        s.send(s.serverHello(s.hello(ECDSA.id(), ext)));
    }

    private static ScriptedServer offering(SrtpProfile... profiles) {
        return afterHello(TestPeers.client(ECDSA, Auth.SERVER).srtpProfiles(profiles).build());
    }

    @Test
    void aProfileNotOfferedIsAnIllegalParameter() {
        ScriptedServer s = offering(CM80);
        answer(s, UseSrtp.of(List.of(SrtpProfile.SRTP_AEAD_AES_128_GCM.code())).toExtension());
        assertFatal(s, AlertDescription.ILLEGAL_PARAMETER);
        assertTrue(s.engine().failure().getMessage().contains("SRTP"), s.engine().failure().getMessage());
    }

    @Test
    void twoProfilesAreAnIllegalParameter() {
        ScriptedServer s = offering(CM80, SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_32);
        answer(s, UseSrtp.of(List.of(CM80.code(), SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_32.code())).toExtension());
        assertFatal(s, AlertDescription.ILLEGAL_PARAMETER);
    }

    /** RFC 5764 §4.1.1: "a nonzero-length MKI in the server's response that is different than the one the client offered". */
    @Test
    void anMkiWeDidNotSendIsAnIllegalParameter() {
        ScriptedServer s = offering(CM80);
        answer(s, new UseSrtp(List.of(CM80.code()), new byte[] {1}).toExtension());
        assertFatal(s, AlertDescription.ILLEGAL_PARAMETER);
    }

    @Test
    void malformedUseSrtpIsADecodeError() {
        ScriptedServer s = offering(CM80);
        answer(s, new Extension(ExtensionType.USE_SRTP.code(), new byte[] {0, 3, 0, 1, 0, 0}));
        assertFatal(s, AlertDescription.DECODE_ERROR);
    }

    @Test
    void useSrtpNeverOfferedIsAnUnsupportedExtension() {
        ScriptedServer s = afterHello(TestPeers.client(ECDSA, Auth.SERVER).build());
        answer(s, UseSrtp.of(List.of(CM80.code())).toExtension());
        assertFatal(s, AlertDescription.UNSUPPORTED_EXTENSION);
    }

    @Test
    void aMalformedOfferIsADecodeErrorAtTheServer() {
        DtlsEngine server = Peers.server(TestPeers.server(ECDSA, Auth.SERVER).srtpProfiles(CM80).build());
        ScriptedClient c = Peers.scriptedClient(server, ECDSA);
        List<Extension> ext = new ArrayList<>(c.defaultExtensions());
        ext.add(new Extension(ExtensionType.USE_SRTP.code(), new byte[] {0, 0, 0}));
        c.send(c.clientHello(c.hello(ext)));
        assertFatal(c, AlertDescription.DECODE_ERROR);
    }
}
