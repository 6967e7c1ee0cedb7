package org.dtls4j.interop.soak;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What both ends of one soak session share, found by the session id every datagram carries: the
 * server learns which client a connection belongs to from the first intact datagram, and whether
 * that client is still there when the server ends the connection by a rule (idle timeout, a new
 * association from the same address, RFC 6347 §4.2.8).
 */
final class SessionRecord {
    final long id;
    final boolean lossy;
    /** Client to server; checked by the server. */
    final Stream toServer;
    /** Server to client; checked by the client. */
    final Stream toClient;
    /** Set by the client when its session ended for whatever reason, before it says so on the wire. */
    volatile boolean gone;
    /** When the server's application last read an intact datagram of this session (nanoTime). */
    volatile long serverHeardAt;
    /** When the record may be forgotten, once gone (nanoTime). */
    volatile long forgetAt = Long.MAX_VALUE;

    SessionRecord(long id, boolean lossy) {
        this.id = id;
        this.lossy = lossy;
        this.toServer = new Stream(id);
        this.toClient = new Stream(id);
    }

    /** "lossy" or "direct", the suffix of per-path counters. */
    String path() {
        return lossy ? "lossy" : "direct";
    }

    /** Live and recently gone sessions by id. */
    static final class Registry {
        private final Map<Long, SessionRecord> byId = new ConcurrentHashMap<>();

        void add(SessionRecord r) {
            byId.put(r.id, r);
        }

        SessionRecord get(long id) {
            return byId.get(id);
        }

        /** Forgets the records gone long enough that no server connection can still ask for them. */
        void purge(long now) {
            byId.values().removeIf(r -> r.gone && now - r.forgetAt >= 0);
        }

        int size() {
            return byId.size();
        }
    }
}
