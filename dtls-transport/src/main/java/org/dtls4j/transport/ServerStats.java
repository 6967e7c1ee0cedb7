package org.dtls4j.transport;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.dtls4j.handshake.cookie.CookieCounters;
import org.dtls4j.transport.io.DatagramLoop;

/**
 * The server's live counters: written by the receive thread and the workers, read from any thread as a
 * {@link ServerCounters} snapshot.
 */
final class ServerStats {
    enum Stat {
        GARBAGE, OVERSIZED, HANDSHAKES_STARTED, HANDSHAKES_COMPLETED, HANDSHAKES_FAILED, HANDSHAKE_TIMEOUTS,
        REFUSED_MAX_PEERS, REFUSED_MAX_HANDSHAKES, REFUSED_RATE, REFUSED_ACCEPT_QUEUE, IDLE_EVICTIONS,
        ASSOCIATIONS_REPLACED, KNOWN_PEER_HELLO_VERIFIES, CID_ADDRESS_UPDATES, CID_ADDRESS_UPDATES_REFUSED, CID_UNKNOWN,
        CID_COLLISIONS, REFUSED_BUSY, HANDSHAKE_DATAGRAMS_SHED, PEER_QUEUE_DROPS
    }

    private final AtomicLongArray values = new AtomicLongArray(Stat.values().length);
    private volatile int peers;
    private final AtomicInteger handshaking = new AtomicInteger();

    void increment(Stat s) {
        values.incrementAndGet(s.ordinal());
    }

    long get(Stat s) {
        return values.get(s.ordinal());
    }

    /** Peers held now; the receive thread, which owns the table, tells. */
    void peers(int now) {
        this.peers = now;
    }

    /** A handshake began (receive thread) or ended (its worker when it completed, else the receive thread). */
    void handshaking(int change) {
        handshaking.addAndGet(change);
    }

    int handshaking() {
        return handshaking.get();
    }

    int peers() {
        return peers;
    }

    ServerCounters snapshot(DatagramLoop loop, CookieCounters cookies) {
        long verifies = cookies == null ? 0 : cookies.verifies();
        long accepts = cookies == null ? 0 : cookies.accepts();
        long drops = cookies == null ? 0 : cookies.drops();
        return new ServerCounters(loop.datagramsIn(), loop.datagramsOut(), loop.sendFailures(), verifies, accepts, drops,
                get(Stat.GARBAGE), get(Stat.OVERSIZED), get(Stat.HANDSHAKES_STARTED), get(Stat.HANDSHAKES_COMPLETED),
                get(Stat.HANDSHAKES_FAILED), get(Stat.HANDSHAKE_TIMEOUTS), peers, handshaking.get(),
                get(Stat.REFUSED_MAX_PEERS), get(Stat.REFUSED_MAX_HANDSHAKES), get(Stat.REFUSED_RATE),
                get(Stat.REFUSED_ACCEPT_QUEUE), get(Stat.IDLE_EVICTIONS), get(Stat.ASSOCIATIONS_REPLACED),
                get(Stat.KNOWN_PEER_HELLO_VERIFIES), get(Stat.CID_ADDRESS_UPDATES), get(Stat.CID_ADDRESS_UPDATES_REFUSED),
                get(Stat.CID_UNKNOWN), get(Stat.REFUSED_BUSY), get(Stat.HANDSHAKE_DATAGRAMS_SHED),
                get(Stat.PEER_QUEUE_DROPS));
    }
}
