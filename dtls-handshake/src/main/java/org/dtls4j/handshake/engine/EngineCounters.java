package org.dtls4j.handshake.engine;

import java.util.Map;

/**
 * What happened on one connection, for operators and tests (RFC 6347 §4.1.2.7 asks that silently
 * discarded records be counted). A snapshot: read it after the engine call it describes.
 */
public final class EngineCounters {
    long retransmissions;
    long duplicateFragments;
    long badFragments;
    long unexpectedRecords;
    long applicationSent;
    long applicationReceived;
    long applicationDropped;
    long afterClose;
    long oversizedDatagrams;
    long addressUpdates;
    long addressUpdatesRefused;
    Map<?, Long> recordDiscards = Map.of();

    EngineCounters() {
    }

    /** Flights sent again, by timer or because the peer retransmitted. */
    public long retransmissions() { return retransmissions; }
    /** Handshake fragments of messages already processed (the peer retransmitted). */
    public long duplicateFragments() { return duplicateFragments; }
    /** Handshake fragments refused: malformed, inconsistent, beyond a reassembly cap, or in a stale epoch. */
    public long badFragments() { return badFragments; }
    /** Records that made no sense in the current state (malformed alerts, unknown types). */
    public long unexpectedRecords() { return unexpectedRecords; }
    public long applicationSent() { return applicationSent; }
    public long applicationReceived() { return applicationReceived; }
    /** Application records not delivered: before the handshake completed, in a wrong epoch, queue full. */
    public long applicationDropped() { return applicationDropped; }
    /** Datagrams that arrived after the engine was closed or failed. */
    public long afterClose() { return afterClose; }
    /**
     * Datagrams in a direct buffer longer than {@code RecordHeader.MAX_RECORD_LENGTH}, discarded
     * unread rather than copied ({@code DtlsEngine.receive(ByteBuffer, SocketAddress, long)}).
     */
    public long oversizedDatagrams() { return oversizedDatagrams; }
    /** Times the peer's address moved: an authenticated, newer record under our CID came from there (RFC 9146 §6). */
    public long addressUpdates() { return addressUpdates; }
    /** Datagrams from another address that did not move the peer's address: replayed, forged, old or without a CID. */
    public long addressUpdatesRefused() { return addressUpdatesRefused; }
    /** Records the record layer discarded, by reason (RFC 6347 §4.1.2.7). */
    public Map<?, Long> recordDiscards() { return recordDiscards; }

    /** Sum of all discarded records. */
    public long discardedRecords() {
        long sum = 0;
        for (Long v : recordDiscards.values()) {
            sum += v;
        }
        return sum;
    }

    @Override
    public String toString() {
        return "retransmissions=" + retransmissions + " duplicateFragments=" + duplicateFragments
                + " badFragments=" + badFragments + " appSent=" + applicationSent + " appReceived=" + applicationReceived
                + " appDropped=" + applicationDropped + " discards=" + recordDiscards;
    }
}
