package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.dtls4j.handshake.ConnectionIds;
import org.dtls4j.interop.CidLink.Impl;
import org.dtls4j.interop.CidLink.Side;
import org.dtls4j.interop.DtlsPeer.Role;
import org.dtls4j.interop.RebindingRelay.Seen;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * dtls4j with Connection IDs against Eclipse Californium Scandium 3.13, the DTLS stack that
 * deploys them in the field, in both roles, through a {@link RebindingRelay} that does not rebind:
 * what crossed is read from the relay's capture, not from either peer.
 *
 * <ul>
 *   <li>RFC 9146 §3: each side asks, in the connection_id extension of its hello, for the cid it
 *       wants to find in the records it receives; a zero-length cid asks for none ("I will send
 *       yours"); a peer that does not offer the extension gets a session without cids.</li>
 *   <li>RFC 9146 §4: every record protected after the handshake that goes to a side which asked
 *       for a cid is a tls12_cid(25) record carrying that cid; records to a side which asked for
 *       none keep their real content type.</li>
 * </ul>
 *
 * The two sides ask for different lengths (dtls4j {@value #DTLS4J_CID}, Scandium
 * {@value #SCANDIUM_CID} bytes), so a cid put into the wrong direction shows. Certificate suites
 * authenticate both ways (Scandium's server requires a client certificate).
 */
class CidScandiumInteropTest {
    private static final int DTLS4J_CID = 4;
    private static final int SCANDIUM_CID = 6;
    /** Application datagrams each way after the first one, by size. */
    private static final int[] SIZES = {2, 64, 600, 1200, 40};
    private static final byte[] FIRST = "0 first\n".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Suite.class, names = {"TLS_PSK_WITH_AES_128_CCM_8", "TLS_PSK_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8"})
    void dtls4jClientToScandiumServer(Suite suite) throws Exception {
        exchange(suite, Role.CLIENT, DTLS4J_CID, SCANDIUM_CID);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Suite.class, names = {"TLS_PSK_WITH_AES_128_CCM_8", "TLS_PSK_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8"})
    void scandiumClientToDtls4jServer(Suite suite) throws Exception {
        exchange(suite, Role.SERVER, DTLS4J_CID, SCANDIUM_CID);
    }

    /** dtls4j asks for a zero-length cid: Scandium sends it plain records, dtls4j sends Scandium tls12_cid ones. */
    @ParameterizedTest(name = "dtls4j {0}")
    @EnumSource(Role.class)
    void dtls4jAskingForAnEmptyCidGetsPlainRecordsAndSendsScandiumsCid(Role dtls4jRole) throws Exception {
        exchange(Suite.TLS_PSK_WITH_AES_128_CCM_8, dtls4jRole, 0, SCANDIUM_CID);
    }

    /** Scandium does not offer the extension: a normal session, no tls12_cid record either way. */
    @ParameterizedTest(name = "dtls4j {0}")
    @EnumSource(Role.class)
    void aScandiumWithoutTheExtensionGetsANormalSession(Role dtls4jRole) throws Exception {
        exchange(Suite.TLS_PSK_WITH_AES_128_GCM_SHA256, dtls4jRole, DTLS4J_CID, -1);
    }

    private static void exchange(Suite suite, Role dtls4jRole, int dtls4jCid, int scandiumCid) throws Exception {
        Side dtls4j = new Side(Impl.DTLS4J, dtls4jCid);
        Side scandium = new Side(Impl.SCANDIUM, scandiumCid);
        boolean dtls4jServes = dtls4jRole == Role.SERVER;
        try (CidLink link = CidLink.open(suite, dtls4jServes ? scandium : dtls4j, dtls4jServes ? dtls4j : scandium,
                FIRST)) {
            link.exchange(suite.ordinal(), SIZES);

            Optional<ConnectionIds> negotiated = link.dtls4jConnectionIds(dtls4jRole);
            ScandiumPeer.Received atScandium = link.lastReceivedByScandium();
            byte[] toDtls4j = new byte[0];
            byte[] toScandium = new byte[0];
            if (scandiumCid < 0) {
                assertEquals(Optional.empty(), negotiated, "no connection_id extension from Scandium, no cids");
                assertNull(atScandium.readCid(), "Scandium reads without a cid");
            } else {
                ConnectionIds cids = negotiated.orElseThrow(() -> new AssertionError("no cids negotiated\n"
                        + link.diagnostics()));
                assertEquals(dtls4jCid, cids.ours().length, "the cid dtls4j asked for: " + cids);
                assertEquals(scandiumCid, cids.peers().length, "the cid Scandium asked for: " + cids);
                assertArrayEquals(cids.peers(), atScandium.readCid(), "Scandium reads with the cid dtls4j writes");
                assertArrayEquals(cids.ours(), orEmpty(atScandium.writeCid()), "Scandium writes the cid dtls4j reads");
                toDtls4j = cids.ours();
                toScandium = cids.peers();
            }
            List<Seen> seen = link.relay().seen();
            Role scandiumRole = dtls4jServes ? Role.CLIENT : Role.SERVER;
            CidCapture.assertRecordsCarry(seen, CidCapture.towards(dtls4jRole), toDtls4j, SIZES.length);
            CidCapture.assertRecordsCarry(seen, CidCapture.towards(scandiumRole), toScandium, SIZES.length);
        }
    }

    private static byte[] orEmpty(byte[] b) {
        return b == null ? new byte[0] : b;
    }
}
