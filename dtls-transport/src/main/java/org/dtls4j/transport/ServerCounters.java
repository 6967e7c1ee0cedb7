package org.dtls4j.transport;

/**
 * A snapshot of a {@link DtlsServer}'s counters. Every datagram the server reads ends up in
 * exactly one place: a known peer's engine, the cookie exchange (RFC 6347 §4.2.1), or a drop
 * counter; every limit counts what it refused.
 *
 * @param datagramsIn             datagrams read from the socket
 * @param datagramsOut            datagrams written to the socket
 * @param sendFailures            datagrams that could not be written (socket buffer full, ...)
 * @param cookieVerifies          HelloVerifyRequests sent (ClientHello without or with a wrong cookie)
 * @param cookieAccepts           ClientHellos whose cookie verified
 * @param cookieDrops             datagrams from unknown peers the cookie exchange dropped (not a
 *                                ClientHello, malformed, fragmented, ...)
 * @param garbageDropped          datagrams from unknown peers dropped before any state existed:
 *                                the cookie exchange's drops, or, without cookies, anything that is
 *                                not an epoch-0 ClientHello
 * @param oversizedDropped        datagrams longer than the largest record,
 *                                {@link org.dtls4j.record.RecordHeader#MAX_RECORD_LENGTH} bytes
 *                                (RFC 5246 §6.2.3)
 * @param handshakesStarted       engines created for new peers
 * @param handshakesCompleted     handshakes that reached the connected state
 * @param handshakesFailed        handshakes that failed (alert sent or received, or timed out); each
 *                                is also reported to {@link DtlsServer#onHandshakeFailure}
 * @param handshakeTimeouts       of {@code handshakesFailed}, those that ran out of time
 * @param peers                   peers held now (handshaking or connected)
 * @param handshakesInProgress    of {@code peers}, those still handshaking
 * @param refusedMaxPeers         new peers ignored because {@link ServerOptions#maxPeers()} were held
 * @param refusedMaxHandshakes    new peers ignored because {@link ServerOptions#maxConcurrentHandshakes()} were running
 * @param refusedRate             new peers ignored by the per-address handshake rate limit
 * @param refusedAcceptQueue      established connections closed because the accept queue was full
 * @param idleEvictions           peers closed after {@link ServerOptions#idleTimeout()} of silence
 * @param associationsReplaced    connections replaced by a new association from the same address
 *                                and port (RFC 6347 §4.2.8)
 * @param knownPeerHelloVerifies  ClientHellos without a valid cookie from an address that has a
 *                                connection, answered with a HelloVerifyRequest while the
 *                                connection was left alone (RFC 6347 §4.2.8)
 * @param cidAddressUpdates       peers that moved to a new address, proven by an authenticated record
 *                                newer than any before under their Connection ID (RFC 9146 §6)
 * @param cidAddressUpdatesRefused datagrams with a known Connection ID from a new address that did
 *                                not move the peer: replayed, forged or older records
 * @param cidUnknownDropped       records with a Connection ID no connection has; dropped, never answered
 * @param refusedBusy             new peers ignored because the handshake workers were too far behind
 *                                (a handshake storm: the server sheds handshakes, not connections)
 * @param handshakeDatagramsShed  datagrams of handshaking peers dropped because the peer already had
 *                                {@code 8} waiting for its worker
 * @param peerQueueDrops          datagrams of connected peers dropped because the peer already had
 *                                {@code 64} waiting for its worker
 */
public record ServerCounters(
        long datagramsIn,
        long datagramsOut,
        long sendFailures,
        long cookieVerifies,
        long cookieAccepts,
        long cookieDrops,
        long garbageDropped,
        long oversizedDropped,
        long handshakesStarted,
        long handshakesCompleted,
        long handshakesFailed,
        long handshakeTimeouts,
        int peers,
        int handshakesInProgress,
        long refusedMaxPeers,
        long refusedMaxHandshakes,
        long refusedRate,
        long refusedAcceptQueue,
        long idleEvictions,
        long associationsReplaced,
        long knownPeerHelloVerifies,
        long cidAddressUpdates,
        long cidAddressUpdatesRefused,
        long cidUnknownDropped,
        long refusedBusy,
        long handshakeDatagramsShed,
        long peerQueueDrops) {
}
