package org.dtls4j.handshake;

import java.util.HexFormat;

/**
 * The Connection IDs a handshake agreed on (RFC 9146 §3): each side asks, in its hello, for the
 * CID it wants to find in the records it receives.
 *
 * @param ours  the CID the peer puts into the records it sends us; empty: it sends none
 * @param peers the CID we put into the records we send; empty: we send none
 */
public record ConnectionIds(byte[] ours, byte[] peers) {
    public ConnectionIds {
        ours = ours.clone();
        peers = peers.clone();
    }

    @Override
    public byte[] ours() {
        return ours.clone();
    }

    @Override
    public byte[] peers() {
        return peers.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectionIds c && java.util.Arrays.equals(ours, c.ours) && java.util.Arrays.equals(peers, c.peers);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(ours) + java.util.Arrays.hashCode(peers);
    }

    /** As in the trace: {@code ours=0a1b2c peers=(none)}. */
    @Override
    public String toString() {
        return "ours=" + hex(ours) + " peers=" + hex(peers);
    }

    private static String hex(byte[] b) {
        return b.length == 0 ? "(none)" : HexFormat.of().formatHex(b);
    }
}
