package org.dtls4j.netty;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the handlers of one {@link DtlsServerGroup} saw and did, counted where it happens; live, and
 * safe to read from any thread. A flood is a set of numbers here, never a stream of events or log
 * lines.
 */
public final class DtlsServerCounters {

    /** The counted things. */
    public enum Stat {
        /** Datagrams read from the channel. */
        DATAGRAMS_IN,
        /** Datagrams longer than any record (RFC 5246 §6.2.3), dropped unread. */
        OVERSIZED,
        /** Datagrams from strangers that were no ClientHello (or, with cookies, no usable one): dropped. */
        GARBAGE,
        /** HelloVerifyRequests sent (RFC 6347 §4.2.1), to strangers and to known peers. */
        HELLO_VERIFY_REQUESTS,
        /** Bytes received from addresses with no state: the base of the amplification factor. */
        STRANGER_BYTES_IN,
        /** Bytes sent to addresses with no state (the HelloVerifyRequests): at most {@link #STRANGER_BYTES_IN}. */
        STRANGER_BYTES_OUT,
        /** Engines created: a verified cookie passed every limit. */
        HANDSHAKES_STARTED,
        HANDSHAKES_COMPLETED,
        /** Handshakes that failed, timeouts included; each one was a {@link DtlsEvent.HandshakeFailed}. */
        HANDSHAKES_FAILED,
        HANDSHAKE_TIMEOUTS,
        REFUSED_MAX_PEERS,
        REFUSED_MAX_HANDSHAKES,
        REFUSED_RATE,
        IDLE_EVICTIONS,
        /** Associations ended by a new one from the same address (RFC 6347 §4.2.8) or one that moved there. */
        ASSOCIATIONS_REPLACED,
        /** ClientHellos without a valid cookie from an address we hold a peer for: answered, nothing changed. */
        KNOWN_PEER_HELLO_VERIFIES,
        /** Peers that moved to a new address under their Connection ID (RFC 9146 §6). */
        CID_ADDRESS_UPDATES,
        /** tls12_cid records whose CID no connection of the group has: dropped unanswered. */
        CID_UNKNOWN,
        /** Datagrams handed to the event loop of another handler of the group that holds their CID. */
        CID_FORWARDED,
        /** Application writes refused: no connection with the recipient, or not established yet. */
        WRITES_REFUSED
    }

    private final AtomicLongArray counts = new AtomicLongArray(Stat.values().length);
    private final AtomicInteger peers = new AtomicInteger();
    private final AtomicInteger handshaking = new AtomicInteger();

    DtlsServerCounters() {
    }

    public long get(Stat stat) {
        return counts.get(stat.ordinal());
    }

    /** Peers held now: handshaking and connected, in every handler of the group. */
    public int peers() {
        return peers.get();
    }

    /** Handshakes in progress now. */
    public int handshaking() {
        return handshaking.get();
    }

    void increment(Stat stat) {
        counts.incrementAndGet(stat.ordinal());
    }

    void add(Stat stat, long n) {
        counts.addAndGet(stat.ordinal(), n);
    }

    /** Takes a place for a new peer if fewer than {@code max} are held. */
    boolean reservePeer(int max) {
        return reserve(peers, max);
    }

    /** Takes a place for a new handshake if fewer than {@code max} run. */
    boolean reserveHandshake(int max) {
        return reserve(handshaking, max);
    }

    void peerGone() {
        peers.decrementAndGet();
    }

    void handshakeOver() {
        handshaking.decrementAndGet();
    }

    private static boolean reserve(AtomicInteger count, int max) {
        for (int n = count.get(); n < max; n = count.get()) {
            if (count.compareAndSet(n, n + 1)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("peers=").append(peers()).append(" handshaking=").append(handshaking());
        for (Stat s : Stat.values()) {
            long n = get(s);
            if (n != 0) {
                b.append(' ').append(s.name().toLowerCase(java.util.Locale.ROOT)).append('=').append(n);
            }
        }
        return b.toString();
    }
}
