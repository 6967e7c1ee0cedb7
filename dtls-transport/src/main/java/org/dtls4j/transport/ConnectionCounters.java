package org.dtls4j.transport;

import java.util.Map;

/**
 * A snapshot of one connection's counters: what the engine counted (RFC 6347 §4.1.2.7 asks that
 * silently discarded records be counted) plus what the transport did with its datagrams.
 *
 * @param datagramsIn          datagrams from the peer handed to the engine
 * @param datagramsOut         datagrams sent to the peer (handshake flights, records, alerts)
 * @param retransmissions      flights sent again (RFC 6347 §4.2.4), by timer or on the peer's retransmission
 * @param duplicateFragments   handshake fragments of messages already processed
 * @param badFragments         handshake fragments refused (malformed, inconsistent, over a reassembly cap)
 * @param discardedRecords     records the record layer discarded, all reasons together
 * @param recordDiscards       the same by reason (bad MAC, replay, wrong epoch, ...)
 * @param applicationSent      application datagrams protected and sent
 * @param applicationReceived  application datagrams decrypted
 * @param applicationDropped   application records the engine did not deliver (before the handshake
 *                             completed, wrong epoch, its own queue full)
 * @param receiveQueueDrops    application datagrams dropped because {@link DtlsConnection#receive()}
 *                             was not called fast enough and the receive queue was full
 */
public record ConnectionCounters(
        long datagramsIn,
        long datagramsOut,
        long retransmissions,
        long duplicateFragments,
        long badFragments,
        long discardedRecords,
        Map<String, Long> recordDiscards,
        long applicationSent,
        long applicationReceived,
        long applicationDropped,
        long receiveQueueDrops) {

    public ConnectionCounters {
        recordDiscards = Map.copyOf(recordDiscards);
    }
}
