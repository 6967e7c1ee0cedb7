package org.dtls4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import org.dtls4j.interop.RebindingRelay.Direction;
import org.dtls4j.interop.RebindingRelay.Seen;

/**
 * What a {@link RebindingRelay}'s capture says about Connection IDs, read from the wire and not
 * from either peer: whether the records protected after the handshake crossed as
 * tls12_cid(25) records carrying the CID their receiver asked for (RFC 9146 §4), and whether a
 * handshake started again (RFC 9146 §6: a moved peer is followed, not re-handshaken).
 */
final class CidCapture {

    private CidCapture() {
    }

    /** The direction of the datagrams that reach the peer playing {@code role}. */
    static Direction towards(DtlsPeer.Role role) {
        return role == DtlsPeer.Role.SERVER ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT;
    }

    /** Datagrams going {@code direction} whose first record is protected (epoch 1 or later). */
    static List<Seen> protectedDatagrams(List<Seen> seen, Direction direction) {
        return seen.stream().filter(s -> s.direction() == direction && s.firstEpoch() >= 1).toList();
    }

    /**
     * At least {@code atLeast} protected datagrams went {@code direction}, and each is a tls12_cid
     * record with {@code cid}; or, for an empty {@code cid} (the receiver asked for none, or no
     * CIDs were negotiated), none is: RFC 9146 §3, a zero-length CID means "send me none", and the
     * records keep their real content type in the header.
     */
    static void assertRecordsCarry(List<Seen> seen, Direction direction, byte[] cid, int atLeast) {
        List<Seen> sent = protectedDatagrams(seen, direction);
        assertTrue(sent.size() >= atLeast, "expected at least " + atLeast + " protected datagrams " + direction
                + ", saw " + sent.size() + ": " + seen);
        for (Seen s : sent) {
            if (cid.length == 0) {
                assertFalse(s.isCidRecord(), direction + ": no CID was asked for, yet a tls12_cid record: " + s);
            } else {
                assertTrue(s.isCidRecord(), direction + ": expected tls12_cid(25) records, got " + s);
                assertArrayEquals(cid, s.cid(cid.length), direction + ": the record's CID is not "
                        + HexFormat.of().formatHex(cid) + " (" + s + ")");
            }
        }
    }

    /** No epoch-0 handshake record from index {@code from} of the capture on: no handshake started again. */
    static void assertNoNewHandshake(List<Seen> seen, long from) {
        List<Seen> restarts = seen.stream().filter(s -> s.index() >= from && s.isEpochZeroHandshake()).toList();
        assertTrue(restarts.isEmpty(), "a new handshake started: " + restarts);
    }
}
