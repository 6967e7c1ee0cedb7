package org.dtls4j.handshake.engine;

import java.net.SocketAddress;

/**
 * Where the peer is (RFC 9146 §6). Without Connection IDs an association is its address, and a
 * datagram from elsewhere never moves it. With them, a record can come from a new address after a
 * NAT rebinding, but a record can also be replayed from anywhere, so the address moves only when a
 * datagram from the new address carried a record that
 * <ol>
 *   <li>authenticated under the association's keys, and</li>
 *   <li>is newer than every record received before (RFC 9146 §6: "the receiver MUST NOT update
 *       the peer's address unless ... the datagram is newer"): a higher epoch, or a higher
 *       sequence number in the same epoch.</li>
 * </ol>
 * A replay fails the replay window; a genuine record held back by an attacker and sent from
 * elsewhere authenticates but is older. Neither moves the association. Not thread-safe: one per
 * connection.
 */
final class PeerAddress {
    private final EngineCounters counters;
    private final Trace trace;
    private SocketAddress current;
    /** Whether the peer puts our non-empty CID into its records: known once the handshake completed. */
    private boolean cidInUse;

    PeerAddress(EngineCounters counters, Trace trace) {
        this.counters = counters;
        this.trace = trace;
    }

    /** The peer's address: the first source seen, moved by the rule above; null before any. */
    SocketAddress current() {
        return current;
    }

    /** The handshake agreed on Connection IDs, with a non-empty one of ours: addresses may move. */
    void connectionIdsInUse(boolean inUse) {
        cidInUse = inUse;
    }

    /**
     * A datagram came from {@code source} (null when the caller routes by address and does not say).
     *
     * @param newest whether the datagram carried an authenticated record newer than any before
     */
    void onDatagram(SocketAddress source, boolean newest) {
        if (source == null) {
            return;
        }
        if (current == null) {
            current = source;
            return;
        }
        if (source == current || source.equals(current)) { // a transport may pass the same object each time
            return;
        }
        if (cidInUse && newest) {
            SocketAddress old = current;
            current = source;
            counters.addressUpdates++;
            trace.line(() -> "peer address changed from " + old + " to " + source + " (RFC 9146 §6)");
        } else {
            counters.addressUpdatesRefused++;
        }
    }
}
