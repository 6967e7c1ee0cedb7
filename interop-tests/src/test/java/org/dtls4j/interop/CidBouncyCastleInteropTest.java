package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.tls.SecurityParameters;
import org.dtls4j.handshake.ConnectionIds;
import org.dtls4j.interop.CidLink.Impl;
import org.dtls4j.interop.CidLink.Side;
import org.dtls4j.interop.DtlsPeer.Role;
import org.dtls4j.interop.RebindingRelay.Seen;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * dtls4j with Connection IDs against Bouncy Castle's DTLS 1.2 (bctls 1.78.1, which implements RFC
 * 9146: a peer asks for the cid it wants through {@code getNewConnectionID}), in both roles,
 * through a {@link RebindingRelay} that does not rebind, whose capture shows what crossed.
 *
 * <ul>
 *   <li>RFC 9146 §3: each side asks in its hello for the cid it receives, and both sides must
 *       agree on both cids. Mind BC's names: {@code SecurityParameters.getConnectionIDPeer()} is
 *       the cid from BC's <em>own</em> hello, the one it reads (its {@code TlsAEADCipher} decrypts
 *       with it), and {@code getConnectionIDLocal()} the one from the peer's hello, which BC writes.
 *       A zero-length cid asks for none; a peer without the extension gets a session without
 *       cids.</li>
 *   <li>RFC 9146 §4: records protected after the handshake go to a side which asked for a cid as
 *       tls12_cid(25) records carrying it, and keep their real type otherwise.</li>
 * </ul>
 *
 * dtls4j asks for {@value #DTLS4J_CID} bytes and BC for {@value #BC_CID}, so a cid in the wrong
 * direction shows. Certificate suites authenticate both ways. BC runs over its JCA crypto with the
 * BC provider, which has AES-CCM (the JDK does not).
 */
class CidBouncyCastleInteropTest {
    private static final int DTLS4J_CID = 4;
    private static final int BC_CID = 5;
    private static final int[] SIZES = {2, 64, 600, 1200, 40};
    private static final byte[] FIRST = "0 first\n".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Suite.class, names = {"TLS_PSK_WITH_AES_128_CCM_8", "TLS_PSK_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8"})
    void dtls4jClientToBouncyCastleServer(Suite suite) throws Exception {
        exchange(suite, Role.CLIENT, DTLS4J_CID, BC_CID);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Suite.class, names = {"TLS_PSK_WITH_AES_128_CCM_8", "TLS_PSK_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8"})
    void bouncyCastleClientToDtls4jServer(Suite suite) throws Exception {
        exchange(suite, Role.SERVER, DTLS4J_CID, BC_CID);
    }

    /** dtls4j asks for a zero-length cid: BC sends it plain records, dtls4j sends BC tls12_cid ones. */
    @ParameterizedTest(name = "dtls4j {0}")
    @EnumSource(Role.class)
    void dtls4jAskingForAnEmptyCidGetsPlainRecordsAndSendsBouncyCastlesCid(Role dtls4jRole) throws Exception {
        exchange(Suite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, dtls4jRole, 0, BC_CID);
    }

    /** BC does not offer the extension: a normal session, no tls12_cid record either way. */
    @ParameterizedTest(name = "dtls4j {0}")
    @EnumSource(Role.class)
    void aBouncyCastleWithoutTheExtensionGetsANormalSession(Role dtls4jRole) throws Exception {
        exchange(Suite.TLS_PSK_WITH_AES_128_CCM_8, dtls4jRole, DTLS4J_CID, -1);
    }

    private static void exchange(Suite suite, Role dtls4jRole, int dtls4jCid, int bcCid) throws Exception {
        Side dtls4j = new Side(Impl.DTLS4J, dtls4jCid);
        Side bc = new Side(Impl.BC, bcCid);
        boolean dtls4jServes = dtls4jRole == Role.SERVER;
        Role bcRole = dtls4jServes ? Role.CLIENT : Role.SERVER;
        try (CidLink link = CidLink.open(suite, dtls4jServes ? bc : dtls4j, dtls4jServes ? dtls4j : bc, FIRST)) {
            link.exchange(suite.ordinal(), SIZES);

            Optional<ConnectionIds> negotiated = link.dtls4jConnectionIds(dtls4jRole);
            SecurityParameters atBc = ((BcDtlsPeer) link.peer(bcRole)).securityParameters();
            byte[] toDtls4j = new byte[0];
            byte[] toBc = new byte[0];
            if (bcCid < 0) {
                assertEquals(Optional.empty(), negotiated, "no connection_id extension from BC, no cids");
                assertNull(atBc.getConnectionIDLocal(), "BC reads without a cid");
                assertNull(atBc.getConnectionIDPeer(), "BC writes without a cid");
            } else {
                ConnectionIds cids = negotiated.orElseThrow(() -> new AssertionError("no cids negotiated\n"
                        + link.diagnostics()));
                assertEquals(dtls4jCid, cids.ours().length, "the cid dtls4j asked for: " + cids);
                assertEquals(bcCid, cids.peers().length, "the cid BC asked for: " + cids);
                assertArrayEquals(cids.peers(), atBc.getConnectionIDPeer(), "BC reads with the cid dtls4j writes");
                assertArrayEquals(cids.ours(), atBc.getConnectionIDLocal(), "BC writes the cid dtls4j reads");
                toDtls4j = cids.ours();
                toBc = cids.peers();
            }
            List<Seen> seen = link.relay().seen();
            CidCapture.assertRecordsCarry(seen, CidCapture.towards(dtls4jRole), toDtls4j, SIZES.length);
            CidCapture.assertRecordsCarry(seen, CidCapture.towards(bcRole), toBc, SIZES.length);
        }
    }
}
