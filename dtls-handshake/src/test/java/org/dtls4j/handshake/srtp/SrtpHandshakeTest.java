package org.dtls4j.handshake.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.handshake.DeterministicRandom;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.Negotiated;
import org.dtls4j.handshake.SrtpKeyingMaterial;
import org.dtls4j.handshake.SrtpProfile;
import org.dtls4j.handshake.TestPeers;
import org.dtls4j.handshake.TestPeers.Auth;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.sim.CookieServer;
import org.dtls4j.handshake.sim.SimulatedLink;
import org.junit.jupiter.api.Test;

/** use_srtp negotiated between two engines (RFC 5764 §4.1.1) and the exporter on both ends (RFC 5705). */
class SrtpHandshakeTest {
    private static final long MINUTE = 60_000_000_000L;
    private static final CipherSuite SUITE = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
    private static final SrtpProfile CM80 = SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_80;
    private static final SrtpProfile GCM128 = SrtpProfile.SRTP_AEAD_AES_128_GCM;
    private static final SrtpProfile GCM256 = SrtpProfile.SRTP_AEAD_AES_256_GCM;

    private record Pair(DtlsEngine client, CookieServer server) {
        Negotiated c() { return client.negotiated(); }
        Negotiated s() { return server.engine().negotiated(); }
    }

    private static Pair connect(DtlsConfig.Builder client, DtlsConfig.Builder server, long seed) {
        return connect(DtlsEngine.client(client.build(), new DeterministicRandom(seed)), server, seed);
    }

    private static Pair connect(DtlsEngine c, DtlsConfig.Builder server, long seed) {
        CookieServer s = new CookieServer(server.build(), new DeterministicRandom(seed + 100));
        new SimulatedLink(c, s, seed).start().driveHandshake(MINUTE, 10_000);
        assertEquals(EngineState.CONNECTED, c.state(), () -> "client: " + c.failure());
        assertEquals(EngineState.CONNECTED, s.state(), () -> "server: " + s.engine().failure());
        return new Pair(c, s);
    }

    @Test
    void theServerPicksByItsOwnPreferenceAndBothDeriveTheSameKeys() {
        Pair p = connect(TestPeers.client(SUITE, Auth.SERVER).srtpProfiles(CM80, GCM128, GCM256),
                TestPeers.server(SUITE, Auth.SERVER).srtpProfiles(GCM256, CM80), 1);
        assertEquals(Optional.of(GCM256), p.c().srtpProfile());
        assertEquals(Optional.of(GCM256), p.s().srtpProfile());
        assertTrue(p.c().toString().contains("srtp=SRTP_AEAD_AES_256_GCM"), p.c().toString());

        SrtpKeyingMaterial c = SrtpKeyingMaterial.of(p.c());
        SrtpKeyingMaterial s = SrtpKeyingMaterial.of(p.s());
        assertEquals(32, c.clientMasterKey().length);
        assertEquals(12, c.serverMasterSalt().length);
        assertArrayEquals(c.localMasterKey(true), s.remoteMasterKey(false));
        assertArrayEquals(c.remoteMasterKey(true), s.localMasterKey(false));
        assertArrayEquals(c.localMasterSalt(true), s.remoteMasterSalt(false));
        assertFalse(Arrays.equals(c.clientMasterKey(), c.serverMasterKey()));
    }

    /** RFC 5764 §4.1.1: no profile in common, no use_srtp in the ServerHello: plain DTLS, and the application can tell. */
    @Test
    void noCommonProfileConnectsWithoutSrtp() {
        Pair p = connect(TestPeers.client(SUITE, Auth.SERVER).srtpProfiles(CM80),
                TestPeers.server(SUITE, Auth.SERVER).srtpProfiles(GCM128), 2);
        assertEquals(Optional.empty(), p.c().srtpProfile());
        assertEquals(Optional.empty(), p.s().srtpProfile());
        assertThrows(IllegalStateException.class, () -> SrtpKeyingMaterial.of(p.c()));
    }

    @Test
    void aServerWithoutSrtpIgnoresTheOfferAndAClientWithoutSrtpGetsNone() {
        Pair a = connect(TestPeers.client(SUITE, Auth.SERVER).srtpProfiles(CM80), TestPeers.server(SUITE, Auth.SERVER), 3);
        assertEquals(Optional.empty(), a.c().srtpProfile());
        Pair b = connect(TestPeers.client(SUITE, Auth.SERVER), TestPeers.server(SUITE, Auth.SERVER).srtpProfiles(CM80), 4);
        assertEquals(Optional.empty(), b.s().srtpProfile());
    }

    @Test
    void bothEndsExportTheSameBytesWithAndWithoutContext() {
        Pair p = connect(TestPeers.client(SUITE, Auth.SERVER), TestPeers.server(SUITE, Auth.SERVER), 5);
        assertTrue(p.c().extendedMasterSecret(), "EMS is on by default");
        for (byte[] context : new byte[][] {null, {}, {1, 2, 3}}) {
            assertArrayEquals(p.client().exportKeyingMaterial("EXPORTER-test", context, 77),
                    p.server().engine().exportKeyingMaterial("EXPORTER-test", context, 77));
        }
        assertFalse(Arrays.equals(p.client().exportKeyingMaterial("EXPORTER-test", null, 32),
                p.client().exportKeyingMaterial("EXPORTER-test", new byte[0], 32)));
        assertThrows(IllegalArgumentException.class, () -> p.client().exportKeyingMaterial("master secret", null, 48));
        assertThrows(IllegalArgumentException.class, () -> p.client().exportKeyingMaterial("key expansion", null, 40));
    }

    @Test
    void aResumedConnectionExportsWithItsOwnRandomsAndKeepsSrtp() {
        DtlsConfig.Builder server = TestPeers.server(SUITE, Auth.SERVER).srtpProfiles(CM80);
        DtlsConfig clientConfig = TestPeers.client(SUITE, Auth.SERVER).srtpProfiles(CM80).build();
        DtlsConfig serverConfig = server.build();
        DtlsEngine c1 = DtlsEngine.client(clientConfig, new DeterministicRandom(6));
        CookieServer s1 = new CookieServer(serverConfig, new DeterministicRandom(7));
        new SimulatedLink(c1, s1, 6).start().driveHandshake(MINUTE, 10_000);
        DtlsEngine c2 = DtlsEngine.client(clientConfig, new DeterministicRandom(8), c1.negotiated().session());
        CookieServer s2 = new CookieServer(serverConfig, new DeterministicRandom(9));
        new SimulatedLink(c2, s2, 7).start().driveHandshake(MINUTE, 10_000);
        assertTrue(c2.negotiated().resumed());
        assertEquals(Optional.of(CM80), c2.negotiated().srtpProfile());
        assertEquals(Optional.of(CM80), s2.engine().negotiated().srtpProfile());
        byte[] first = c1.exportKeyingMaterial(SrtpKeyingMaterial.EXPORTER_LABEL, null, 60);
        byte[] second = c2.exportKeyingMaterial(SrtpKeyingMaterial.EXPORTER_LABEL, null, 60);
        assertArrayEquals(second, s2.engine().exportKeyingMaterial(SrtpKeyingMaterial.EXPORTER_LABEL, null, 60));
        assertFalse(Arrays.equals(first, second), "new randoms, new keys");
    }

    @Test
    void nothingIsExportedBeforeTheHandshakeNorAfterClose() {
        DtlsEngine client = DtlsEngine.client(TestPeers.client(SUITE, Auth.SERVER).build(), new DeterministicRandom(10));
        IllegalStateException before = assertThrows(IllegalStateException.class,
                () -> client.exportKeyingMaterial("EXPORTER-test", null, 16));
        assertTrue(before.getMessage().contains("not completed"), before.getMessage());
        Pair p = connect(client, TestPeers.server(SUITE, Auth.SERVER), 10);
        Negotiated n = p.c();
        n.exportKeyingMaterial("EXPORTER-test", null, 16);
        p.client().close();
        assertThrows(IllegalStateException.class, () -> p.client().exportKeyingMaterial("EXPORTER-test", null, 16));
        assertThrows(IllegalStateException.class, () -> n.exportKeyingMaterial("EXPORTER-test", null, 16),
                "the Negotiated kept by the application is closed too");
        assertTrue(n.session().masterSecret().length == 48, "the session itself stays resumable");
    }

    @Test
    void configRefusesRepeatedProfiles() {
        assertThrows(IllegalArgumentException.class,
                () -> DtlsConfig.builder().srtpProfiles(List.of(CM80, CM80)).build());
    }
}
